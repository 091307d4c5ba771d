import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ORDER_STATUSES } from '../../../../shared/api/mall.ts';
import { addDays, zonedTime } from '../../../../shared/dates.ts';
import { EmptyState } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { ListTable } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { orderMoney, useConsoleOrders, useConsoleProducts, type OrderFilters } from './api.ts';

export const ORDER_TONE = { pending: 'soft--warn', paid: 'soft--green', cancelled: 'soft--muted', expired: 'soft--muted', refunded: 'soft--info', partially_refunded: 'soft--info' } as const;

/** /console/mall/orders: orders filtered by status, member, product and brand-local days. */
export function OrdersPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const id = useId();
  const products = useConsoleProducts();
  const [status, setStatus] = useState('');
  const [member, setMember] = useState('');
  const [product, setProduct] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filters: OrderFilters = {
    ...(status ? { status: status as OrderFilters['status'] } : {}),
    ...(/^\d+$/.test(member.trim()) ? { memberId: Number(member.trim()) } : {}),
    ...(product ? { productId: Number(product) } : {}),
    ...(from ? { from: zonedTime(from, 0, time.timeZone).toISOString() } : {}),
    ...(to ? { until: zonedTime(addDays(to, 1), 0, time.timeZone).toISOString() } : {}),
  };
  const orders = useConsoleOrders(filters);
  const items = orders.data?.items ?? [];
  return (
    <div className="stack">
      <PageHeader title={t('mallC.orders.title')} />
      <div className="panel mallc-filters" role="search" aria-label={t('mallC.orders.title')}>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-status`}>
            {t('mallC.orders.filterStatus')}
          </label>
          <select id={`${id}-status`} className="field__input" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('mallC.orders.filterAll')}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`mallC.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-member`}>
            {t('mallC.orders.filterMember')}
          </label>
          <input id={`${id}-member`} className="field__input" inputMode="numeric" value={member} onChange={(e) => setMember(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-product`}>
            {t('mallC.orders.filterProduct')}
          </label>
          <select id={`${id}-product`} className="field__input" value={product} onChange={(e) => setProduct(e.target.value)}>
            <option value="">{t('mallC.orders.filterAllProducts')}</option>
            {(products.data?.items ?? []).map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-from`}>
            {t('mallC.orders.filterFrom')}
          </label>
          <input id={`${id}-from`} className="field__input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-to`}>
            {t('mallC.orders.filterTo')}
          </label>
          <input id={`${id}-to`} className="field__input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      <ListTable
        query={orders}
        caption={t('mallC.orders.caption')}
        columns={[t('mallC.orders.colReference'), t('mallC.orders.colMember'), t('mallC.orders.colProduct'), { label: t('mallC.orders.colAmount'), className: 'num' }, t('mallC.orders.colStatus'), t('mallC.orders.colPlaced')]}
        isEmpty={items.length === 0}
        empty={<EmptyState icon="list" title={t('mallC.orders.emptyTitle')} body={t('mallC.orders.emptyBody')} />}
        className="table mallc-table"
        stale={orders.isPlaceholderData}
        testId="mall-orders"
      >
        {items.map((o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/console/mall/orders/${o.id}`} className="person__link mono">
                {o.reference}
              </Link>
            </td>
            <td>
              <Link to={`/console/members/${o.memberId}`} className="link">
                {o.memberName}
              </Link>
            </td>
            <td>{o.lines.map((l) => `${l.name} ×${l.quantity}`).join('、')}</td>
            <td className="num">{orderMoney(t, o)}</td>
            <td>
              <span className={`pill ${ORDER_TONE[o.status]}`}>{t(`mallC.status.${o.status}`)}</span>
              {o.fulfilment !== 'none' ? <small className="mallc-sub">{t(`mallC.fulfilment.${o.fulfilment}`)}</small> : null}
            </td>
            <td>{time.numericDateTime(o.createdAt)}</td>
          </tr>
        ))}
      </ListTable>
    </div>
  );
}
