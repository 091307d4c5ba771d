import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Skeleton } from '../../components/ui.tsx';
import { DataTable, StatCard } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { usePointsReport } from './api.ts';

const PointsChart = lazy(() => import('./PointsChart.tsx'));

/** /console/points/report — issued, spent, expired, reversed per month, and the liability outstanding. */
export function PointsReportPage() {
  const { t, i18n } = useTranslation();
  const report = usePointsReport();
  const nf = new Intl.NumberFormat(i18n.language);
  if (report.isError) return <ErrorState error={report.error} title={t('pts.report.loadFailed')} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const labels = { issued: t('pts.report.issued'), spent: t('pts.report.spent'), expired: t('pts.report.expired'), reversed: t('pts.report.reversed') };
  return (
    <div className="stack">
      <PageHeader title={t('pts.report.title')} intro={t('pts.report.intro')} />
      {!r ? (
        <Skeleton height={280} />
      ) : (
        <>
          <div className="pts-stats">
            <StatCard tone="green" label={t('pts.report.issued')}>
              <span className="pts-stat-value">{nf.format(r.totals.issued)}</span>
            </StatCard>
            <StatCard tone="info" label={t('pts.report.spent')}>
              <span className="pts-stat-value">{nf.format(r.totals.spent)}</span>
            </StatCard>
            <StatCard tone="amber" label={t('pts.report.expired')}>
              <span className="pts-stat-value">{nf.format(r.totals.expired)}</span>
            </StatCard>
            <StatCard tone="violet" label={t('pts.report.outstanding')} hint={t('pts.report.outstandingHint', { pending: nf.format(r.pending), value: nf.format(r.outstandingValue) })}>
              <span className="pts-stat-value" data-testid="pts-outstanding">{nf.format(r.outstanding)}</span>
            </StatCard>
          </div>
          <section className="card" aria-labelledby="pts-chart">
            <h2 id="pts-chart" className="section-title">{t('pts.report.chart')}</h2>
            <div aria-hidden="true">
              <Suspense fallback={<Skeleton height={280} />}>
                <PointsChart data={r.months} labels={labels} />
              </Suspense>
            </div>
            <DataTable className="table" caption={t('pts.report.chart')} columns={[t('pts.report.month'), labels.issued, labels.spent, labels.expired, labels.reversed, t('pts.report.adjusted')]} pending={false}>
              {r.months.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td>{nf.format(m.issued)}</td>
                  <td>{nf.format(m.spent)}</td>
                  <td>{nf.format(m.expired)}</td>
                  <td>{nf.format(m.reversed)}</td>
                  <td>{nf.format(m.adjusted)}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        </>
      )}
    </div>
  );
}
