import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { TCampaignReport } from '../../../../shared/api/campaigns.ts';
import { call, isApiError } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, Notice, Skeleton } from '../../components/ui.tsx';
import { audienceLabel, campaignCodesCsv, campaignPhase, campKeys } from './api.ts';
import { daysBetween, localDate, numericDateTime } from '../../lib/dates.ts';
import { useLanguage } from '../../i18n/index.ts';
import { PageHeader } from '../shared.tsx';
import type { ReportDay } from './ReportChart.tsx';
import { BackLink, ChartTable, StatCard } from '../components.tsx';
import { useDownload } from '../../api/download.ts';

const ReportChart = lazy(() => import('./ReportChart.tsx'));
/** The chart shows at most this many days (the latest ones). */
const MAX_DAYS = 92;
/** …and at least this many (when the campaign runs that long). */
const MIN_DAYS = 7;

/**
 * The days to draw: from the campaign's start (or its first claim) to today (or its end),
 * with quiet days filled in, and the stock left at the end of each day when there is a limit.
 */
export function reportDays(report: TCampaignReport, timeZone: string, now = new Date()): ReportDay[] {
  const c = report.campaign;
  const known = [...report.perDay].sort((a, b) => a.day.localeCompare(b.day));
  const today = localDate(now, timeZone);
  const startDay = localDate(new Date(c.startsAt), timeZone);
  const endDay = localDate(new Date(c.endsAt), timeZone);
  let first = startDay;
  let last = endDay < today ? endDay : today;
  if (known.length > 0) {
    if (known[0]!.day < first) first = known[0]!.day;
    if (known[known.length - 1]!.day > last) last = known[known.length - 1]!.day;
  }
  if (last < first) last = first;
  // A young campaign still gets a week's axis: the days ahead stay empty.
  const week = daysBetween(first, endDay).slice(0, MIN_DAYS);
  if (week.length > 0 && week[week.length - 1]! > last) last = week[week.length - 1]!;
  let days = daysBetween(first, last);
  if (days.length > MAX_DAYS) days = days.slice(-MAX_DAYS);
  const byDay = new Map(known.map((d) => [d.day, d]));
  let claimedBefore = known.filter((d) => d.day < days[0]!).reduce((sum, d) => sum + d.claimed, 0);
  return days.map((day) => {
    if (day > today && !byDay.has(day)) return { day, claimed: null, redeemed: null, ...(c.totalStock === null ? {} : { remaining: null }) };
    const d = byDay.get(day);
    claimedBefore += d?.claimed ?? 0;
    return {
      day,
      claimed: d?.claimed ?? 0,
      redeemed: d?.redeemed ?? 0,
      ...(c.totalStock === null ? {} : { remaining: Math.max(0, c.totalStock - claimedBefore) }),
    };
  });
}

/** /console/campaigns/:id — claims, redemptions and stock over time, and redemptions by store. */
export function CampaignReportPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const tz = config?.timezone ?? 'Asia/Taipei';
  const params = useParams();
  const id = Number(params.id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const report = useQuery({
    queryKey: campKeys.report(valid ? id : 0, lang),
    queryFn: () => call('consoleCampaignReport', { params: { id } }),
    enabled: valid,
    // Claims keep coming while it runs: keep the page current while it is open.
    refetchInterval: 30_000,
  });
  const download = useDownload();

  const back = (
    <BackLink to="/console/campaigns" label={t('camp.report.back')} />
  );

  if (!valid || (report.isError && isApiError(report.error) && report.error.status === 404)) {
    return (
      <div className="stack">
        {back}
        <PageHeader title={t('camp.report.title')} />
        <EmptyState icon="gift" title={t('camp.report.notFound')} />
      </div>
    );
  }
  if (report.isError) {
    return (
      <div className="stack">
        {back}
        <PageHeader title={t('camp.report.title')} />
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      </div>
    );
  }
  if (!report.data) {
    return (
      <div className="stack" aria-busy="true">
        {back}
        <Skeleton height={34} width={320} />
        <div className="camp-stats">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={96} radius={14} />
          ))}
        </div>
        <Skeleton height={340} radius={14} />
      </div>
    );
  }

  const data = report.data;
  const c = data.campaign;
  const phase = campaignPhase(c);
  const days = reportDays(data, tz);
  const hasActivity = data.perDay.length > 0;
  const labels = { claimed: t('camp.report.seriesClaimed'), redeemed: t('camp.report.seriesRedeemed'), remaining: t('camp.report.seriesRemaining') };
  const rate = data.claimed > 0 ? `${Math.round((data.redeemed / data.claimed) * 100)}%` : null;
  const storeMax = Math.max(1, ...data.byStore.map((s) => s.redeemed));
  const storeTotal = data.byStore.reduce((sum, s) => sum + s.redeemed, 0);

  return (
    <div className="stack">
      {back}
      <div className="page-header camp-report-head">
        <div>
          <p className="camp-eyebrow">{t('camp.report.title')}</p>
          <h1>{c.name}</h1>
          <div className="chips camp-report-head__chips">
            <span className={`status camp-phase--${phase}`}>{t(`camp.status.${phase}`)}</span>
            <span className={`chip camp-mode camp-mode--${c.mode}`}>{t(`camp.mode.${c.mode}`)}</span>
            {c.sharedCode ? <code className="camp-code">{c.sharedCode}</code> : null}
          </div>
        </div>
        {c.codesTotal !== null ? (
          <div className="page-header__actions">
            <button type="button" className="btn btn--secondary" onClick={() => void download.start(() => campaignCodesCsv(c.id))} disabled={download.busy}>
              {download.busy ? t('camp.created.downloading') : t('camp.created.download')}
            </button>
          </div>
        ) : null}
      </div>
      {download.error ? <Notice kind="error">{download.error}</Notice> : null}

      <section aria-label={t('camp.report.title')} className="camp-stats">
        <StatCard tone="green" label={t('camp.report.claimed')} hint={t('camp.report.claimedHint')}>
          <strong className="stat-card__value" data-testid="report-claimed">
            {data.claimed.toLocaleString()}
          </strong>
        </StatCard>
        <StatCard tone="info" label={t('camp.report.redeemed')} hint={rate ? t('camp.report.redeemedHint', { rate }) : t('camp.report.redeemedHintNone')}>
          <strong className="stat-card__value" data-testid="report-redeemed">
            {data.redeemed.toLocaleString()}
          </strong>
        </StatCard>
        <StatCard tone="amber" label={t('camp.report.remaining')} hint={c.totalStock === null ? '\u00a0' : t('camp.report.remainingHint', { total: c.totalStock.toLocaleString() })}>
          <strong className="stat-card__value" data-testid="report-remaining">
            {data.remaining === null ? t('camp.report.remainingUnlimited') : data.remaining.toLocaleString()}
          </strong>
        </StatCard>
        {c.codesTotal !== null ? (
          <StatCard tone="violet" label={t('camp.report.codes')} hint={t('camp.report.codesHint')}>
            <strong className="stat-card__value">
              {(c.codesUsed ?? 0).toLocaleString()} / {c.codesTotal.toLocaleString()}
            </strong>
          </StatCard>
        ) : null}
      </section>

      <div className="camp-report-grid">
        <section className="panel" aria-labelledby="camp-chart-title">
          <div className="panel__header">
            <h2 id="camp-chart-title">{t('camp.report.chartTitle')}</h2>
            <span className="muted camp-small">{t('camp.report.daysNote', { tz })}</span>
          </div>
          {hasActivity ? (
            <>
              <div className="camp-chart" aria-hidden="true" inert data-testid="report-chart">
                <Suspense fallback={<Skeleton height={280} radius={10} />}>
                  <ReportChart data={days} labels={labels} showRemaining={c.totalStock !== null} />
                </Suspense>
              </div>
              <ChartTable
                caption={t('camp.report.chartCaption')}
                dayLabel={t('camp.report.day')}
                columns={[{ key: 'claimed', label: labels.claimed }, { key: 'redeemed', label: labels.redeemed }, c.totalStock !== null ? { key: 'remaining', label: labels.remaining } : null]}
                rows={days.filter((d) => d.claimed !== null)}
              />
            </>
          ) : (
            <div className="camp-chart camp-chart--empty">
              <Icon name="chart" size={32} />
              <p>{t('camp.report.chartEmpty')}</p>
            </div>
          )}
        </section>

        <section className="panel camp-details" aria-labelledby="camp-details-title">
          <h2 id="camp-details-title">{t('camp.report.details')}</h2>
          <dl className="camp-dl">
            <div>
              <dt>{t('camp.report.offer')}</dt>
              <dd>
                <span className="camp-offer__name">
                  <span className="camp-swatch" style={{ background: c.offer.color }} aria-hidden="true" />
                  {c.offer.kind === 'bundle' ? <span className="badge">{t('camp.offer.bundleTag')}</span> : null}
                  {c.offer.name}
                </span>
                <small className="camp-sub">{c.offer.summary}</small>
              </dd>
            </div>
            <div>
              <dt>{t('camp.report.window')}</dt>
              <dd>
                {numericDateTime(c.startsAt, tz)} – {numericDateTime(c.endsAt, tz)}
              </dd>
            </div>
            <div>
              <dt>{t('camp.report.audience')}</dt>
              <dd>{audienceLabel(c.audience, t)}</dd>
            </div>
            <div>
              <dt>{t('camp.report.perMember')}</dt>
              <dd>
                {t('camp.report.times', { n: c.perMemberLimit })}
                {c.audience.type === 'birth_month' ? `（${t('camp.list.birthdayYearly')}）` : ''}
              </dd>
            </div>
            {c.description ? (
              <div>
                <dt>{t('camp.report.description')}</dt>
                <dd className="camp-pre">{c.description}</dd>
              </div>
            ) : null}
          </dl>
        </section>
      </div>

      <section className="panel" aria-labelledby="camp-stores-title">
        <div className="panel__header">
          <h2 id="camp-stores-title">{t('camp.report.byStore')}</h2>
        </div>
        {data.byStore.length === 0 ? (
          <p className="muted">{t('camp.report.byStoreEmpty')}</p>
        ) : (
          <table className="table camp-stores">
            <caption className="visually-hidden">{t('camp.report.byStore')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('camp.report.store')}</th>
                <th scope="col" className="camp-stores__bar-col">
                  <span className="visually-hidden">{t('camp.report.share')}</span>
                </th>
                <th scope="col" className="num">
                  {t('camp.report.storeRedeemed')}
                </th>
                <th scope="col" className="num">
                  {t('camp.report.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.byStore.map((s) => (
                <tr key={s.storeId}>
                  <th scope="row" className="camp-stores__name">
                    {s.storeName}
                  </th>
                  <td className="camp-stores__bar-col" aria-hidden="true">
                    <span className="camp-stores__bar" style={{ width: `${(s.redeemed / storeMax) * 100}%` }} />
                  </td>
                  <td className="num">{s.redeemed.toLocaleString()}</td>
                  <td className="num muted">{storeTotal > 0 ? `${Math.round((s.redeemed / storeTotal) * 100)}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
