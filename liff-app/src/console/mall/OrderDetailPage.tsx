import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TConsoleOrderView } from '../../../../shared/api/mall.ts';
import { localDate } from '../../../../shared/dates.ts';
import { call, errorMessage } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorState, Facts, Notice, SkeletonStack } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { BackLink } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { money, orderMoney, refreshMall, useConsoleOrder } from './api.ts';
import { ORDER_TONE } from './OrdersPage.tsx';

/** /console/mall/orders/:id: the order, its payments and tickets; mark ready / delayed; refund. */
export function OrderDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const order = useConsoleOrder(Number(id));
  if (order.isError) return <ErrorState error={order.error} title={t('mallC.order.loadFailed')} onRetry={() => void order.refetch()} />;
  if (!order.data) return <SkeletonStack blocks={[{ width: 120, height: 18 }, { width: 260, height: 30 }, { height: 200, radius: 14 }, { height: 200, radius: 14 }]} />;
  return <OrderDetail order={order.data} />;
}

function afterChange(orderId: number) {
  void refreshMall();
  void queryClient.invalidateQueries({ queryKey: ['console', 'mall', 'after', orderId] });
}

function OrderDetail({ order }: { order: TConsoleOrderView }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  const paid = order.paidAt !== null;
  return (
    <div className="stack">
      <BackLink to="/console/mall/orders" label={t('mallC.order.back')} />
      <PageHeader title={t('mallC.order.title', { reference: order.reference })}>
        <span className={`pill ${ORDER_TONE[order.status]}`} data-testid="console-order-status">
          {t(`mallC.status.${order.status}`)}
        </span>
        {order.fulfilment !== 'none' ? <span className="pill soft--warn">{t(`mallC.fulfilment.${order.fulfilment}`)}</span> : null}
      </PageHeader>
      <div className="mallc-detail">
        <section className="panel" aria-labelledby="mallc-order-facts">
          <h2 id="mallc-order-facts">{t('mallC.order.title', { reference: order.reference })}</h2>
          <Facts
            className="mallc-facts"
            rows={[
              [t('mallC.order.member'), <Link key="m" to={`/console/members/${order.memberId}`} className="link">{order.memberName}</Link>],
              [t('mallC.order.placedAt'), time.numericDateTime(order.createdAt)],
              order.paidAt ? [t('mallC.order.paidAt'), time.numericDateTime(order.paidAt)] : [t('mallC.order.holdUntil'), time.numericDateTime(order.holdUntil)],
              ...order.lines.map((l) => [t('mallC.orders.colProduct'), `${l.name} ×${l.quantity}`] as const),
              [t('mallC.order.amount'), orderMoney(t, order)],
              order.invoiceCarrier ? [t('mallC.order.carrier'), order.invoiceCarrier, 'mono'] : null,
              order.giftMobile ? [t('mallC.order.recipient'), order.giftMobile] : null,
            ]}
          />
        </section>
        {paid ? <Actions order={order} /> : null}
      </div>

      <section className="panel" aria-labelledby="mallc-payments">
        <h2 id="mallc-payments">{t('mallC.order.payment')}</h2>
        {order.payments.length === 0 ? (
          <p className="muted">{t('mallC.order.paymentsEmpty')}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t('mallC.order.payment')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mallC.order.colAttempt')}</th>
                <th scope="col">{t('mallC.order.transaction')}</th>
                <th scope="col" className="num">{t('mallC.order.colAmount')}</th>
                <th scope="col">{t('mallC.order.colState')}</th>
                <th scope="col">{t('mallC.order.colError')}</th>
              </tr>
            </thead>
            <tbody>
              {order.payments.map((p) => (
                <tr key={p.providerOrderId}>
                  <td className="mono">{p.providerOrderId}</td>
                  <td className="mono">{p.transactionId ?? '—'}</td>
                  <td className="num">{`NT$${money(p.amount)}`}</td>
                  <td>{p.state}</td>
                  <td>{p.lastError ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="mallc-tickets">
        <h2 id="mallc-tickets">{t('mallC.order.tickets')}</h2>
        {order.tickets.length === 0 ? (
          <p className="muted">{t('mallC.order.ticketsEmpty')}</p>
        ) : (
          <ul className="mallc-tickets">
            {order.tickets.map((ticket) => (
              <li key={ticket.couponId}>
                <Link to={`/console/coupon-list?couponId=${ticket.couponId}`} className="link">
                  {ticket.name}
                </Link>
                <span className="mallc-sub">{`#${ticket.couponId}${ticket.refunded ? ` · ${t('mallC.status.refunded')}` : ''}${ticket.giftState ? ` · ${ticket.giftState}` : ''}`}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {paid ? <Refunds order={order} /> : null}
    </div>
  );
}

/** 標示可取貨 / 標示延後出貨 (with the note the member reads and a new date), and the history of both. */
function Actions({ order }: { order: TConsoleOrderView }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  const fulfilment = useQuery({ queryKey: ['console', 'mall', 'after', order.id, 'fulfilment'], queryFn: () => call('consoleOrderFulfilment', { params: { id: order.id } }) });
  const [mode, setMode] = useState<'none' | 'ready' | 'delayed'>('none');
  const [note, setNote] = useState('');
  const [date, setDate] = useState(() => localDate(new Date(Date.now() + 3 * 86_400_000), time.timeZone));
  const [noteError, setNoteError] = useState<string | undefined>();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const act = useMutation({
    mutationFn: () =>
      mode === 'ready' ? call('consoleMarkOrderReady', { params: { id: order.id }, body: { note: note.trim() } }) : call('consoleMarkOrderDelayed', { params: { id: order.id }, body: { note: note.trim(), expectedDate: date } }),
    onSuccess: () => {
      setMessage({ kind: 'success', text: t(mode === 'ready' ? 'mallC.order.markReadyDone' : 'mallC.order.markDelayedDone') });
      setMode('none');
      setNote('');
      afterChange(order.id);
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === 'delayed' && !note.trim()) return setNoteError(t('mallC.order.delayNoteRequired'));
    setNoteError(undefined);
    act.mutate();
  };
  return (
    <section className="panel stack" aria-labelledby="mallc-actions">
      <h2 id="mallc-actions">{t('mallC.order.actions')}</h2>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {mode === 'none' ? (
        <div className="mallc-actions">
          <button type="button" className="btn btn--secondary" onClick={() => setMode('ready')}>
            {t('mallC.order.markReady')}
          </button>
          <button type="button" className="btn btn--secondary" onClick={() => setMode('delayed')}>
            {t('mallC.order.markDelayed')}
          </button>
        </div>
      ) : (
        <form className="stack" onSubmit={submit} noValidate>
          <Field label={mode === 'delayed' ? t('mallC.order.delayNote') : t('mallC.order.readyNote')} value={note} maxLength={300} autoComplete="off" onChange={(e) => setNote(e.target.value)} error={noteError} autoFocus />
          {mode === 'delayed' ? <Field type="date" label={t('mallC.order.expectedDate')} value={date} onChange={(e) => setDate(e.target.value)} /> : null}
          <div className="form-actions">
            <button type="button" className="btn btn--ghost" onClick={() => setMode('none')} disabled={act.isPending}>
              {t('mallC.order.cancel')}
            </button>
            <button type="submit" className="btn btn--primary" disabled={act.isPending}>
              {act.isPending ? t('mallC.order.working') : mode === 'ready' ? t('mallC.order.markReady') : t('mallC.order.markDelayed')}
            </button>
          </div>
        </form>
      )}
      {fulfilment.data && fulfilment.data.events.length > 0 ? (
        <>
          <h3 className="mallc-h3">{t('mallC.order.fulfilmentHistory')}</h3>
          <ul className="mallc-tickets">
            {fulfilment.data.events.map((e, i) => (
              <li key={i}>
                <strong>{t(`mallC.fulfilment.${e.status}`)}</strong>
                <span className="mallc-sub">{[time.numericDateTime(e.at), e.note, e.expectedDate].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** What a refund of everything refundable gives back (the server's quote, 寄杯 formula included), the refund, and the refunds so far. */
function Refunds({ order }: { order: TConsoleOrderView }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  const quote = useQuery({ queryKey: ['console', 'mall', 'after', order.id, 'quote'], queryFn: () => call('consoleRefundQuote', { params: { id: order.id } }) });
  const refunds = useQuery({ queryKey: ['console', 'mall', 'after', order.id, 'refunds'], queryFn: () => call('consoleOrderRefunds', { params: { id: order.id } }) });
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const key = useRef(crypto.randomUUID());
  const refund = useMutation({
    mutationFn: () => call('consoleRefundOrder', { params: { id: order.id }, body: { reason: reason.trim() }, headers: { 'Idempotency-Key': key.current } }),
    onSuccess: (r) => {
      key.current = crypto.randomUUID();
      setMessage({ kind: 'success', text: t('mallC.order.refundDone', { amount: money(r.cash) }) });
      setOpen(false);
      afterChange(order.id);
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });
  const retry = useMutation({
    mutationFn: (id: number) => call('consoleRetryRefund', { params: { id } }),
    onSuccess: () => {
      setMessage({ kind: 'success', text: t('mallC.order.refundRetried') });
      afterChange(order.id);
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });
  const units = quote.data?.units ?? [];
  const refundable = units.filter((u) => u.refundable);
  return (
    <section className="panel stack" aria-labelledby="mallc-refund">
      <h2 id="mallc-refund">{t('mallC.order.refund')}</h2>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {quote.isError ? <Notice kind="error">{errorMessage(quote.error)}</Notice> : null}
      {quote.data ? (
        refundable.length === 0 ? (
          <p className="muted">{t('mallC.order.refundNothing')}</p>
        ) : (
          <>
            <p className="strong" data-testid="console-refund-quote">
              {t('mallC.order.refundPreview', { amount: money(quote.data.cash), points: money(quote.data.points) })}
            </p>
            <ul className="mallc-list">
              {units.map((u) => (
                <li key={u.orderLineId + ':' + u.couponIds.join(',')}>
                  {u.refundable
                    ? t('mallC.order.refundUnit', { name: u.name, cash: money(u.cash), collected: u.collected, total: u.usesTotal, deduction: money(u.deduction) })
                    : t('mallC.order.refundRefused', { name: u.name, reason: u.reason ?? '' })}
                </li>
              ))}
            </ul>
            {open ? (
              <form
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  refund.mutate();
                }}
                noValidate
              >
                <Field label={t('mallC.order.refundReason')} value={reason} maxLength={200} autoComplete="off" onChange={(e) => setReason(e.target.value)} autoFocus />
                <div className="form-actions">
                  <button type="button" className="btn btn--ghost" onClick={() => setOpen(false)} disabled={refund.isPending}>
                    {t('mallC.order.cancel')}
                  </button>
                  <button type="submit" className="btn btn--danger" disabled={refund.isPending}>
                    {refund.isPending ? t('mallC.order.working') : t('mallC.order.refundConfirm')}
                  </button>
                </div>
              </form>
            ) : (
              <div>
                <button type="button" className="btn btn--secondary" onClick={() => setOpen(true)}>
                  {t('mallC.order.refund')}
                </button>
              </div>
            )}
          </>
        )
      ) : null}
      {refunds.data && refunds.data.items.length > 0 ? (
        <>
          <h3 className="mallc-h3">{t('mallC.order.refunds')}</h3>
          <ul className="mallc-tickets">
            {refunds.data.items.map((r) => (
              <li key={r.id}>
                <strong>{`NT$${money(r.cash)}${r.points ? ` · ${t('mallC.price.points', { points: money(r.points) })}` : ''}`}</strong>
                <span className="mallc-sub">{[time.numericDateTime(r.createdAt), t(`mallC.order.refundState.${r.state}`), t(`mallC.order.refundBy.${r.requestedBy}`), r.reason, r.lastError].filter(Boolean).join(' · ')}</span>
                {r.state === 'failed' ? (
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => retry.mutate(r.id)} disabled={retry.isPending}>
                    {t('mallC.order.refundRetry')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
