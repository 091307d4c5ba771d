import './wallet/wallet.css';
import { lazy, Suspense, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TWallet } from '../../../shared/api/coupons.ts';
import { useConfig } from '../api/query.ts';
import { Icon } from '../components/Icon.tsx';
import { EmptyState, ErrorState, LoadingBlock, Skeleton } from '../components/ui.tsx';
import { isWalletTab, useWallet, WALLET_TABS, type WalletTab } from './wallet/api.ts';
import { CouponTicket } from './wallet/CouponCard.tsx';

const loadDetail = () => import('./wallet/CouponDetailPage.tsx');
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
  return (
    <LoadingBlock>
      <div className="stack">
        <Skeleton width={120} height={24} />
        <Skeleton height={168} radius={20} />
        <Skeleton height={420} radius={14} />
      </div>
    </LoadingBlock>
  );
}

const TAB_LABEL: Record<WalletTab, string> = { active: 'wallet.tabActive', used: 'wallet.tabUsed', expired: 'wallet.tabExpired' };
const EMPTY: Record<WalletTab, { title: string; body: string }> = {
  active: { title: 'wallet.emptyTitle', body: 'wallet.emptyBody' },
  used: { title: 'wallet.emptyUsedTitle', body: 'wallet.emptyUsedBody' },
  expired: { title: 'wallet.emptyExpiredTitle', body: 'wallet.emptyExpiredBody' },
};

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
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  // The member is about to open a coupon: fetch that page's code meanwhile.
  useEffect(() => {
    void loadDetail();
  }, []);

  const select = (next: WalletTab, focus = false) => {
    setParams(next === 'active' ? {} : { tab: next }, { replace: true });
    if (focus) tabRefs.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const i = WALLET_TABS.indexOf(tab);
    if (event.key === 'ArrowRight') select(WALLET_TABS[(i + 1) % 3]!, true);
    else if (event.key === 'ArrowLeft') select(WALLET_TABS[(i + 2) % 3]!, true);
    else return;
    event.preventDefault();
  };

  return (
    <div className="stack wallet">
      <h1 className="page-title">{t('wallet.title')}</h1>
      <div className="wallet-tabs" role="tablist" aria-label={t('wallet.tabsLabel')} onKeyDown={onKeyDown}>
        {WALLET_TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`wallet-tab-${name}`}
            aria-selected={name === tab}
            aria-controls="wallet-panel"
            tabIndex={name === tab ? 0 : -1}
            className="wallet-tabs__tab"
            onClick={() => select(name)}
          >
            <span>{t(TAB_LABEL[name])}</span>
            <span className="wallet-tabs__count" aria-label={counts ? t('wallet.countLabel', { count: counts[name] }) : undefined}>
              {counts ? counts[name] : '–'}
            </span>
          </button>
        ))}
      </div>

      <section id="wallet-panel" role="tabpanel" aria-labelledby={`wallet-tab-${tab}`} className="wallet-panel">
        {wallet.isPending || !config ? (
          <LoadingBlock>
            <ul className="coupon-list">
              {[0, 1, 2].map((i) => (
                <li key={i} className="coupon-ticket coupon-ticket--skeleton">
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
            action={
              <Link to="/app/claim" className="btn btn--primary">
                {t('wallet.emptyAction')}
              </Link>
            }
          />
        ) : (
          <ul className="coupon-list">
            {wallet.data.items.map((coupon) => (
              <li key={coupon.id}>
                <Link to={`/app/wallet/${coupon.id}`} className="coupon-link">
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
