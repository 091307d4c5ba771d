import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { TMe } from '../../../shared/api/schemas.ts';
import { call } from '../api/client.ts';
import { queryClient, queryKeys, useConfig, useContract, useMe } from '../api/query.ts';
import { Field, Notice } from '../components/ui.tsx';
import { formatBirthday, formatDate } from '../lib/format.ts';
import { useForm } from '../lib/useForm.ts';

export function ProfilePage() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me } = useMe();
  const { data: config } = useConfig();
  const [editing, setEditing] = useState(false);
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
              <dd>{me.mobile ?? t('common.notSet')}</dd>
            </div>
            <div>
              <dt>{t('profile.birthday')}</dt>
              <dd>{me.birthday ? formatBirthday(me.birthday) : t('common.notSet')}</dd>
            </div>
            <div>
              <dt>{t('profile.lineName')}</dt>
              <dd>{me.displayName}</dd>
            </div>
            {me.registeredAt ? (
              <div>
                <dt>{t('profile.registeredAt')}</dt>
                <dd>{formatDate(me.registeredAt, config.timezone)}</dd>
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
    </div>
  );
}

function ProfileEditor({ me, onDone }: { me: TMe; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const contract = useContract();
  const form = useForm({
    initial: { name: me.name ?? '', mobile: me.mobile ?? '' },
    schema: contract.data?.api.updateProfile.input,
    // Only what changed is sent; the birthday is not editable at all.
    toInput: (values) => ({
      ...(values.name !== (me.name ?? '') ? { name: values.name } : {}),
      ...(values.mobile !== (me.mobile ?? '') ? { mobile: values.mobile } : {}),
    }),
    submit: async (input) => {
      if (Object.keys(input as object).length === 0) return onDone(false);
      const updated = await call('updateProfile', { body: input as { name?: string; mobile?: string } });
      queryClient.setQueryData(queryKeys.me, updated);
      onDone(true);
    },
  });
  const { values, errors } = form;

  return (
    <form ref={form.formRef} className="card form" onSubmit={form.onSubmit} noValidate aria-label={t('profile.editTitle')}>
      {form.formError ? <Notice kind="error">{form.formError}</Notice> : null}
      <Field label={t('profile.name')} name="name" autoComplete="name" value={values.name} onChange={(e) => form.set('name', e.target.value)} error={errors.name} maxLength={60} />
      <Field
        label={t('profile.mobile')}
        name="mobile"
        type="tel"
        inputMode="tel"
        autoComplete="tel-national"
        value={values.mobile}
        onChange={(e) => form.set('mobile', e.target.value)}
        error={errors.mobile}
      />
      <Field
        label={t('profile.birthday')}
        name="birthday"
        value={me.birthday ? formatBirthday(me.birthday) : t('common.notSet')}
        readOnly
        aria-readonly="true"
        hint={t('profile.birthdayNote')}
        className="field--readonly"
      />
      <div className="form-actions">
        <button type="button" className="btn btn--secondary" onClick={() => onDone(false)} disabled={form.submitting}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={form.submitting}>
          {form.submitting ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
