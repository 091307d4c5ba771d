import './wallet/wallet.css';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TWallet } from '../../../shared/api/coupons.ts';
import { useConfig } from '../api/query.ts';
import { Icon } from '../components/Icon.tsx';
import { EmptyState, ErrorState, LoadingBlock, Skeleton, SkeletonStack, TabList } from '../components/ui.tsx';
import { DETAIL_SKELETON, isWalletTab, useWallet, WALLET_TABS, type WalletTab } from './wallet/api.ts';
import { CouponTicket } from './wallet/CouponCard.tsx';

const loadDetail = () => import('./wallet/CouponDetailPage.tsx');
/** How long after the list shows the coupon detail's code is fetched unasked (see WalletPage). */
const DETAIL_PRELOAD_AFTER_MS = 5000;
const CouponDetailPage = lazy(() => loadDetail().then((m) => ({ default: m.CouponDetailPage })));

/** /app/wallet/:id in its own chunk (the QR and barcode libraries load with it). */
export function CouponDetailRoute() {
  return (
    <Suspense fallback={<DetailFallback />}>
      <CouponDetailPage />
    </Suspense>
  );
}

function DetailFallback() {
  return <SkeletonStack blocks={DETAIL_SKELETON} />;
}

const WALLET_IDS = { tab: (name: WalletTab) => `wallet-tab-${name}`, panel: 'wallet-panel' };
const TAB_LABEL = { active: 'wallet.tabActive', used: 'wallet.tabUsed', expired: 'wallet.tabExpired' } as const satisfies Record<WalletTab, string>;
const EMPTY = {
  active: { title: 'wallet.emptyTitle', body: 'wallet.emptyBody' },
  used: { title: 'wallet.emptyUsedTitle', body: 'wallet.emptyUsedBody' },
  expired: { title: 'wallet.emptyExpiredTitle', body: 'wallet.emptyExpiredBody' },
} as const satisfies Record<WalletTab, { title: string; body: string }>;

/** The member's coupons in three tabs (?tab=active|used|expired), soonest expiry first as the server sorts them. */
export function WalletPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: WalletTab = isWalletTab(tabParam) ? tabParam : 'active';
  const { data: config } = useConfig();
  const wallet = useWallet(tab);
  // Counts come with every tab's answer; keep the last ones while another tab loads.
  const lastCounts = useRef<TWallet['counts'] | null>(null);
  if (wallet.data) lastCounts.current = wallet.data.counts;
  const counts = wallet.data?.counts ?? lastCounts.current;
  // The member is about to open a coupon: fetch that page's code (the QR and barcode libraries,
  // the gift form) once the list has shown, at the first touch or key on the page or after a few
  // seconds of idle, whichever is first. Evaluating it is ~0.3 s of a slow phone's main thread,
  // which should not land in the seconds the member starts scrolling the list it just got
  // (issue 16 item 13: Lighthouse's Total Blocking Time); tapping a coupon loads it at once anyway.
  const listShown = Boolean(wallet.data);
  useEffect(() => {
    if (!listShown) return;
    let idle: number | undefined;
    const load = () => {
      stop();
      void loadDetail();
    };
    const onIdle = () => {
      if ('requestIdleCallback' in window) idle = window.requestIdleCallback(load, { timeout: 4000 });
      else load();
    };
    const timer = setTimeout(onIdle, DETAIL_PRELOAD_AFTER_MS);
    const events = ['pointerdown', 'keydown'] as const;
    events.forEach((name) => window.addEventListener(name, load, { passive: true, once: true }));
    function stop() {
      clearTimeout(timer);
      if (idle !== undefined) window.cancelIdleCallback(idle);
      events.forEach((name) => window.removeEventListener(name, load));
    }
    return stop;
  }, [listShown]);

  const select = (next: WalletTab) => setParams(next === 'active' ? {} : { tab: next }, { replace: true });

  return (
    <div className="stack wallet">
      <div className="wallet-head">
        <h1 className="page-title">{t('wallet.title')}</h1>
        <Link to="/app/gifts" className="btn btn--ghost btn--small">
          <Icon name="send" size={16} />
          {t('wallet.giftsLink')}
        </Link>
      </div>
      <TabList label={t('wallet.tabsLabel')} tabs={WALLET_TABS} value={tab} onSelect={select} ids={WALLET_IDS} className="segments wallet-tabs" tabClassName="segments__option wallet-tabs__tab">
        {(name) => (
          <>
            <span>{t(TAB_LABEL[name])}</span>
            <span className="segments__count wallet-tabs__count" aria-label={counts ? t('wallet.countLabel', { count: counts[name] }) : undefined}>
              {counts ? counts[name] : '–'}
            </span>
          </>
        )}
      </TabList>

      <section id="wallet-panel" role="tabpanel" aria-labelledby={`wallet-tab-${tab}`} className="wallet-panel">
        {wallet.isPending || !config ? (
          <LoadingBlock>
            <ul className="coupon-list">
              {[0, 1, 2].map((i) => (
                <li key={i} className="coupon-ticket notched coupon-ticket--skeleton">
                  <Skeleton width={92} height="100%" radius={0} className="coupon-ticket__stub" />
                  <div className="coupon-ticket__body">
                    <Skeleton width="65%" height={20} />
                    <Skeleton width="45%" height={14} />
                    <Skeleton width="55%" height={22} radius={11} />
                  </div>
                </li>
              ))}
            </ul>
          </LoadingBlock>
        ) : wallet.isError ? (
          <ErrorState title={t('wallet.loadError')} error={wallet.error} onRetry={() => void wallet.refetch()} />
        ) : wallet.data.items.length === 0 ? (
          <EmptyState
            icon="ticket"
            title={t(EMPTY[tab].title)}
            body={t(EMPTY[tab].body)}
            link={{ to: '/app/claim', label: t('wallet.emptyAction') }}
          />
        ) : (
          <ul className="coupon-list">
            {wallet.data.items.map((coupon) => (
              <li key={coupon.id}>
                <Link to={`/app/wallet/${coupon.id}`} className="coupon-link" onPointerDown={() => void loadDetail()}>
                  <CouponTicket coupon={coupon} timeZone={config.timezone} />
                  <Icon name="chevronRight" size={20} className="coupon-link__chevron" />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
