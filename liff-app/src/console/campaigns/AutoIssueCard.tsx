import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { ErrorState, Notice, Skeleton, SwitchRow } from '../../components/ui.tsx';
import { campKeys, focusFirstInvalid, offerIds, offerValue, useBundles, useOfferTemplates } from './api.ts';
import { pickLanguage, useLanguage } from '../../i18n/index.ts';
import { OfferPicker } from './controls.tsx';

/** The welcome coupon or bundle on registration: off until the brand turns it on. */
export function AutoIssueCard() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rule = useQuery({ queryKey: campKeys.autoIssue, queryFn: () => call('consoleAutoIssue') });
  const templates = useOfferTemplates();
  const bundles = useBundles();
  const formRef = useRef<HTMLFormElement>(null);
  const [enabled, setEnabled] = useState(false);
  const [offer, setOffer] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  // The saved rule fills the form (again after each save).
  useEffect(() => {
    if (!rule.data) return;
    setEnabled(rule.data.enabled);
    setOffer(offerValue(rule.data));
  }, [rule.data]);

  const save = useMutation({
    mutationFn: () => call('consoleSetAutoIssue', { body: { enabled, ...offerIds(offer) } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(campKeys.autoIssue, saved);
      setMessage({ kind: 'success', text: saved.enabled ? t('camp.auto.saved') : t('camp.auto.savedOff') });
    },
    onError: (err) => {
      if (isApiError(err) && (err.field === 'templateId' || err.field === 'bundleId')) {
        setError(pickLanguage(err.fieldMessage, lang));
        focusFirstInvalid(formRef.current, 'templateId');
      } else setMessage({ kind: 'error', text: errorMessage(err) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (enabled && !offer) {
      setError(t('camp.form.noOffer'));
      focusFirstInvalid(formRef.current, 'templateId');
      return;
    }
    setError(undefined);
    save.mutate();
  };

  const dirty = rule.data ? rule.data.enabled !== enabled || offerValue(rule.data) !== offer : false;
  const savedOfferName = (() => {
    if (!rule.data) return null;
    if (rule.data.templateId) return templates.data?.items.find((x) => x.id === rule.data.templateId)?.name ?? null;
    if (rule.data.bundleId) return bundles.data?.items.find((x) => x.id === rule.data.bundleId)?.name ?? null;
    return null;
  })();

  return (
    <section className="panel camp-auto" aria-labelledby="camp-auto-title">
      <div className="panel__header">
        <h2 id="camp-auto-title">
          <Icon name="gift" size={20} />
          {t('camp.auto.title')}
        </h2>
        {rule.data ? <span className={`status ${rule.data.enabled ? 'status--on' : 'status--off'}`}>{rule.data.enabled ? t('camp.auto.on') : t('camp.auto.off')}</span> : null}
      </div>
      <p className="muted camp-auto__intro">{t('camp.auto.intro')}</p>
      {rule.isError ? (
        <ErrorState error={rule.error} onRetry={() => void rule.refetch()} />
      ) : !rule.data ? (
        <div className="camp-auto__form" aria-busy="true">
          <Skeleton height={56} radius={12} />
          <Skeleton height={48} radius={12} />
        </div>
      ) : (
        <form ref={formRef} className="camp-auto__form" onSubmit={submit} noValidate>
          <SwitchRow
            role="switch"
            checked={enabled}
            title={t('camp.auto.enabled')}
            hint={enabled ? t('camp.auto.enabledOn') : t('camp.auto.enabledOff')}
            onChange={(checked) => {
              setEnabled(checked);
              setMessage(null);
              if (!checked) setError(undefined);
            }}
          />
          <OfferPicker
            value={offer}
            onChange={(next) => {
              setOffer(next);
              setError(undefined);
              setMessage(null);
            }}
            error={error}
            label={t('camp.auto.offer')}
            allowNone
            hint={savedOfferName ? t('camp.auto.current', { offer: savedOfferName }) : t('camp.auto.currentNone')}
          />
          <div className="camp-auto__actions">
            {message ? <Notice kind={message.kind}>{message.text}</Notice> : <span className="muted">{dirty ? '' : t('camp.auto.unchanged')}</span>}
            <button type="submit" className="btn btn--primary" disabled={save.isPending || !dirty}>
              {save.isPending ? t('camp.auto.saving') : t('camp.auto.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
