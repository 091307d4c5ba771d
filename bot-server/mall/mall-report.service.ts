import type { TSalesReport } from '../../shared/api/mall.ts';
import { addDays, daysBetween, localDate, zonedTime } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import type { Config } from '../config.ts';
import { csvDocument } from '../csv/csv.ts';
import type { Db } from '../db/client.ts';
import type { OrderStatus } from '../db/schema.ts';
import { linesById, ordersForExport, paidLinesBetween, refundsBetween } from './mall-report.repo.ts';

type Figures = TSalesReport['totals'];
const empty = (): Figures => ({ orders: 0, units: 0, revenueCash: 0, revenuePoints: 0, refunds: 0, refundedUnits: 0, refundedCash: 0, refundedPoints: 0, netCash: 0 });
const MAX_DAYS = 366;

/**
 * The mall's sales report (revenue, units, refunds; by brand-local day and by product, shaped
 * for the console's charts) and the orders CSV. Revenue counts orders on the day they were
 * paid; refunds count on the day they were made.
 */
export class MallReportService {
  private readonly d: { db: Db; config: Config };

  constructor(deps: { db: Db; config: Config }) {
    this.d = deps;
  }

  report(caller: Actor | undefined, q: { from: string; until: string; productId?: number | undefined }): TSalesReport {
    requireAdmin(caller);
    const tz = this.d.config.brandTimezone;
    const labels = daysBetween(q.from, q.until, MAX_DAYS);
    if (labels.at(-1) !== q.until) throw new AppError('VALIDATION_FAILED', { message: `until: 最多 ${MAX_DAYS} 天`, messageEn: `until: at most ${MAX_DAYS} days`, field: 'until' });
    const since = zonedTime(q.from, 0, tz);
    const until = zonedTime(addDays(q.until, 1), 0, tz);
    const days = new Map(labels.map((day) => [day, { day, ...empty(), orderIds: new Set<number>() }]));
    const products = new Map<number, { productId: number; name: string; kind: TSalesReport['products'][number]['kind']; orderIds: Set<number> } & Figures>();
    const productOf = (id: number, name: string, kind: TSalesReport['products'][number]['kind']) => {
      let p = products.get(id);
      if (!p) products.set(id, (p = { productId: id, name, kind, orderIds: new Set(), ...empty() }));
      return p;
    };
    for (const l of paidLinesBetween(this.d.db, since, until, q.productId)) {
      const day = days.get(localDate(l.paidAt!, tz));
      const p = productOf(l.productId, l.name, l.kind);
      for (const f of [day, p]) {
        if (!f) continue;
        f.orderIds.add(l.orderId);
        f.units += l.quantity;
        f.revenueCash += l.unitCash * l.quantity;
        f.revenuePoints += l.unitPoints * l.quantity;
      }
    }
    const refunds = refundsBetween(this.d.db, since, until);
    const lineIds = [...new Set(refunds.flatMap((r) => r.parts.map((p) => p.orderLineId)))];
    const lines = new Map(linesById(this.d.db, lineIds).map((l) => [l.id, l]));
    for (const r of refunds) {
      const parts = r.parts.filter((p) => !q.productId || lines.get(p.orderLineId)?.productId === q.productId);
      if (!parts.length) continue;
      const day = days.get(localDate(r.createdAt, tz));
      if (day) {
        day.refunds += 1;
        day.refundedUnits += parts.length;
        day.refundedCash += q.productId ? parts.reduce((s, p) => s + p.cash, 0) : r.cash;
        day.refundedPoints += q.productId ? parts.reduce((s, p) => s + p.points, 0) : r.points;
      }
      const seen = new Set<number>();
      for (const part of parts) {
        const line = lines.get(part.orderLineId);
        if (!line) continue;
        const p = productOf(line.productId, line.name, line.kind);
        if (!seen.has(line.productId)) p.refunds += 1;
        seen.add(line.productId);
        p.refundedUnits += 1;
        p.refundedCash += part.cash;
        p.refundedPoints += part.points;
      }
    }
    const finish = <T extends Figures & { orderIds: Set<number> }>(f: T) => {
      const { orderIds, ...rest } = f;
      return { ...rest, orders: orderIds.size, netCash: f.revenueCash - f.refundedCash };
    };
    const dayList = [...days.values()].map(finish);
    const totals = empty();
    for (const d of dayList) for (const k of Object.keys(totals) as (keyof Figures)[]) totals[k] += d[k];
    return {
      from: q.from,
      until: q.until,
      timezone: tz,
      totals,
      days: dayList,
      products: [...products.values()].map(finish).sort((a, b) => b.revenueCash - a.revenueCash || b.units - a.units || a.productId - b.productId),
    };
  }

  /** Orders created in the period, one line per order line, as CSV (cells that look like formulas are neutralised). */
  ordersCsv(caller: Actor | undefined, q: { from: string; until: string; status?: OrderStatus | undefined }): string {
    requireAdmin(caller);
    const tz = this.d.config.brandTimezone;
    const rows = ordersForExport(this.d.db, zonedTime(q.from, 0, tz), zonedTime(addDays(q.until, 1), 0, tz), q.status).map(({ o, l, memberName, memberDisplayName }) => [
      o.reference,
      localDate(o.createdAt, tz),
      o.createdAt,
      o.paidAt,
      o.status,
      o.fulfilment,
      o.memberId,
      memberName ?? memberDisplayName,
      l.productId,
      l.name,
      l.kind,
      l.quantity,
      l.unitCash,
      l.unitPoints,
      l.unitCash * l.quantity,
      l.unitPoints * l.quantity,
      o.totalCash,
      o.totalPoints,
      o.refundedCash,
      o.refundedPoints,
      o.recipient,
      o.invoiceCarrier,
    ]);
    return csvDocument(
      ['order', 'day', 'created_at', 'paid_at', 'status', 'fulfilment', 'member_id', 'member', 'product_id', 'product', 'kind', 'quantity', 'unit_cash', 'unit_points', 'line_cash', 'line_points', 'order_cash', 'order_points', 'refunded_cash', 'refunded_points', 'recipient', 'invoice_carrier'],
      rows,
    );
  }
}
