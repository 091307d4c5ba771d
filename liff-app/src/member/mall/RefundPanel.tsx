import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOrderView, TRefundQuote, TRefundView } from '../../../../shared/api/mall.ts';
import { call, errorMessage } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/ui.tsx';
import { currentLanguage, useLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { afterOrderChange } from './api.ts';
import { money } from './format.ts';

export const refundKeys = {
  quote: (id: number) => ['mall', 'refund-quote', id, currentLanguage()] as const,
  list: (id: number) => ['mall', 'refunds', id] as const,
};

export function useRefunds(order: TOrderView) {
  return useQuery({
    queryKey: refundKeys.list(order.id),
    queryFn: () => call('mallOrderRefunds', { params: { id: order.id } }),
    enabled: order.status !== 'pending' && order.status !== 'cancelled' && order.status !== 'expired',
    staleTime: 5_000,
    refetchInterval: (query) => ((query.state.data?.items ?? []).some((r) => r.state !== 'refunded') ? 5_000 : false),
  });
}

/** The refund a unit gives, in words: the 寄杯 formula the server applied, or the full amount. */
function unitLine(t: TFunction, unit: TRefundQuote['units'][number]): string {
  if (unit.kind === 'multi_pickup' && unit.collected > 0) {
    return t('mall.order.refundFormulaLine', { name: unit.name, paid: money(unit.cash + unit.deduction), collected: unit.collected, total: unit.usesTotal, deduction: money(unit.deduction), cash: money(unit.cash) });
  }
  return t('mall.order.refundFullLine', { name: unit.name, cash: money(unit.cash) });
}

/**
 * 申請退票 on a paid order: what the server says refunding every refundable ticket gives back now
 * (its quote, the 寄杯 formula included), why a ticket cannot be, and the refunds made so far.
 */
export function RefundPanel({ order, timeZone }: { order: TOrderView; timeZone: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const titleId = useId();
  const refunds = useRefunds(order);
  const canAsk = order.status === 'paid' || order.status === 'partially_refunded';
  const quote = useQuery({
    queryKey: refundKeys.quote(order.id),
    queryFn: () => call('mallRefundQuote', { params: { id: order.id } }),
    enabled: canAsk,
    staleTime: 5_000,
    refetchOnWindowFocus: true,
  });
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<TRefundView | null>(null);
  const key = useRef(crypto.randomUUID());

  const history = refunds.data?.items ?? [];
  const refundable = quote.data?.units.filter((u) => u.refundable) ?? [];
  const refused = quote.data?.units.filter((u) => !u.refundable && u.reason !== 'REFUNDED') ?? [];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call('mallRequestRefund', { params: { id: order.id }, body: { reason: reason.trim() }, headers: { 'Idempotency-Key': key.current } });
      key.current = crypto.randomUUID();
      setDone(result);
      setConfirming(false);
      afterOrderChange();
      void queryClient.invalidateQueries({ queryKey: ['mall', 'refunds', order.id] });
      void queryClient.invalidateQueries({ queryKey: ['mall', 'refund-quote', order.id] });
    } catch (e) {
      setError(errorMessage(e));
      void queryClient.invalidateQueries({ queryKey: ['mall', 'refund-quote', order.id] });
    } finally {
      setBusy(false);
    }
  };

  if (!canAsk && history.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby={titleId} data-testid="refund-panel">
      <h2 id={titleId} className="section-title">
        {canAsk ? t('mall.order.refundTitle') : t('mall.order.refunds')}
      </h2>
      {done ? (
        <Notice kind="success">
          {t('mall.order.refundDone', { amount: money(done.cash) })}
          {done.points > 0 ? ` · ${t('mall.order.refundPoints', { points: money(done.points) })}` : ''}
        </Notice>
      ) : null}
      {canAsk ? (
        quote.isError ? (
          <Notice kind="error">{errorMessage(quote.error)}</Notice>
        ) : !quote.data ? (
          <p className="muted" aria-busy="true">
            {t('common.loading')}
          </p>
        ) : refundable.length === 0 ? (
          <p className="muted">
            {refused[0]?.reason ? t('mall.order.refundNotAllowed', { reason: t(`mall.order.refusal.${refused[0].reason}`) }) : t('mall.order.refundNothing')}
          </p>
        ) : (
          <>
            <p className="muted">{t('mall.order.refundIntro')}</p>
            <div className="mall-refund" data-testid="refund-quote">
              <p className="field__label">{t('mall.order.refundPreview')}</p>
              <p className="mall-refund__amount">
                {t('mall.order.refundCash', { amount: money(quote.data.cash) })}
                {quote.data.points > 0 ? ` · ${t('mall.order.refundPoints', { points: money(quote.data.points) })}` : ''}
              </p>
              <ul className="mall-facts">
                {refundable.map((unit) => (
                  <li key={unit.orderLineId + ':' + unit.couponIds.join(',')}>{unitLine(t, unit)}</li>
                ))}
                {refused.map((unit) => (
                  <li key={'x' + unit.couponIds.join(',')}>{`${unit.name}：${t(`mall.order.refusal.${unit.reason ?? 'NOT_ACTIVE'}`)}`}</li>
                ))}
                <li>{t('mall.order.refundTickets', { count: refundable.reduce((n, u) => n + u.couponIds.length, 0) })}</li>
                {refundable.some((u) => u.recallsGift) ? <li>{t('mall.order.refundRecallsGift')}</li> : null}
                {quote.data.deadline ? <li>{t('mall.order.refundDeadline', { date: formatDateTime(quote.data.deadline, timeZone, lang) })}</li> : null}
              </ul>
            </div>
            {error ? <Notice kind="error">{error}</Notice> : null}
            {confirming ? (
              <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
                <Field label={t('mall.order.refundReason')} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
                <p>{t('mall.order.refundConfirm')}</p>
                <div className="form-actions">
                  <button type="button" className="btn btn--secondary" onClick={() => setConfirming(false)} disabled={busy}>
                    {t('mall.order.refundCancel')}
                  </button>
                  <button type="submit" className="btn btn--danger" disabled={busy}>
                    {busy ? t('mall.order.refundSubmitting') : t('mall.order.refundSubmit')}
                  </button>
                </div>
              </form>
            ) : (
              <button type="button" className="btn btn--secondary btn--block" onClick={() => setConfirming(true)}>
                {t('mall.order.refundTitle')}
              </button>
            )}
          </>
        )
      ) : null}
      {history.length > 0 ? (
        <ul className="mall-facts" aria-label={t('mall.order.refunds')}>
          {history.map((refund) => (
            <li key={refund.id}>
              {refund.points > 0
                ? t('mall.order.refundRowPoints', { date: formatDateTime(refund.createdAt, timeZone, lang), amount: money(refund.cash), points: money(refund.points) })
                : t('mall.order.refundRow', { date: formatDateTime(refund.createdAt, timeZone, lang), amount: money(refund.cash) })}
              {` · ${t(`mall.order.refundState.${refund.state}`)}`}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
