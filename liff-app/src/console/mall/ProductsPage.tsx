import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { CreateButton, ListTable } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { consolePrice, money, useConsoleProducts } from './api.ts';

const STATUS_TONE = { draft: 'soft--muted', active: 'soft--green', archived: 'soft--muted' } as const;

/** /console/mall/products: every product with its price, stock left, units sold and sale window. */
export function ProductsPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const products = useConsoleProducts();
  const items = products.data?.items ?? [];
  const windowText = (from: string | null, until: string | null) => {
    if (from && until) return t('mallC.products.windowBoth', { from: time.numericDateTime(from), until: time.numericDateTime(until) });
    if (from) return t('mallC.products.windowFrom', { date: time.numericDateTime(from) });
    if (until) return t('mallC.products.windowUntil', { date: time.numericDateTime(until) });
    return t('mallC.products.windowAlways');
  };
  return (
    <div className="stack">
      <PageHeader title={t('mallC.products.title')} intro={t('mallC.products.intro')}>
        <CreateButton to="/console/mall/products/new" label={t('mallC.products.create')} />
      </PageHeader>
      <ListTable
        query={products}
        caption={t('mallC.products.caption')}
        columns={[t('mallC.products.colName'), t('mallC.products.colKind'), { label: t('mallC.products.colPrice'), className: 'num' }, { label: t('mallC.products.colStock'), className: 'num' }, { label: t('mallC.products.colSold'), className: 'num' }, t('mallC.products.colWindow'), t('mallC.products.colStatus')]}
        isEmpty={items.length === 0}
        empty={<EmptyState icon="ticket" title={t('mallC.products.emptyTitle')} body={t('mallC.products.emptyBody')} action={<CreateButton to="/console/mall/products/new" label={t('mallC.products.create')} />} />}
        className="table mallc-table"
        testId="mall-products"
      >
        {items.map((p) => (
          <tr key={p.id} className={p.status === 'archived' ? 'is-muted' : undefined}>
            <td>
              <Link to={`/console/mall/products/${p.id}`} className="person__link">
                {p.name}
              </Link>
              {p.category ? <small className="mallc-sub">{p.category}</small> : null}
            </td>
            <td>{t(`mallC.kind.${p.kind}`)}</td>
            <td className="num">
              {consolePrice(t, p)}
              {p.listPrice ? <s className="mallc-sub">{`NT$${money(p.listPrice)}`}</s> : null}
            </td>
            <td className="num">{p.stock === null ? t('mallC.products.stockUnlimited') : t('mallC.products.stockValue', { left: money(p.available ?? 0), total: money(p.stock) })}</td>
            <td className="num">{money(p.sold)}</td>
            <td>{windowText(p.saleStartsAt, p.saleEndsAt)}</td>
            <td>
              <span className={`pill ${STATUS_TONE[p.status]}`}>{t(`mallC.productStatus.${p.status}`)}</span>
            </td>
          </tr>
        ))}
      </ListTable>
    </div>
  );
}
