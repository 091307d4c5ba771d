import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, isApiError } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Notice, Skeleton } from '../../components/ui.tsx';

const KEY = ['console', 'coupon-reminders'] as const;

/** 1–30 whole days, as the server accepts (shared/api/coupon-reminders.ts). */
const validDays = (text: string) => /^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 30;

/**
 * Coupon expiry reminders: on or off, and how many days before a coupon's last day. The
 * wording is the 「票券即將到期」 notification template.
 */
export function ReminderSettings() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: KEY, queryFn: () => call('consoleCouponReminders') });
  const [enabled, setEnabled] = useState(true);
  const [days, setDays] = useState('3');
  const [renewalDays, setRenewalDays] = useState('7');
  const [saved, setSaved] = useState(false);
  /** Shown once a save was tried with a value outside 1–30. */
  const [tried, setTried] = useState(false);
  const daysOk = !enabled || validDays(days);
  const renewalOk = validDays(renewalDays);
  useEffect(() => {
    if (!settings.data) return;
    setEnabled(settings.data.enabled);
    setDays(String(settings.data.daysBefore));
    setRenewalDays(String(settings.data.renewalDaysBefore));
  }, [settings.data]);
  const save = useMutation({
    // With reminders off the (disabled) expiry days keep what was saved if the field was left blank.
    mutationFn: () => call('consoleSaveCouponReminders', { body: { enabled, daysBefore: validDays(days) ? Number(days) : (settings.data?.daysBefore ?? 3), renewalDaysBefore: Number(renewalDays) } }),
    onSuccess: (data) => {
      queryClient.setQueryData(KEY, data);
      setSaved(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setTried(true);
    if (!daysOk || !renewalOk) return;
    save.mutate();
  };

  return (
    <section className="card cpn-reminders" aria-labelledby="cpn-reminders-title">
      <h2 id="cpn-reminders-title" className="section-title">
        {t('cpn.reminders.title')}
      </h2>
      <p className="field__hint">{t('cpn.reminders.intro')}</p>
      {settings.isPending ? (
        <Skeleton height={44} />
      ) : (
        <form className="cpn-reminders__form" onSubmit={submit}>
          <label className="switch-row">
            <input type="checkbox" data-field="reminders.enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            <span className="switch" aria-hidden="true" />
            <span>
              <strong>{t('cpn.reminders.enabled')}</strong>
              <small>{t('cpn.reminders.enabledHint')}</small>
            </span>
          </label>
          <label className="cpn-reminders__days">
            <span className="field__label">{t('cpn.reminders.daysBefore')}</span>
            <span className="cpn-reminders__days-row">
              <input className="field__input" inputMode="numeric" maxLength={2} data-field="reminders.daysBefore" disabled={!enabled} value={days} onChange={(e) => setDays(e.target.value.replace(/\D/g, ''))} aria-invalid={tried && !daysOk} aria-describedby={tried && !daysOk ? 'cpn-days-error' : undefined} />
              <span>{t('cpn.reminders.daysUnit')}</span>
            </span>
            {tried && !daysOk ? (
              <small id="cpn-days-error" className="field__error" role="alert">
                {t('cpn.reminders.daysRange')}
              </small>
            ) : null}
          </label>
          <label className="cpn-reminders__days">
            <span className="field__label">{t('cpn.reminders.renewalDaysBefore')}</span>
            <span className="cpn-reminders__days-row">
              <input className="field__input" inputMode="numeric" maxLength={2} data-field="reminders.renewalDaysBefore" value={renewalDays} onChange={(e) => setRenewalDays(e.target.value.replace(/\D/g, ''))} aria-invalid={tried && !renewalOk} aria-describedby={tried && !renewalOk ? 'cpn-renewal-error cpn-renewal-hint' : 'cpn-renewal-hint'} />
              <span>{t('cpn.reminders.daysUnit')}</span>
            </span>
            {tried && !renewalOk ? (
              <small id="cpn-renewal-error" className="field__error" role="alert">
                {t('cpn.reminders.daysRange')}
              </small>
            ) : null}
            <small id="cpn-renewal-hint" className="field__hint">{t('cpn.reminders.renewalHint')}</small>
          </label>
          <button type="submit" className="btn btn--primary" disabled={save.isPending}>
            {t('cpn.reminders.save')}
          </button>
          {save.isError ? <Notice kind="error">{isApiError(save.error) ? save.error.fieldMessage : t('errors.generic')}</Notice> : null}
          {saved && !save.isError ? <Notice kind="success">{t('cpn.reminders.saved')}</Notice> : null}
        </form>
      )}
    </section>
  );
}
