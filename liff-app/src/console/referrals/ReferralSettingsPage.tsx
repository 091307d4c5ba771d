import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TReferralSettings, TReferralSettingsInput } from '../../../../shared/api/referrals.ts';
import { call, errorMessage } from '../../api/client.ts';
import { Field, type ControlProps } from '../../components/Field.tsx';
import { ErrorState, Notice, Skeleton, SwitchRow } from '../../components/ui.tsx';
import { offerIds, offerValue, useBundles, useOfferTemplates } from '../campaigns/api.ts';
import { PageHeader } from '../shared.tsx';
import { refreshReferrals, useReferralSettings } from './api.ts';

interface Draft {
  enabled: boolean;
  trigger: TReferralSettings['trigger'];
  referrer: string;
  friend: string;
  cap: string;
}

const draftOf = (s: TReferralSettings): Draft => ({
  enabled: s.enabled,
  trigger: s.trigger,
  referrer: s.referrerReward ? offerValue(s.referrerReward) : '',
  friend: s.friendReward ? offerValue(s.friendReward) : '',
  cap: s.monthlyCap === null ? '' : String(s.monthlyCap),
});

/** /console/referrals — the referral programme: on or off, when rewards come, what each side gets, the monthly cap. */
export function ReferralSettingsPage() {
  const { t } = useTranslation();
  const settings = useReferralSettings();
  const templates = useOfferTemplates();
  const bundles = useBundles();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (settings.data && !draft) setDraft(draftOf(settings.data));
  }, [settings.data, draft]);
  if (settings.isError) return <ErrorState error={settings.error} title={t('ref.settings.loadFailed')} onRetry={() => void settings.refetch()} />;
  if (!draft) return <Skeleton height={320} />;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const offerOf = (value: string) => (value === '' ? null : offerIds(value));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const body: TReferralSettingsInput = {
      enabled: draft.enabled,
      trigger: draft.trigger,
      referrerReward: offerOf(draft.referrer),
      friendReward: offerOf(draft.friend),
      monthlyCap: draft.cap.trim() === '' ? null : Number(draft.cap),
    };
    try {
      const saved = await call('consoleSaveReferralSettings', { body });
      setDraft(draftOf(saved));
      await refreshReferrals();
      setMessage({ kind: 'success', text: t('ref.settings.saved') });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const activeTemplates = (templates.data?.items ?? []).filter((x) => x.status === 'active');
  const activeBundles = (bundles.data?.items ?? []).filter((b) => b.status === 'active');
  const offerSelect = (control: ControlProps, value: string, onChange: (v: string) => void) => (
    <select {...control} className="field__input" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('ref.settings.none')}</option>
      <optgroup label={t('ref.settings.templates')}>
        {activeTemplates.map((x) => (
          <option key={x.id} value={`t:${x.id}`}>
            {x.name}
          </option>
        ))}
      </optgroup>
      {activeBundles.length > 0 ? (
        <optgroup label={t('ref.settings.bundles')}>
          {activeBundles.map((b) => (
            <option key={b.id} value={`b:${b.id}`}>
              {b.name}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );

  return (
    <div className="stack">
      <PageHeader title={t('ref.settings.title')} intro={t('ref.settings.intro')}>
        <Link className="btn btn--secondary" to="/console/referrals/report">
          {t('ref.settings.toReport')}
        </Link>
      </PageHeader>
      <form className="card form ref-form" onSubmit={(e) => void submit(e)} aria-label={t('ref.settings.title')}>
        {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
        <SwitchRow checked={draft.enabled} onChange={(enabled) => set({ enabled })} title={t('ref.settings.enabled')} hint={t('ref.settings.enabledHint')} />
        <fieldset className="ref-form__trigger">
          <legend>{t('ref.settings.trigger')}</legend>
          {(['registration', 'first_redemption'] as const).map((trigger) => (
            <label key={trigger} className="radio">
              <input type="radio" name="trigger" value={trigger} checked={draft.trigger === trigger} onChange={() => set({ trigger })} />
              <span>{trigger === 'registration' ? t('ref.settings.triggerRegistration') : t('ref.settings.triggerFirstRedemption')}</span>
            </label>
          ))}
        </fieldset>
        <Field label={t('ref.settings.referrerReward')}>{(control) => offerSelect(control, draft.referrer, (referrer) => set({ referrer }))}</Field>
        <Field label={t('ref.settings.friendReward')}>{(control) => offerSelect(control, draft.friend, (friend) => set({ friend }))}</Field>
        <Field label={t('ref.settings.cap')} name="cap" type="number" inputMode="numeric" min={1} max={1000} value={draft.cap} onChange={(e) => set({ cap: e.target.value })} hint={t('ref.settings.capHint')} />
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('ref.settings.saving') : t('ref.settings.save')}
        </button>
      </form>
    </div>
  );
}
