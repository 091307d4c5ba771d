import './mall.css';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TOrderView } from '../../../../shared/api/mall.ts';
import { useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, SkeletonStack } from '../../components/ui.tsx';
import { addStrings, useLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { useMyOrders } from './api.ts';
import { money } from './format.ts';
import { mallStrings } from './strings.ts';

addStrings(mallStrings);

/** The order's state as the member reads it: payment first, then fulfilment on a paid order. */
export function orderStatusKey(order: Pick<TOrderView, 'status' | 'fulfilment'>): string {
  if (order.status === 'paid' && order.fulfilment !== 'none') return `mall.status.${order.fulfilment}`;
  return `mall.status.${order.status}`;
}

export function orderTone(order: Pick<TOrderView, 'status' | 'fulfilment'>): string {
  if (order.status === 'pending') return 'warn';
  if (order.status === 'paid') return order.fulfilment === 'delayed' ? 'warn' : 'green';
  if (order.status === 'refunded' || order.status === 'partially_refunded') return 'info';
  return 'muted';
}

/** NT$ and points of an order, as one line. */
export function orderAmount(order: Pick<TOrderView, 'totalCash' | 'totalPoints'>, t: TFunction): string {
  if (order.totalPoints > 0 && order.totalCash > 0) return t('mall.price.both', { points: money(order.totalPoints), amount: money(order.totalCash) });
  if (order.totalPoints > 0) return t('mall.price.points', { points: money(order.totalPoints) });
  return t('mall.price.cash', { amount: money(order.totalCash) });
}

/** /app/mall/orders: the member's orders, newest first. */
export function OrdersPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const orders = useMyOrders();
  return (
    <div className="stack mall">
      <Link to="/app/mall" className="link back-link">
        <Icon name="chevronLeft" size={18} />
        {t('mall.product.back')}
      </Link>
      <h1 className="page-title">{t('mall.orders.title')}</h1>
      {orders.isError ? (
        <ErrorState title={t('mall.orders.loadFailed')} error={orders.error} onRetry={() => void orders.refetch()} />
      ) : !orders.data || !config ? (
        <SkeletonStack blocks={[{ height: 96, radius: 14 }, { height: 96, radius: 14 }, { height: 96, radius: 14 }]} />
      ) : orders.data.items.length === 0 ? (
        <EmptyState icon="list" title={t('mall.orders.emptyTitle')} body={t('mall.orders.emptyBody')} link={{ to: '/app/mall', label: t('mall.orders.toMall') }} />
      ) : (
        <ul className="mall-orders">
          {orders.data.items.map((order) => (
            <li key={order.id}>
              <Link to={`/app/mall/orders/${order.id}`} className="mall-order-row card">
                <span className="mall-order-row__top">
                  <strong>{order.lines.map((line) => t('mall.orders.items', { name: line.name, quantity: line.quantity })).join('、')}</strong>
                  <span className={`pill soft--${orderTone(order)}`}>{t(orderStatusKey(order) as 'mall.status.paid')}</span>
                </span>
                <span className="mall-order-row__meta">
                  <span>{orderAmount(order, t)}</span>
                  <span>{t('mall.orders.placedAt', { date: formatDateTime(order.createdAt, config.timezone, lang) })}</span>
                </span>
                <span className="mall-order-row__ref">
                  {t('mall.orders.number', { no: order.reference })}
                  {order.giftMobile ? ` · ${t('mall.orders.gift', { mobile: order.giftMobile })}` : ''}
                </span>
                <Icon name="chevronRight" size={20} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
