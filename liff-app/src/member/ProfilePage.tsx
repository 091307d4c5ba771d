import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n/index.ts';
import { useLocation } from 'react-router';
import type { TMe } from '../../../shared/api/schemas.ts';
import { call } from '../api/client.ts';
import { queryClient, queryKeys, useConfig, useContract, useMe } from '../api/query.ts';
import { FormActions, Notice } from '../components/ui.tsx';
import { Field } from '../components/Field.tsx';
import { formatBirthday, formatLongDate } from '../lib/dates.ts';
import { useForm } from '../lib/useForm.ts';
import { MarketingPreference } from './consent/MarketingConsent.tsx';
import { SendCodeButton, VerifyMobilePrompt } from './mobile/SendCodeButton.tsx';
import { InviteCard } from './invite/InviteCard.tsx';

export function ProfilePage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const location = useLocation();
  const { data: me } = useMe();
  const { data: config } = useConfig();
  // ?verify=1 (the prompts elsewhere) opens the editor at the number.
  const [editing, setEditing] = useState(() => new URLSearchParams(location.search).get('verify') === '1');
  const [saved, setSaved] = useState(false);
  const justRegistered = (location.state as { registered?: boolean } | null)?.registered === true;

  if (!me || !config) return null;

  return (
    <div className="stack">
      <h1 className="page-title">{t('profile.title')}</h1>
      {justRegistered && !editing && !saved ? <Notice kind="success">{t('register.done')}</Notice> : null}
      {saved && !editing ? <Notice kind="success">{t('profile.saved')}</Notice> : null}
      {editing ? (
        <ProfileEditor
          me={me}
          onDone={(didSave) => {
            setEditing(false);
            setSaved(didSave);
          }}
        />
      ) : (
        <section className="card">
          <dl className="data-list">
            <div>
              <dt>{t('profile.name')}</dt>
              <dd>{me.name ?? t('common.notSet')}</dd>
            </div>
            <div>
              <dt>{t('profile.mobile')}</dt>
              <dd>
                {me.mobile ?? t('common.notSet')}
                {me.mobile ? <span className={me.isMobileVerified ? 'mobile-badge' : 'mobile-badge mobile-badge--no'}>{me.isMobileVerified ? t('mobileVerify.profile.verified') : t('mobileVerify.profile.unverified')}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{t('profile.birthday')}</dt>
              <dd>{me.birthday ? formatBirthday(me.birthday, lang) : t('common.notSet')}</dd>
            </div>
            <div>
              <dt>{t('profile.lineName')}</dt>
              <dd>{me.displayName}</dd>
            </div>
            {me.registeredAt ? (
              <div>
                <dt>{t('profile.registeredAt')}</dt>
                <dd>{formatLongDate(me.registeredAt, config.timezone, lang)}</dd>
              </div>
            ) : null}
          </dl>
          <button
            type="button"
            className="btn btn--secondary btn--block"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t('common.edit')}
          </button>
        </section>
      )}
      {!editing && !me.isMobileVerified ? <VerifyMobilePrompt onAction={() => setEditing(true)} /> : null}
      {editing ? null : <MarketingPreference me={me} />}
      {editing ? null : <InviteCard />}
    </div>
  );
}

function ProfileEditor({ me, onDone }: { me: TMe; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const contract = useContract();
  const form = useForm({
    initial: { name: me.name ?? '', mobile: me.mobile ?? '', code: '' },
    schema: contract.data?.api.updateProfile.input,
    // Only what changed is sent; the birthday is not editable at all. A new number (or the
    // current one, not verified yet) goes with the SMS code sent to it.
    toInput: (values) => {
      const verifying = values.mobile !== (me.mobile ?? '') || (!me.isMobileVerified && values.code !== '');
      return {
        ...(values.name !== (me.name ?? '') ? { name: values.name } : {}),
        ...(verifying ? { mobile: values.mobile, ...(values.code !== '' ? { code: values.code } : {}) } : {}),
      };
    },
    submit: async (input) => {
      if (Object.keys(input as object).length === 0) return onDone(false);
      const updated = await call('updateProfile', { body: input as { name?: string; mobile?: string; code?: string } });
      queryClient.setQueryData(queryKeys.me, updated);
      onDone(true);
    },
  });

  return (
    <form ref={form.formRef} className="card form" onSubmit={form.onSubmit} noValidate aria-label={t('profile.editTitle')}>
      {form.formError ? <Notice kind="error">{form.formError}</Notice> : null}
      <Field label={t('profile.name')} {...form.field('name')} autoComplete="name" maxLength={60} />
      <Field label={t('profile.mobile')} {...form.field('mobile')} type="tel" inputMode="tel" autoComplete="tel-national" hint={t('mobileVerify.profile.changeHint')} />
      {form.values.mobile !== (me.mobile ?? '') || !me.isMobileVerified ? (
        <>
          <SendCodeButton mobile={form.values.mobile} />
          <Field label={t('mobileVerify.code.label')} {...form.field('code')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder={t('mobileVerify.code.placeholder')} hint={t('mobileVerify.code.hint')} />
        </>
      ) : null}
      <Field
        label={t('profile.birthday')}
        name="birthday"
        value={me.birthday ? formatBirthday(me.birthday, lang) : t('common.notSet')}
        readOnly
        aria-readonly="true"
        hint={t('profile.birthdayNote')}
        className="field--readonly"
      />
      <FormActions busy={form.submitting} cancelLabel={t('common.cancel')} onCancel={() => onDone(false)} submitLabel={t('common.save')} busyLabel={t('common.saving')} />
    </form>
  );
}
