import './gifts.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TGiftView } from '../../../../shared/api/transfers.ts';
import { call, errorMessage } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { EmptyState, ErrorState, LoadingBlock, Notice, Skeleton, TabList } from '../../components/ui.tsx';
import { addStrings, useLanguage } from '../../i18n/index.ts';
import { couponUntil, formatDay, lastValidInstant } from '../../lib/dates.ts';
import { afterGiftChange, useGifts, type GiftTab } from './api.ts';
import { giftStrings } from './strings.ts';

addStrings(giftStrings);

const TABS: readonly GiftTab[] = ['received', 'sent'];
const IDS = { tab: (k: GiftTab) => `gifts-tab-${k}`, panel: 'gifts-panel' };

/** /app/gifts — 收到的禮物 (accept / decline) and 我送出的 (cancel while pending). */
export default function GiftsInbox() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: GiftTab = params.get('tab') === 'sent' ? 'sent' : 'received';
  const gifts = useGifts(tab);
  const { data: config } = useConfig();
  const [toast, setToast] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  return (
    <div className="stack gifts">
      <h1 className="page-title">{t('gifts.title')}</h1>
      <p className="muted">{t('gifts.intro')}</p>
      {gifts.data && !gifts.data.mobileVerified ? (
        <section className="card gift-card" aria-labelledby="gift-verify-title">
          <h2 id="gift-verify-title" className="section-title">{t('gifts.verify.title')}</h2>
          <p className="muted">{t('gifts.verify.body')}</p>
          <Link className="btn btn--primary btn--block" to="/app/profile">
            {t('gifts.verify.action')}
          </Link>
        </section>
      ) : null}
      <TabList label={t('gifts.title')} tabs={TABS} value={tab} onSelect={(k) => setParams(k === 'received' ? {} : { tab: k }, { replace: true })} ids={IDS} className="segments" tabClassName="segments__option">
        {(k) => (
          <>
            <span>{t(`gifts.tabs.${k}`)}</span>
            {k === 'received' && gifts.data?.pendingReceived ? <span className="segments__count">{gifts.data.pendingReceived}</span> : null}
          </>
        )}
      </TabList>
      {toast ? <Notice kind={toast.kind}>{toast.text}</Notice> : null}
      <section id="gifts-panel" role="tabpanel" aria-labelledby={IDS.tab(tab)}>
        {gifts.isPending || !config ? (
          <LoadingBlock>
            <div className="stack">
              <Skeleton height={150} radius={14} />
              <Skeleton height={150} radius={14} />
            </div>
          </LoadingBlock>
        ) : gifts.isError ? (
          <ErrorState title={t('gifts.loadFailed')} error={gifts.error} onRetry={() => void gifts.refetch()} />
        ) : gifts.data.items.length === 0 ? (
          <EmptyState icon="gift" title={t(`gifts.empty.${tab}Title`)} body={t(`gifts.empty.${tab}Body`)} link={{ to: '/app/wallet', label: t('wallet.title') }} />
        ) : (
          <ul className="gift-list">
            {gifts.data.items.map((g) => (
              <li key={g.id}>
                <GiftItem gift={g} timeZone={config.timezone} canAct={gifts.data.mobileVerified} onDone={setToast} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function GiftItem({ gift, timeZone, canAct, onDone }: { gift: TGiftView; timeZone: string; canAct: boolean; onDone: (toast: { kind: 'success' | 'error'; text: string }) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [busy, setBusy] = useState<null | 'accept' | 'decline' | 'cancel'>(null);
  const step = async (which: 'accept' | 'decline' | 'cancel') => {
    if (busy) return;
    if (which === 'decline' && !window.confirm(t('gifts.card.confirmDecline'))) return;
    if (which === 'cancel' && !window.confirm(t('gifts.pending.confirmCancel'))) return;
    setBusy(which);
    try {
      await call(which === 'accept' ? 'giftAccept' : which === 'decline' ? 'giftDecline' : 'giftCancel', { params: { id: gift.id } });
      if (which === 'accept') onDone({ kind: 'success', text: t('gifts.card.acceptedToast') });
    } catch (e) {
      onDone({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(null);
      afterGiftChange();
    }
  };
  const pending = gift.state === 'pending';
  return (
    <article className="card gift-item" aria-labelledby={`gift-${gift.id}`} style={{ borderTop: `6px solid ${gift.coupon.color}` }}>
      <div className="gift-item__head">
        <h2 id={`gift-${gift.id}`} className="gift-item__name">
          {gift.coupon.name}
        </h2>
        <span className={`gift-state gift-state--${gift.state}`}>{t(`gifts.state.${gift.state}`)}</span>
      </div>
      <p className="muted">
        {gift.direction === 'received' ? t('gifts.card.from', { name: gift.counterpart }) : t('gifts.card.to', { mobile: gift.counterpart })}
        {gift.coupon.uses > 1 ? ` · ${t('gifts.card.uses', { count: gift.coupon.uses })}` : ''}
      </p>
      <p>{gift.coupon.summary}</p>
      {gift.message ? <p className="gift-item__message">{gift.message}</p> : null}
      <p className="muted">
        {couponUntil(gift.coupon.validUntil, lang, (until) => t('gifts.card.validUntil', { date: formatDay(lastValidInstant(until), timeZone, lang) }))}
        {pending ? ` · ${t(gift.direction === 'received' ? 'gifts.card.returnAt' : 'gifts.card.sentReturnAt', { date: formatDay(gift.returnAt, timeZone, lang) })}` : ''}
      </p>
      {pending && gift.direction === 'received' ? (
        <div className="gift-actions">
          <button type="button" className="btn btn--secondary" onClick={() => void step('decline')} disabled={!!busy || !canAct}>
            {busy === 'decline' ? t('gifts.card.declining') : t('gifts.card.decline')}
          </button>
          <button type="button" className="btn btn--primary" onClick={() => void step('accept')} disabled={!!busy || !canAct}>
            {busy === 'accept' ? t('gifts.card.accepting') : t('gifts.card.accept')}
          </button>
        </div>
      ) : null}
      {pending && gift.direction === 'sent' ? (
        <button type="button" className="btn btn--secondary" onClick={() => void step('cancel')} disabled={!!busy}>
          {busy === 'cancel' ? t('gifts.pending.cancelling') : t('gifts.card.cancel')}
        </button>
      ) : null}
      {gift.coupon.id !== null && gift.state !== 'pending' ? (
        <Link className="btn btn--ghost" to={`/app/wallet/${gift.coupon.id}`}>
          {t('gifts.card.view')}
        </Link>
      ) : null}
    </article>
  );
}
