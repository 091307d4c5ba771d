import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMe } from '../../../../shared/api/schemas.ts';
import { call } from '../../api/client.ts';
import { queryClient, queryKeys } from '../../api/query.ts';
import { Notice } from '../../components/ui.tsx';
import './consent.css';

/**
 * The registration's second checkbox: marketing messages, optional and unticked, apart from
 * the terms (which are required). Transactional notices do not depend on it.
 */
export function MarketingConsent({ brand, checked, onChange }: { brand: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    <div className="checkbox-field">
      <label className="checkbox">
        <input type="checkbox" name="marketingOptIn" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hintId} />
        <span>{t('register.marketing', { brand })}</span>
      </label>
      <p id={hintId} className="consent-hint">
        {t('register.marketingHint')}
      </p>
    </div>
  );
}

/** The profile's switch for marketing messages: saved at once, said back in words. */
export function MarketingPreference({ me }: { me: TMe }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<'on' | 'off' | 'failed' | null>(null);
  const hintId = useId();
  const toggle = async (next: boolean) => {
    setBusy(true);
    setSaid(null);
    try {
      const updated = await call('updateProfile', { body: { marketingOptIn: next } });
      queryClient.setQueryData(queryKeys.me, updated);
      setSaid(next ? 'on' : 'off');
    } catch {
      setSaid('failed');
    } finally {
      setBusy(false);
    }
  };
  const what = t('profile.marketingTitle');
  return (
    <section className="card consent-card" aria-labelledby={`${hintId}-title`}>
      <label className="consent-switch">
        <span className="consent-switch__text">
          <strong id={`${hintId}-title`}>{what}</strong>
          <small id={hintId}>{t('profile.marketingHint')}</small>
        </span>
        <input
          type="checkbox"
          role="switch"
          name="marketingOptIn"
          checked={me.marketingOptIn}
          disabled={busy}
          onChange={(e) => void toggle(e.target.checked)}
          aria-label={t('profile.marketingToggle', { what })}
          aria-describedby={hintId}
        />
        <span className="consent-switch__track" aria-hidden="true" />
        <span className="consent-switch__state" aria-hidden="true">
          {me.marketingOptIn ? t('profile.marketingOn') : t('profile.marketingOff')}
        </span>
      </label>
      <div aria-live="polite">
        {said === 'on' ? <Notice kind="success">{t('profile.marketingSavedOn')}</Notice> : null}
        {said === 'off' ? <Notice kind="success">{t('profile.marketingSavedOff')}</Notice> : null}
        {said === 'failed' ? <Notice kind="error">{t('profile.marketingFailed')}</Notice> : null}
      </div>
    </section>
  );
}
