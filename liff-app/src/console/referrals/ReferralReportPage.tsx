import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Skeleton } from '../../components/ui.tsx';
import { ChartTable, DataTable, StatCard } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { useReferralReport } from './api.ts';

const ReferralChart = lazy(() => import('./ReferralChart.tsx'));
const RANGES = [7, 30, 90] as const;

/** /console/referrals/report — invites, registrations through invites and rewards, per day, and who refers most. */
export function ReferralReportPage() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<number>(30);
  const report = useReferralReport(days);
  const nf = new Intl.NumberFormat(i18n.language);
  if (report.isError) return <ErrorState error={report.error} title={t('ref.report.loadFailed')} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const labels = { invites: t('ref.report.invites'), registrations: t('ref.report.registrations'), rewardsGranted: t('ref.report.rewardsGranted'), rewardsReversed: t('ref.report.rewardsReversed') };
  return (
    <div className="stack">
      <PageHeader title={t('ref.report.title')} intro={t('ref.report.intro', { days })}>
        <label className="ref-range">
          <span>{t('ref.report.range')}</span>
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {RANGES.map((n) => (
              <option key={n} value={n}>
                {t('ref.report.days', { count: n })}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      {!r ? (
        <Skeleton height={280} />
      ) : (
        <>
          <div className="ref-stats">
            <StatCard tone="grey" label={labels.invites} hint={t('ref.report.invitesHint')}>
              <span className="ref-stat-value" data-testid="ref-invites">{nf.format(r.totals.invites)}</span>
            </StatCard>
            <StatCard tone="green" label={labels.registrations} hint={`${t('ref.report.rewarded')} ${nf.format(r.totals.rewarded)} · ${t('ref.report.pending')} ${nf.format(r.totals.pending)} · ${t('ref.report.ineligible')} ${nf.format(r.totals.ineligible)}`}>
              <span className="ref-stat-value" data-testid="ref-registrations">{nf.format(r.totals.registrations)}</span>
            </StatCard>
            <StatCard tone="info" label={labels.rewardsGranted}>
              <span className="ref-stat-value">{nf.format(r.totals.rewardsGranted)}</span>
            </StatCard>
            <StatCard tone="danger" label={labels.rewardsReversed}>
              <span className="ref-stat-value">{nf.format(r.totals.rewardsReversed)}</span>
            </StatCard>
          </div>
          <section className="card" aria-labelledby="ref-chart">
            <h2 id="ref-chart" className="section-title">
              {t('ref.report.chart')}
            </h2>
            <div aria-hidden="true">
              <Suspense fallback={<Skeleton height={280} />}>
                <ReferralChart data={r.series} labels={labels} />
              </Suspense>
            </div>
            <ChartTable caption={t('ref.report.chart')} dayLabel={t('ref.report.day')} rows={r.series} columns={[{ key: 'invites', label: labels.invites }, { key: 'registrations', label: labels.registrations }, { key: 'rewardsGranted', label: labels.rewardsGranted }, { key: 'rewardsReversed', label: labels.rewardsReversed }]} />
          </section>
          <section className="card" aria-labelledby="ref-top">
            <h2 id="ref-top" className="section-title">
              {t('ref.report.top')}
            </h2>
            {r.topReferrers.length === 0 ? (
              <EmptyState icon="users" title={t('ref.report.topEmpty')} />
            ) : (
              <DataTable className="table" caption={t('ref.report.top')} columns={[t('ref.report.member'), labels.registrations, t('ref.report.rewarded')]} pending={false}>
                {r.topReferrers.map((m) => (
                  <tr key={m.memberId}>
                    <td>{m.name}</td>
                    <td>{nf.format(m.registrations)}</td>
                    <td>{nf.format(m.rewarded)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        </>
      )}
    </div>
  );
}
