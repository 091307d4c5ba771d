import './claim.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TClaimable, TClaimResult } from '../../../../shared/api/campaigns.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient, useConfig } from '../../api/query.ts';
import { EmptyState, ErrorState, LoadingBlock, Skeleton } from '../../components/ui.tsx';
import { addStrings } from '../../i18n/index.ts';
import { afterClaim, claimKeys, refreshClaims, useClaimCentre, type ClaimCentreData } from './api.ts';
import { CodeCard } from './CodeCard.tsx';
import { Icon } from '../../components/Icon.tsx';
import { OfferCard } from './OfferCard.tsx';
import { claimStrings } from './strings.ts';
import { SuccessSheet } from './SuccessSheet.tsx';

// This chunk loads after i18n is set up (ClaimPage imports it lazily), so the strings can join now.
addStrings(claimStrings);

/**
 * The list as it is after a claim, until the server's fresh copy arrives: no window for a second
 * tap, and the points a claim took are gone from the balance and from what other offers can be paid with.
 */
function markClaimed(id: number, result: TClaimResult, labels: { claimed: string; short: string }): void {
  queryClient.setQueriesData<ClaimCentreData>({ queryKey: claimKeys.all }, (data) => {
    if (!data) return data;
    const balance = result.pointsBalance ?? data.points?.balance ?? null;
    return {
      points: data.points && balance !== null ? { balance } : data.points,
      items: data.items.map((item) => {
        const pointsShort = item.pointsCost !== null && balance !== null ? Math.max(0, item.pointsCost - balance) : item.pointsShort;
        if (item.id !== id) {
          if (pointsShort > 0 && item.canClaim) return { ...item, pointsShort, canClaim: false, reason: labels.short };
          return { ...item, pointsShort };
        }
        const claimedByMe = item.claimedByMe + 1;
        const remaining = item.remaining === null ? null : Math.max(0, item.remaining - 1);
        const full = claimedByMe >= item.perMemberLimit;
        const reason = full ? labels.claimed : remaining === 0 ? item.reason : pointsShort > 0 ? labels.short : item.reason;
        return { ...item, claimedByMe, remaining, pointsShort, canClaim: !full && remaining !== 0 && pointsShort === 0, reason };
      }),
    };
  });
}

/** 領券中心: redemption codes, the birthday pack and every offer the member may claim. */
export default function ClaimCentre() {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const claims = useClaimCentre();
  const [result, setResult] = useState<TClaimResult | null>(null);
  const [toast, setToast] = useState<{ key: number; message: string } | null>(null);
  // Ids with a claim on the way: a second tap before React re-renders must not send again.
  const inFlight = useRef(new Set<number>());
  const [pendingIds, setPendingIds] = useState<ReadonlySet<number>>(new Set());

  const setPending = (id: number, on: boolean) => {
    if (on) inFlight.current.add(id);
    else inFlight.current.delete(id);
    setPendingIds(new Set(inFlight.current));
  };

  // Not one shared useMutation: its per-call callbacks only fire for the latest call, and two
  // different offers may be claimed at once.
  const onClaim = async (item: TClaimable) => {
    if (inFlight.current.has(item.id) || !item.canClaim) return;
    setPending(item.id, true);
    setToast(null);
    try {
      const claimed = await call('claimCampaign', { params: { id: item.id } });
      markClaimed(item.id, claimed, { claimed: t('claimCentre.card.claimed'), short: t('claimCentre.points.short') });
      afterClaim();
      setResult(claimed);
    } catch (failure) {
      setToast({ key: Date.now(), message: errorMessage(failure) });
      // 已領完, 已領取, not open any more…: the list tells the truth again.
      if (!isApiError(failure) || failure.status !== 0) void refreshClaims();
    } finally {
      setPending(item.id, false);
    }
  };

  const closeSheet = useCallback(() => setResult(null), []);
  const dismissToast = useCallback(() => setToast(null), []);

  const items = claims.data?.items ?? [];
  const points = claims.data?.points ?? null;
  const birthday = items.filter((i) => i.isBirthday);
  const others = items.filter((i) => !i.isBirthday);
  const timeZone = config?.timezone ?? 'Asia/Taipei';
  const offerList = (offers: typeof items) => (
    <ul className="claim-list">
      {offers.map((item) => (
        <li key={item.id}>
          <OfferCard item={item} timeZone={timeZone} pending={pendingIds.has(item.id)} onClaim={(i) => void onClaim(i)} />
        </li>
      ))}
    </ul>
  );

  return (
    <div className="stack claim-page">
      <header>
        <h1 className="page-title">{t('claimCentre.title')}</h1>
        <p className="muted claim-page__intro">{t('claimCentre.intro')}</p>
      </header>

      <CodeCard onRedeemed={setResult} onSubmitted={dismissToast} />

      {points ? <PointsBalance balance={points.balance} /> : null}

      {claims.isPending ? (
        <LoadingBlock>
          <OffersSkeleton />
        </LoadingBlock>
      ) : claims.isError && !claims.data ? (
        <ErrorState error={claims.error} title={t('claimCentre.offers.loadFailed')} onRetry={() => void claims.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon="gift" title={t('claimCentre.offers.emptyTitle')} body={t('claimCentre.offers.emptyBody')} />
      ) : (
        <>
          {birthday.length > 0 ? (
            <section className="claim-birthday" aria-labelledby="claim-birthday-title">
              <div className="claim-birthday__head">
                <span className="claim-birthday__cake" aria-hidden="true">
                  <Icon name="cake" size={36} />
                </span>
                <div>
                  <h2 id="claim-birthday-title" className="claim-birthday__title">
                    {t('claimCentre.birthday.title')}
                  </h2>
                  <p className="claim-birthday__intro">{t('claimCentre.birthday.intro')}</p>
                </div>
              </div>
              {offerList(birthday)}
            </section>
          ) : null}
          {others.length > 0 ? (
            <section aria-labelledby="claim-offers-title">
              <h2 id="claim-offers-title" className="section-title claim-section-title">
                <Icon name="giftBundle" size={18} strokeWidth={1.9} />
                {t('claimCentre.offers.title')}
                <span className="claim-section-title__count">{t('claimCentre.offers.count', { count: others.length })}</span>
              </h2>
              {offerList(others)}
            </section>
          ) : null}
        </>
      )}

      <SuccessSheet result={result} onClose={closeSheet} />
      {toast ? <Toast key={toast.key} message={toast.message} onDismiss={dismissToast} /> : null}
    </div>
  );
}

/** 「我的點數 1,200 點」 above the offers when some cost points, with the way to the history. */
function PointsBalance({ balance }: { balance: number }) {
  const { t } = useTranslation();
  return (
    <section className="claim-points" aria-label={t('claimCentre.points.label')}>
      <span className="claim-points__icon icon-tile" aria-hidden="true">
        <Icon name="cash" size={18} strokeWidth={2} />
      </span>
      <p className="claim-points__text">
        {t('claimCentre.points.balanceLabel')}
        <strong className="claim-points__value" data-testid="claim-points-balance">
          {t('claimCentre.points.amount', { count: balance, formatted: balance.toLocaleString() })}
        </strong>
      </p>
      <Link to="/app/points" className="claim-points__link">
        {t('claimCentre.points.history')}
      </Link>
    </section>
  );
}

function Toast({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const timer = window.setTimeout(onDismiss, 6000);
    return () => window.clearTimeout(timer);
  }, [onDismiss]);
  return (
    <div className="claim-toast" role="alert">
      <Icon name="alert" size={20} strokeWidth={1.9} />
      <span className="claim-toast__text">{message}</span>
      <button type="button" className="claim-toast__close" onClick={onDismiss} aria-label={t('claimCentre.toast.dismiss')}>
        <Icon name="x" size={18} strokeWidth={1.9} />
      </button>
    </div>
  );
}

export function OffersSkeleton() {
  return (
    <div className="claim-list" aria-hidden="true">
      {[0, 1, 2].map((i) => (
        <div key={i} className="claim-offer notched claim-offer--skeleton">
          <Skeleton className="claim-offer__stub-skeleton" width={88} height="auto" radius={0} />
          <div className="claim-offer__body">
            <Skeleton width={64} height={20} radius={10} />
            <Skeleton width="75%" height={20} />
            <Skeleton width="55%" height={14} />
            <Skeleton width="40%" height={12} />
            <Skeleton height={48} radius={12} />
          </div>
        </div>
      ))}
    </div>
  );
}
