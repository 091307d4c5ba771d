import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TOverview, TOverviewFigures } from '../../../shared/api/insights.ts';
import { call } from '../api/client.ts';
import { ErrorState, Skeleton } from '../components/ui.tsx';
import { useLanguage } from '../i18n/index.ts';
import { shortDay } from '../lib/dates.ts';
import { useBrandTime } from '../lib/useBrandTime.ts';
import { AuditSummary } from './AuditPage.tsx';
import { ChartTable } from './components.tsx';
import { insightsKeys } from './insights/index.ts';
import type { TrendSeries } from './insights/TrendChart.tsx';
import { consoleKeys, PageHeader, useStores } from './shared.tsx';

const TrendChart = lazy(() => import('./insights/TrendChart.tsx'));
type PeriodKey = 'today' | 'days7' | 'days30';
const PERIODS: readonly PeriodKey[] = ['today', 'days7', 'days30'];

/** /console: the brand at a glance, today, 7 and 30 brand-local days; every figure opens its list. */
export function OverviewPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const time = useBrandTime();
  const [period, setPeriod] = useState<PeriodKey>('days7');
  const overview = useQuery({ queryKey: insightsKeys.overview(lang), queryFn: () => call('consoleOverview'), refetchInterval: 60_000 });
  const stores = useStores();
  const recent = useQuery({ queryKey: consoleKeys.audit(1, 5), queryFn: () => call('consoleAuditLog', { query: { page: 1, pageSize: 5 } }) });
  const data = overview.data;
  const figures = data?.periods[period];

  return (
    <div className="stack">
      <PageHeader title={t('console.overview.title')} intro={t('ins.overview.intro', { tz: time.timeZone })}>
        <div className="ins-periods" role="group" aria-label={t('ins.overview.periods')}>
          {PERIODS.map((p) => (
            <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
              {t(`ins.overview.${p}`)}
            </button>
          ))}
        </div>
      </PageHeader>
      {overview.isError ? <ErrorState error={overview.error} onRetry={() => void overview.refetch()} /> : null}
      {figures ? (
        <p className="muted" data-testid="overview-range">
          {t('ins.overview.range', { from: shortDay(figures.from), to: shortDay(figures.to) })}
        </p>
      ) : null}
      <Figures figures={figures} members={data?.members} />

      <section className="panel" aria-labelledby="ins-charts-title">
        <h2 id="ins-charts-title">{t('ins.overview.charts')}</h2>
        {data ? <Charts data={data} /> : <Skeleton height={170} radius={10} />}
      </section>

      <section className="panel" aria-labelledby="ins-ending-title">
        <div className="panel__header">
          <h2 id="ins-ending-title">{t('ins.overview.endingSoon')}</h2>
          <Link to="/console/campaigns" className="link">
            {t('console.overview.viewAll')}
          </Link>
        </div>
        {!data ? (
          <Skeleton height={18} />
        ) : data.endingSoon.length === 0 ? (
          <p className="muted">{t('ins.overview.endingSoonEmpty')}</p>
        ) : (
          <ul className="ins-ending">
            {data.endingSoon.map((c) => (
              <li key={c.id}>
                <Link className="link" to={`/console/campaigns/${c.id}`}>
                  {c.name}
                </Link>
                <span className="muted">
                  {t('ins.overview.endsAt', { time: time.dateTime(c.endsAt) })} · {c.remaining === null ? t('ins.overview.unlimited') : t('ins.overview.remaining', { count: c.remaining })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="recent-title">
        <div className="panel__header">
          <h2 id="recent-title">{t('console.overview.recent')}</h2>
          <Link to="/console/audit" className="link">
            {t('console.overview.viewAll')}
          </Link>
        </div>
        {recent.isPending ? (
          <div className="stack stack--tight" aria-busy="true">
            <Skeleton height={18} />
            <Skeleton height={18} width="80%" />
          </div>
        ) : recent.isError ? (
          <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
        ) : recent.data.items.length === 0 ? (
          <p className="muted">{t('console.overview.recentEmpty')}</p>
        ) : (
          <ul className="recent-list">
            {recent.data.items.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.at}>{time.dateTime(entry.at)}</time>
                <span className="badge">{entry.actionLabel}</span>
                <AuditSummary entry={entry} stores={stores.data?.items ?? []} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Figures({ figures: f, members }: { figures: TOverviewFigures | undefined; members: number | undefined }) {
  const { t, i18n } = useTranslation();
  const range = f ? `from=${f.from}&to=${f.to}` : '';
  const percent = (v: number) => new Intl.NumberFormat(i18n.language === 'en' ? 'en' : 'zh-TW', { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const items: { id: string; label: string; value: string | undefined; hint?: string | undefined; to: string; bad?: boolean }[] = [
    { id: 'joined', label: t('ins.overview.joined'), value: f?.joined.toLocaleString(), to: '/console/members' },
    { id: 'issued', label: t('ins.overview.issued'), value: f?.issued.toLocaleString(), to: '/console/coupon-list' },
    { id: 'redeemed', label: t('ins.overview.redeemed'), value: f?.redeemed.toLocaleString(), to: '/console/coupon-list?status=used' },
    { id: 'rate', label: t('ins.overview.rate'), value: f ? (f.redemptionRate === null ? '—' : percent(f.redemptionRate)) : undefined, hint: f?.redemptionRate === null ? t('ins.overview.rateNone') : t('ins.overview.rateHint'), to: '/console/coupon-list?status=used' },
    { id: 'claims', label: t('ins.overview.claims'), value: f?.claims.toLocaleString(), to: '/console/campaigns' },
    { id: 'sent', label: t('ins.overview.sent'), value: f?.notificationsSent.toLocaleString(), to: `/console/deliveries?status=sent&${range}` },
    { id: 'failed', label: t('ins.overview.failed'), value: f?.notificationsFailed.toLocaleString(), to: `/console/deliveries?status=failed&${range}`, bad: (f?.notificationsFailed ?? 0) > 0 },
  ];
  return (
    <div className="ins-figures">
      {items.map((item) => (
        <Link key={item.id} to={item.to} className={`ins-figure ${item.bad ? 'ins-figure--bad' : ''}`} data-figure={item.id}>
          <span className="ins-figure__label">{item.label}</span>
          {item.value === undefined ? <Skeleton width={64} height={32} /> : <strong className="ins-figure__value">{item.value}</strong>}
          {item.hint ? <span className="ins-figure__hint">{item.hint}</span> : null}
        </Link>
      ))}
      {/* The members total, as the console has always shown it. */}
      <Link to="/console/members" className="ins-figure" data-figure="members">
        <span className="ins-figure__label">{t('console.overview.members')}</span>
        {members === undefined ? <Skeleton width={64} height={32} /> : <strong className="ins-figure__value">{members.toLocaleString()}</strong>}
        <span className="ins-figure__hint">{t('console.overview.membersHint')}</span>
      </Link>
    </div>
  );
}

function Charts({ data }: { data: TOverview }) {
  const { t } = useTranslation();
  // Full-width punctuation belongs to the Chinese text only.
  const en = useLanguage() === 'en';
  const charts: { id: string; title: string; series: TrendSeries[] }[] = [
    { id: 'coupons', title: t('ins.overview.chartCoupons'), series: [{ key: 'issued', label: t('ins.overview.issued'), color: '#0B7A3E' }, { key: 'redeemed', label: t('ins.overview.redeemed'), color: '#175CD3' }] },
    { id: 'members', title: t('ins.overview.chartMembers'), series: [{ key: 'joined', label: t('ins.overview.joined'), color: '#6941C6' }, { key: 'claims', label: t('ins.overview.claims'), color: '#B54708' }] },
    { id: 'notifications', title: t('ins.overview.chartNotifications'), series: [{ key: 'sent', label: t('ins.overview.sent'), color: '#0B7A3E' }, { key: 'failed', label: t('ins.overview.failed'), color: '#B42318' }] },
  ];
  return (
    <div className="ins-charts">
      {charts.map((chart) => {
        const summary = chart.series
          .map((s) => t('ins.overview.chartSummary', { what: s.label, total: data.perDay.reduce((n, d) => n + Number(d[s.key as keyof typeof d] ?? 0), 0).toLocaleString() }))
          .join(en ? '; ' : '；');
        return (
          <figure key={chart.id} className="ins-chart">
            <figcaption>{chart.title}</figcaption>
            <div role="img" aria-label={`${chart.title}${en ? ': ' : '：'}${summary}`}>
              <Suspense fallback={<Skeleton height={170} radius={10} />}>
                <TrendChart data={data.perDay} series={chart.series} />
              </Suspense>
            </div>
            <ChartTable caption={chart.title} dayLabel={t('ins.overview.day')} columns={chart.series.map((s) => ({ key: s.key as 'issued', label: s.label }))} rows={data.perDay} />
          </figure>
        );
      })}
    </div>
  );
}
