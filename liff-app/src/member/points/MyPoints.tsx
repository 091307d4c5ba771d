import './points.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConfig } from '../../api/query.ts';
import { EmptyState, ErrorState, LoadingBlock, Skeleton } from '../../components/ui.tsx';
import { addStrings, useLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { usePointsHistory, usePointsSummary } from './api.ts';
import { myPointsStrings } from './strings.ts';

addStrings(myPointsStrings);

const slashDate = (day: string) => day.replaceAll('-', '/');

/** 我的點數: balance, pending points, the soonest expiry, and the history with reasons. */
export default function MyPoints() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const summary = usePointsSummary();
  const history = usePointsHistory();
  const tz = config?.timezone ?? 'Asia/Taipei';
  const nf = new Intl.NumberFormat(lang);

  if (summary.isPending) return <MyPointsSkeleton />;
  if (summary.isError) return <ErrorState error={summary.error} title={t('myPoints.loadFailed')} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="stack my-points">
      <h1 className="page-title">{t('myPoints.title')}</h1>
      <section className="card my-points__balance" aria-labelledby="points-balance">
        <p id="points-balance" className="my-points__label">{t('myPoints.balance')}</p>
        <p className="my-points__number" data-testid="points-balance">
          {nf.format(s.balance)} <span className="my-points__unit">{t('myPoints.unit')}</span>
        </p>
        {s.pending > 0 ? <p className="my-points__pending">{t('myPoints.pending', { count: s.pending })}</p> : null}
        {s.balance < 0 ? <p className="my-points__note">{t('myPoints.negative')}</p> : null}
        <p className="my-points__expiry" data-testid="points-expiry">
          {s.nextExpiry ? t('myPoints.expiry', { count: s.nextExpiry.points, date: slashDate(s.nextExpiry.date) }) : t('myPoints.noExpiry')}
        </p>
        {!s.enabled ? <p className="my-points__note">{t('myPoints.off')}</p> : null}
        {s.enabled && s.balance > 0 ? (
          <Link to="/app/claim" className="btn btn--secondary">
            {t('myPoints.goClaim')}
          </Link>
        ) : null}
      </section>
      <section aria-labelledby="points-history" className="stack">
        <h2 id="points-history" className="section-title">{t('myPoints.history')}</h2>
        {history.isPending ? (
          <LoadingBlock>
            <Skeleton height={56} radius={12} />
          </LoadingBlock>
        ) : history.isError ? (
          <ErrorState error={history.error} onRetry={() => void history.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState icon="gift" title={t('myPoints.emptyTitle')} body={t('myPoints.emptyBody')} />
        ) : (
          <ul className="my-points__list">
            {items.map((e) => (
              <li key={e.id} className="my-points__row">
                <div>
                  <p className="my-points__reason">
                    <span className={`my-points__type my-points__type--${e.type}`}>{t(`myPoints.type.${e.type}`)}</span> {e.reason}
                  </p>
                  <p className="my-points__meta">
                    {formatDateTime(e.at, tz, lang)}
                    {e.pendingUntil ? ` · ${t('myPoints.pendingUntil', { date: formatDateTime(e.pendingUntil, tz, lang) })}` : ''}
                    {e.expiresOn ? ` · ${t('myPoints.expiresOn', { date: slashDate(e.expiresOn) })}` : ''}
                  </p>
                </div>
                <p className={`my-points__delta ${e.delta < 0 ? 'my-points__delta--minus' : ''}`}>
                  {e.delta > 0 ? '+' : ''}
                  {nf.format(e.delta)}
                </p>
              </li>
            ))}
          </ul>
        )}
        {history.hasNextPage ? (
          <button type="button" className="btn btn--secondary" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
            {t('myPoints.loadMore')}
          </button>
        ) : null}
      </section>
    </div>
  );
}

function MyPointsSkeleton() {
  return (
    <LoadingBlock>
      <div className="stack">
        <Skeleton height={36} width={160} />
        <Skeleton height={160} radius={18} />
        <Skeleton height={56} radius={12} />
      </div>
    </LoadingBlock>
  );
}
