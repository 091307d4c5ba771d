import './mall.css';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TOrderTicketView, TOrderView } from '../../../../shared/api/mall.ts';
import { unitsLeftText } from '../../../../shared/coupons/units.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { Icon, type IconName } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, Facts, Notice, SkeletonStack } from '../../components/ui.tsx';
import { addStrings, useLanguage } from '../../i18n/index.ts';
import { couponUntil, formatBirthday as formatCalendarDay, formatDateTime, formatDay, lastValidInstant } from '../../lib/dates.ts';
import { money } from './format.ts';
import { afterOrderChange, mallKeys, useOrder } from './api.ts';
import { orderAmount, orderStatusKey, orderTone } from './OrdersPage.tsx';
import { RefundPanel, useRefunds } from './RefundPanel.tsx';
import { mallStrings } from './strings.ts';

addStrings(mallStrings);

/** /app/mall/orders/:id — where every order notification's CTA lands. */
export function OrderPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const order = useOrder(Number(id));
  const { data: config } = useConfig();
  if (order.isError) {
    if (isApiError(order.error) && (order.error.status === 404 || order.error.status === 403)) {
      return <EmptyState icon="list" title={t('mall.order.notFound')} link={{ to: '/app/mall/orders', label: t('mall.order.back') }} />;
    }
    return <ErrorState title={t('mall.order.loadFailed')} error={order.error} onRetry={() => void order.refetch()} />;
  }
  if (!order.data || !config) return <SkeletonStack blocks={[{ width: 100, height: 18 }, { width: '60%', height: 26 }, { height: 160, radius: 14 }, { height: 200, radius: 14 }]} />;
  return <OrderView order={order.data} timeZone={config.timezone} />;
}

function OrderView({ order, timeZone }: { order: TOrderView; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const titleId = useId();
  const when = (at: string | null | undefined) => (at ? formatDateTime(at, timeZone, lang) : null);
  const payment = order.totalCash > 0 ? t('mall.order.paymentLinePay') : order.totalPoints > 0 ? t('mall.order.paymentPoints') : t('mall.order.paymentFree');
  return (
    <div className="stack mall-order">
      <Link to="/app/mall/orders" className="link back-link">
        <Icon name="chevronLeft" size={18} />
        {t('mall.order.back')}
      </Link>
      <div className="mall-order__head">
        <h1 id={titleId} className="page-title">
          {t('mall.order.title')}
        </h1>
        <span className={`pill soft--${orderTone(order)}`} data-testid="order-status">
          {t(orderStatusKey(order) as 'mall.status.paid')}
        </span>
      </div>

      {order.status === 'pending' ? <PendingPayment order={order} /> : null}

      <section className="card" aria-label={t('mall.order.title')}>
        <Facts
          className="mall-facts-list"
          rows={[
            [t('mall.order.number'), order.reference, 'mono'],
            [t('mall.order.placedAt'), when(order.createdAt)],
            ...order.lines.map((line) => [t('mall.order.product'), t('mall.orders.items', { name: line.name, quantity: line.quantity })] as const),
            [order.paidAt === null ? t('mall.order.amount') : order.totalCash > 0 ? t('mall.order.paidCash') : t('mall.order.paidPoints'), orderAmount(order, t)],
            [t('mall.order.payment'), payment],
            order.invoiceCarrier ? [t('mall.order.carrier'), order.invoiceCarrier, 'mono'] : null,
            order.giftMobile ? [t('mall.order.recipient'), order.giftMobile] : null,
            order.giftMessage ? [t('mall.order.giftMessage'), order.giftMessage] : null,
          ]}
        />
      </section>

      <Timeline order={order} when={when} />

      <Tickets order={order} timeZone={timeZone} />

      <RefundPanel order={order} timeZone={timeZone} />
    </div>
  );
}

function useSecondsLeft(until: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((Date.parse(until) - now) / 1000));
}

/** 待付款: the time left before the stock is released, and 「立即付款」 (a new LINE Pay attempt). */
function PendingPayment({ order }: { order: TOrderView }) {
  const { t } = useTranslation();
  const seconds = useSecondsLeft(order.holdUntil);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const [cancelling, setCancelling] = useState(false);
  const onCancel = async () => {
    if (!window.confirm(t('mall.order.cancelConfirm'))) return;
    setCancelling(true);
    setError(null);
    try {
      afterOrderChange(await call('mallCancelOrder', { params: { id: order.id } }));
    } catch (e) {
      setError(errorMessage(e));
      afterOrderChange();
    } finally {
      setCancelling(false);
    }
  };
  const onPay = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call('mallPayOrder', { params: { id: order.id } });
      afterOrderChange(result.order);
      if (result.paymentUrl) window.location.assign(result.paymentUrl);
      else setBusy(false);
    } catch (e) {
      setError(errorMessage(e));
      afterOrderChange();
      setBusy(false);
    }
  };
  return (
    <section className="card mall-pending" aria-labelledby="mall-pending-title">
      <p id="mall-pending-title" className="mall-pending__title">
        <Icon name="clock" size={20} />
        <span>{t('mall.order.countdown', { time: clock })}</span>
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <button type="button" className="btn btn--linepay btn--block btn--large" onClick={() => void onPay()} disabled={busy || seconds === 0 || order.paymentInProgress}>
        {busy || order.paymentInProgress ? t('mall.checkout.paying') : t('mall.order.payNow')}
      </button>
      <button type="button" className="btn btn--ghost btn--block" onClick={() => void onCancel()} disabled={busy || cancelling || order.paymentInProgress}>
        {cancelling ? t('mall.order.cancelling') : t('mall.order.cancelOrder')}
      </button>
    </section>
  );
}

interface Step {
  key: string;
  icon: IconName;
  label: string;
  at: string | null;
  note?: ReactNode;
  tone: 'done' | 'current' | 'warn' | 'muted';
}

/** The order's steps so far: placed, paid, ready or delayed (with the note), refunds, or why it ended unpaid. */
function Timeline({ order, when }: { order: TOrderView; when: (at: string | null | undefined) => string | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const paid = order.paidAt !== null;
  const fulfilment = useQuery({
    queryKey: [...mallKeys.order(order.id), 'fulfilment', order.fulfilment],
    queryFn: () => call('mallOrderFulfilment', { params: { id: order.id } }),
    enabled: paid && order.fulfilment !== 'none',
    staleTime: 5_000,
  });
  const refunds = useRefunds(order);
  const steps: Step[] = [{ key: 'created', icon: 'list', label: t('mall.order.createdAt'), at: when(order.createdAt), tone: 'done' }];
  if (order.status === 'pending') steps.push({ key: 'pending', icon: 'clock', label: t('mall.status.pending'), at: null, tone: 'current' });
  if (order.paidAt) steps.push({ key: 'paid', icon: 'check', label: t('mall.order.paidAt'), at: when(order.paidAt), tone: 'done' });
  for (const [i, event] of (fulfilment.data?.events ?? []).entries()) {
    const note = [event.note ? t(event.status === 'delayed' ? 'mall.order.delayNote' : 'mall.order.readyNote', { note: event.note }) : null, event.expectedDate ? t('mall.order.delayExpected', { date: formatCalendarDay(event.expectedDate, lang) }) : null].filter(Boolean).join(' · ');
    steps.push({ key: `f${i}`, icon: event.status === 'ready' ? 'store' : 'alert', label: t(event.status === 'ready' ? 'mall.order.readyAt' : 'mall.order.delayedAt'), at: when(event.at), tone: event.status === 'ready' ? 'done' : 'warn', ...(note ? { note } : {}) });
  }
  if (!fulfilment.data && order.fulfilment !== 'none') {
    steps.push({ key: 'fulfilment', icon: order.fulfilment === 'ready' ? 'store' : 'alert', label: t(order.fulfilment === 'ready' ? 'mall.order.readyAt' : 'mall.order.delayedAt'), at: null, tone: order.fulfilment === 'ready' ? 'done' : 'warn' });
  }
  for (const refund of refunds.data?.items ?? []) {
    const amount = t('mall.order.refundCash', { amount: money(refund.cash) }) + (refund.points > 0 ? ` · ${t('mall.order.refundPoints', { points: money(refund.points) })}` : '');
    steps.push({ key: `r${refund.id}`, icon: 'undo', label: t('mall.order.refundRequestedAt'), at: when(refund.createdAt), tone: refund.completedAt ? 'done' : 'current', note: amount });
    if (refund.completedAt) steps.push({ key: `rc${refund.id}`, icon: 'check', label: t('mall.order.refundedAt'), at: when(refund.completedAt), tone: 'done' });
  }
  if (order.status === 'cancelled' || order.status === 'expired') {
    steps.push({ key: 'ended', icon: 'x', label: t(order.status === 'expired' ? 'mall.status.expired' : 'mall.order.cancelledAt'), at: when(order.cancelledAt), tone: 'muted' });
  }
  return (
    <section className="card" aria-labelledby="mall-timeline-title">
      <h2 id="mall-timeline-title" className="section-title">
        {t('mall.order.timeline')}
      </h2>
      <ol className="mall-timeline">
        {steps.map((step) => (
          <li key={step.key} className={`mall-timeline__step is-${step.tone}`}>
            <span className="mall-timeline__dot" aria-hidden="true">
              <Icon name={step.icon} size={16} strokeWidth={2.2} />
            </span>
            <span className="mall-timeline__text">
              <strong>{step.label}</strong>
              {step.at ? <small>{step.at}</small> : null}
              {step.note ? <span className="mall-timeline__note">{step.note}</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The tickets the order issued, each with its state (剩 8 杯 / 已使用 / 已轉贈 / 已退款), to its wallet page while the member holds it. */
function Tickets({ order, timeZone }: { order: TOrderView; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="mall-tickets-title">
      <h2 id="mall-tickets-title" className="section-title">
        {t('mall.order.tickets')}
      </h2>
      {order.tickets.length === 0 ? (
        <p className="muted">{t('mall.order.ticketsEmpty')}</p>
      ) : (
        <ul className="mall-tickets">
          {order.tickets.map((ticket) => (
            <TicketRow key={ticket.couponId} ticket={ticket} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Whether the buyer still holds the ticket (its wallet page opens): not given away, not refunded. */
const held = (ticket: TOrderTicketView) => ticket.status !== 'transferred' && ticket.status !== 'refunded';

function TicketRow({ ticket, timeZone }: { ticket: TOrderTicketView; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const left = ticket.status === 'active' && ticket.usesLeft !== null && ticket.usesTotal !== null && ticket.usesTotal > 1 ? unitsLeftText(ticket.unit, ticket.usesLeft, lang) : null;
  const until = ticket.status === 'active' || ticket.status === 'transferring' ? couponUntil(ticket.validUntil, lang, (v) => t('mall.order.ticketUntil', { date: formatDay(lastValidInstant(v), timeZone, lang) })) : null;
  const content = (
    <>
      <Icon name="ticketStub" size={22} />
      <span className="mall-ticket__text">
        <strong>{ticket.name}</strong>
        <small data-testid="ticket-state">{[left, t(`mall.order.ticketStatus.${ticket.status}`), until].filter(Boolean).join(' · ')}</small>
      </span>
      {held(ticket) ? <Icon name="chevronRight" size={20} /> : null}
    </>
  );
  return (
    <li>
      {held(ticket) ? (
        <Link to={`/app/wallet/${ticket.couponId}`} className="mall-ticket">
          {content}
        </Link>
      ) : (
        <span className="mall-ticket">{content}</span>
      )}
    </li>
  );
}
