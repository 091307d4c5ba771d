import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, localDate } from '../../../../shared/dates.ts';
import { call } from '../../api/client.ts';
import { downloadFile, useDownload } from '../../api/download.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, Notice, Skeleton } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { ChartTable, StatCard } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { mallConsoleKeys, money } from './api.ts';

const SalesChart = lazy(() => import('./SalesChart.tsx'));
const ProductSalesChart = lazy(() => import('./ProductSalesChart.tsx'));

/** /console/mall/report: revenue, units and refunds by brand-local day and by product; the orders CSV. */
export function SalesReportPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const id = useId();
  const today = localDate(new Date(), time.timeZone);
  const [range, setRange] = useState({ from: addDays(today, -29), until: today });
  const [draft, setDraft] = useState(range);
  const report = useQuery({ queryKey: mallConsoleKeys.report(range.from, range.until, undefined), queryFn: () => call('consoleSalesReport', { query: range }), placeholderData: (previous) => previous });
  const download = useDownload();
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (draft.from && draft.until && draft.from <= draft.until) setRange(draft);
  };
  const r = report.data;
  const labels = { revenue: t('mallC.report.revenue'), refunds: t('mallC.report.refunds'), units: t('mallC.report.units') };
  const days = (r?.days ?? []).map((d) => ({ day: d.day, revenue: d.revenueCash, refunds: d.refundedCash, units: d.units, orders: d.orders }));
  const products = (r?.products ?? []).map((p) => ({ name: p.name, revenue: p.revenueCash, refunds: p.refundedCash, units: p.units, orders: p.orders }));
  const empty = r && r.totals.orders === 0 && r.totals.refunds === 0;
  return (
    <div className="stack">
      <PageHeader title={t('mallC.report.title')} intro={t('mallC.report.intro')}>
        <button
          type="button"
          className="btn btn--secondary"
          disabled={download.busy}
          onClick={() => void download.start(() => downloadFile(`/api/console/mall/orders.csv?from=${range.from}&until=${range.until}`, `mall-orders-${range.from}-${range.until}.csv`))}
        >
          <Icon name="download" size={18} />
          {download.busy ? t('mallC.report.exporting') : t('mallC.report.export')}
        </button>
      </PageHeader>
      {download.error ? <Notice kind="error">{download.error}</Notice> : null}
      <form className="panel mallc-filters" onSubmit={apply} aria-label={t('mallC.report.title')}>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-from`}>
            {t('mallC.report.from')}
          </label>
          <input id={`${id}-from`} className="field__input" type="date" value={draft.from} max={draft.until} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-until`}>
            {t('mallC.report.to')}
          </label>
          <input id={`${id}-until`} className="field__input" type="date" value={draft.until} min={draft.from} onChange={(e) => setDraft((d) => ({ ...d, until: e.target.value }))} />
        </div>
        <button type="submit" className="btn btn--primary mallc-filters__apply">
          {t('mallC.report.apply')}
        </button>
      </form>
      {report.isError ? (
        <ErrorState error={report.error} title={t('mallC.report.loadFailed')} onRetry={() => void report.refetch()} />
      ) : !r ? (
        <Skeleton height={320} />
      ) : (
        <>
          <div className="mallc-stats">
            <StatCard tone="green" label={t('mallC.report.revenue')}>
              <span className="mallc-stat" data-testid="mall-revenue">{`NT$${money(r.totals.revenueCash)}`}</span>
            </StatCard>
            <StatCard tone="info" label={t('mallC.report.units')}>
              <span className="mallc-stat">{money(r.totals.units)}</span>
            </StatCard>
            <StatCard tone="danger" label={t('mallC.report.refunds')}>
              <span className="mallc-stat">{`NT$${money(r.totals.refundedCash)}`}</span>
            </StatCard>
            <StatCard tone="violet" label={t('mallC.report.net')} hint={`${t('mallC.report.orders')} ${money(r.totals.orders)} · ${t('mallC.report.points')} ${money(r.totals.revenuePoints)}`}>
              <span className="mallc-stat">{`NT$${money(r.totals.netCash)}`}</span>
            </StatCard>
          </div>
          {empty ? (
            <EmptyState icon="chart" title={t('mallC.report.emptyTitle')} body={t('mallC.report.emptyBody')} />
          ) : (
            <>
              <section className="panel" aria-labelledby="mallc-by-day">
                <h2 id="mallc-by-day">{t('mallC.report.byDay')}</h2>
                <div aria-hidden="true">
                  <Suspense fallback={<Skeleton height={280} />}>
                    <SalesChart data={days} labels={labels} />
                  </Suspense>
                </div>
                <ChartTable caption={t('mallC.report.byDayCaption')} dayLabel={t('mallC.report.day')} rows={days} columns={[{ key: 'revenue', label: labels.revenue }, { key: 'units', label: labels.units }, { key: 'refunds', label: labels.refunds }]} />
              </section>
              <section className="panel" aria-labelledby="mallc-by-product">
                <h2 id="mallc-by-product">{t('mallC.report.byProduct')}</h2>
                <div aria-hidden="true">
                  <Suspense fallback={<Skeleton height={200} />}>
                    <ProductSalesChart data={products} labels={labels} />
                  </Suspense>
                </div>
                <table className="table">
                  <caption className="visually-hidden">{t('mallC.report.byProductCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('mallC.report.product')}</th>
                      <th scope="col" className="num">{labels.revenue}</th>
                      <th scope="col" className="num">{labels.units}</th>
                      <th scope="col" className="num">{labels.refunds}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {products.map((p) => (
                      <tr key={p.name}>
                        <th scope="row">{p.name}</th>
                        <td className="num">{money(p.revenue)}</td>
                        <td className="num">{money(p.units)}</td>
                        <td className="num">{money(p.refunds)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          )}
        </>
      )}
    </div>
  );
}
