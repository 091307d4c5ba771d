import { useTranslation } from 'react-i18next';
import { useRef } from 'react';
import { Navigate } from 'react-router';
import { call } from '../api/client.ts';
import { queryClient, queryKeys, useConfig, useContract, useMe } from '../api/query.ts';
import { Notice } from '../components/ui.tsx';
import { Field } from '../components/Field.tsx';
import { localDate } from '../lib/dates.ts';
import { useForm } from '../lib/useForm.ts';
import { MarketingConsent } from './consent/MarketingConsent.tsx';
import { SendCodeButton } from './mobile/SendCodeButton.tsx';
import { useInviteVisit } from './invite/useInviteVisit.ts';

export function RegisterPage() {
  const { t } = useTranslation();
  const completedHere = useRef(false);
  const { data: me } = useMe();
  const { data: config } = useConfig();
  const contract = useContract();
  // An invite link (?ref=…) opened by someone not registered yet: the first one counts.
  useInviteVisit(me && !me.isRegistered);
  const form = useForm({
    initial: { name: me?.name ?? me?.displayName ?? '', mobile: '', code: '', birthday: '', consent: false, marketingOptIn: false },
    schema: contract.data?.api.register.input,
    submit: async (input) => {
      const updated = await call('register', { body: input as { name: string; mobile: string; code: string; birthday: string; consent: true; marketingOptIn: boolean } });
      // The guard below then leads home, where the welcome shows what the member received.
      completedHere.current = true;
      queryClient.setQueryData(queryKeys.me, updated);
    },
  });

  if (!me || !config) return null;
  if (me.isRegistered) return completedHere.current ? <Navigate to="/app" replace state={{ registered: true }} /> : <Navigate to="/app" replace />;
  const { values, errors } = form;

  return (
    <div className="stack">
      <div>
        <h1 className="page-title">{t('register.title')}</h1>
        <p className="muted">{t('register.intro', { brand: config.brandName })}</p>
      </div>
      <form ref={form.formRef} className="card form" onSubmit={form.onSubmit} noValidate aria-label={t('register.title')}>
        {form.formError ? <Notice kind="error">{form.formError}</Notice> : null}
        <Field label={t('register.name')} {...form.field('name')} autoComplete="name" placeholder={t('register.namePlaceholder')} maxLength={60} />
        <Field label={t('register.mobile')} {...form.field('mobile')} type="tel" inputMode="tel" autoComplete="tel-national" placeholder={t('register.mobilePlaceholder')} hint={t('register.mobileHint')} />
        <SendCodeButton mobile={values.mobile} />
        <Field label={t('mobileVerify.code.label')} {...form.field('code')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder={t('mobileVerify.code.placeholder')} hint={t('mobileVerify.code.hint')} />
        <Field label={t('register.birthday')} {...form.field('birthday')} type="date" min="1900-01-01" max={localDate(new Date(), config.timezone)} hint={t('register.birthdayHint')} />
        <details className="terms">
          <summary>{t('register.termsToggle')}</summary>
          <p className="terms__body">{t('register.termsBody')}</p>
        </details>
        <div className={`checkbox-field ${errors.consent ? 'field--invalid' : ''}`}>
          <label className="checkbox">
            <input
              type="checkbox"
              name="consent"
              checked={values.consent}
              onChange={(e) => form.set('consent', e.target.checked)}
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={errors.consent ? 'consent-error' : undefined}
            />
            <span>{t('register.consent')}</span>
          </label>
          {errors.consent ? (
            <p id="consent-error" className="field__error" role="alert">
              {errors.consent}
            </p>
          ) : null}
        </div>
        <MarketingConsent brand={config.brandName} checked={values.marketingOptIn} onChange={(checked) => form.set('marketingOptIn', checked)} />
        <button type="submit" className="btn btn--primary btn--block btn--large" disabled={form.submitting}>
          {form.submitting ? t('register.submitting') : t('register.submit')}
        </button>
      </form>
    </div>
  );
}
