import type { z } from 'zod';
import type { TConsoleProduct, TMallProduct, TProductItemView, TProductSaved, ZProductInput } from '../../shared/api/mall.ts';
import { AppError, type Lang } from '../../shared/errors.ts';
import { englishOrNull, localized } from '../../shared/i18n/localized.ts';
import { multiPickupUnitValue } from '../../shared/mall/refund-rules.ts';
import { requireAdmin } from '../auth/policies.ts';
import type { Actor } from '../auth/actor.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import type { CouponIssuer } from '../coupons/issuing.port.ts';
import type { TierLookup } from '../tiers/tier-lookup.port.ts';
import { memberFacts } from './order.repo.ts';
import { findProduct, insertProduct, itemsOf, listProducts, memberUnits, setStockTotal, stockOf, templatesOf, updateProduct, type ProductRow, type StockRow, type TemplateFacts } from './product.repo.ts';

type ProductInput = z.output<typeof ZProductInput>;

const DAY_MS = 86_400_000;

/** Whether the product is on sale to this member now: status, window, audience. */
export function onSaleFor(db: DbOrTx, tiers: TierLookup | undefined, p: ProductRow, memberId: number, now: Date): boolean {
  if (p.saleStartsAt && p.saleStartsAt > now) return false;
  return listedFor(db, tiers, p, memberId, now);
}

/**
 * Whether the member's mall lists the product: on sale to them, or not yet on sale (shown as
 * 「即將開賣」 with its start, not buyable until then — checkout asks onSaleFor).
 */
export function listedFor(db: DbOrTx, tiers: TierLookup | undefined, p: ProductRow, memberId: number, now: Date): boolean {
  if (p.status !== 'active') return false;
  if (p.saleEndsAt && p.saleEndsAt <= now) return false;
  const a = p.audience;
  if (a.type === 'tiers') {
    const tier = tiers?.currentTier(db, memberId);
    return !!tier && a.tierIds.includes(tier.id);
  }
  if (a.type === 'new_members') {
    const m = memberFacts(db, memberId);
    const joined = m?.registeredAt ?? m?.createdAt;
    return !!joined && now.getTime() - joined.getTime() <= a.withinDays * DAY_MS;
  }
  return true;
}

function available(s: StockRow | undefined): number | null {
  if (!s || s.total === null) return null;
  return Math.max(0, s.total - s.reserved - s.sold);
}

/**
 * 禮券 rules (Taiwan's 零售業等商品（服務）禮券定型化契約): a prepaid ticket carries no expiry by
 * default. A template that expires, has its own stock or its own per-member limit is flagged for
 * the console (the mall's stock and limit are the product's).
 */
export function productWarnings(p: Pick<ProductInput, 'priceCash' | 'kind' | 'guarantee'>, templates: TemplateFacts[]): { code: string; message: string }[] {
  const warnings: { code: string; message: string }[] = [];
  for (const t of templates) {
    const expires = t.validity.type === 'fixed' || (t.validity.type === 'relative' && t.validity.days < 3650);
    if (expires && p.priceCash > 0) warnings.push({ code: 'PAID_TICKET_EXPIRES', message: `「${t.name}」設有使用期限：依禮券定型化契約，售出的禮券原則上不得限制使用期限 / "${t.name}" has an expiry: Taiwan's 禮券 rules say a paid voucher should carry none` });
    if (t.totalStock !== null || t.perMemberLimit !== null) warnings.push({ code: 'TEMPLATE_HAS_LIMITS', message: `「${t.name}」自帶庫存或每人上限，可能在付款後無法發券（將自動退款）；商城的庫存與限購以商品設定為準 / "${t.name}" has its own stock or limit; set them on the product instead` });
    if (t.status !== 'active') warnings.push({ code: 'TEMPLATE_ARCHIVED', message: `「${t.name}」已封存 / "${t.name}" is archived` });
  }
  if (p.priceCash > 0 && p.guarantee.type === 'none') warnings.push({ code: 'NO_GUARANTEE', message: '尚未記錄履約保障（信託或銀行保證）：販售禮券前請先安排 / No 履約保障 recorded (bank trust or guarantee): arrange one before selling prepaid vouchers' });
  return warnings;
}

/** Products (商品): the console's catalogue and the member's mall. */
export class ProductService {
  private readonly db: Db;
  private readonly coupons: CouponIssuer;
  private readonly tiers: TierLookup | undefined;

  constructor(deps: { db: Db; coupons: CouponIssuer; tiers?: TierLookup }) {
    this.db = deps.db;
    this.coupons = deps.coupons;
    this.tiers = deps.tiers;
  }

  create(caller: Actor | undefined, input: ProductInput): TProductSaved {
    requireAdmin(caller);
    return transact(this.db, (tx) => {
      const templates = this.checkTemplates(tx, input);
      const p = insertProduct(tx, this.row(input), input.items, input.stock);
      return { product: this.consoleView(tx, p, 'zh-TW'), warnings: productWarnings(input, templates) };
    });
  }

  update(caller: Actor | undefined, id: number, input: ProductInput): TProductSaved {
    requireAdmin(caller);
    return transact(this.db, (tx) => {
      if (!findProduct(tx, id)) throw new AppError('NOT_FOUND');
      const templates = this.checkTemplates(tx, input);
      if (!setStockTotal(tx, id, input.stock)) throw new AppError('STOCK_BELOW_SOLD', { field: 'stock' });
      const p = updateProduct(tx, id, this.row(input), input.items)!;
      return { product: this.consoleView(tx, p, 'zh-TW'), warnings: productWarnings(input, templates) };
    });
  }

  get(caller: Actor | undefined, id: number, lang: Lang): TConsoleProduct {
    requireAdmin(caller);
    const p = findProduct(this.db, id);
    if (!p) throw new AppError('NOT_FOUND');
    return this.consoleView(this.db, p, lang);
  }

  list(caller: Actor | undefined, q: { status?: ProductRow['status'] | undefined; category?: string | undefined }, lang: Lang): { items: TConsoleProduct[] } {
    requireAdmin(caller);
    return { items: listProducts(this.db, q).map((p) => this.consoleView(this.db, p, lang)) };
  }

  /** The mall for one member: what is on sale to them now, by category. */
  mall(memberId: number, category: string | undefined, lang: Lang, now = new Date()): { items: TMallProduct[]; categories: string[] } {
    const all = listProducts(this.db, { status: 'active' }).filter((p) => listedFor(this.db, this.tiers, p, memberId, now));
    const categories = [...new Set(all.map((p) => p.category).filter((c) => c !== ''))];
    const shown = category === undefined ? all : all.filter((p) => p.category === category);
    return { items: this.mallViews(this.db, shown, memberId, lang), categories };
  }

  mallProduct(memberId: number, id: number, lang: Lang, now = new Date()): TMallProduct {
    const p = findProduct(this.db, id);
    if (!p || !listedFor(this.db, this.tiers, p, memberId, now)) throw new AppError('PRODUCT_NOT_AVAILABLE');
    return this.mallViews(this.db, [p], memberId, lang)[0]!;
  }

  private checkTemplates(tx: DbOrTx, input: ProductInput): TemplateFacts[] {
    const ids = [...new Set(input.items.map((i) => i.templateId))];
    const templates = templatesOf(tx, ids);
    const missing = ids.find((id) => !templates.has(id));
    if (missing !== undefined) throw new AppError('VALIDATION_FAILED', { field: 'items', message: `items: 找不到票券範本 ${missing}`, messageEn: `items: no coupon template ${missing}` });
    if (input.kind === 'multi_pickup' && templates.get(ids[0]!)!.usesPerCoupon < 2) throw new AppError('VALIDATION_FAILED', { field: 'items', message: 'items: 寄杯商品的票券須可使用多次（例如 10 杯）', messageEn: 'items: a multi-pickup ticket needs a template with several uses (e.g. 10 cups)' });
    return [...templates.values()];
  }

  private row(input: ProductInput): Omit<ProductRow, 'id' | 'createdAt' | 'updatedAt'> {
    return {
      kind: input.kind,
      status: input.status,
      name: input.name,
      nameEn: englishOrNull(input.nameEn),
      description: input.description,
      descriptionEn: englishOrNull(input.descriptionEn),
      category: input.category,
      imageUrl: input.imageUrl,
      sortOrder: input.sortOrder,
      priceMode: input.priceMode,
      priceCash: input.priceCash,
      pricePoints: input.pricePoints,
      listPrice: input.listPrice,
      perMemberLimit: input.perMemberLimit,
      saleStartsAt: input.saleStartsAt ? new Date(input.saleStartsAt) : null,
      saleEndsAt: input.saleEndsAt ? new Date(input.saleEndsAt) : null,
      audience: input.audience,
      refundable: input.refundable,
      refundWindowDays: input.refundWindowDays,
      refundUnitValue: input.refundUnitValue,
      guarantee: input.guarantee,
    };
  }

  private itemViews(tx: DbOrTx, productIds: number[], lang: Lang) {
    const items = itemsOf(tx, productIds);
    const templates = templatesOf(tx, [...new Set(items.map((it) => it.templateId))]);
    const byProduct = new Map<number, TProductItemView[]>();
    for (const it of items) {
      const d = this.coupons.describeTemplate(it.templateId, lang);
      const t = templates.get(it.templateId);
      const list = byProduct.get(it.productId) ?? [];
      list.push({ templateId: it.templateId, quantity: it.quantity, name: d?.name ?? '', summary: d?.summary ?? '', color: d?.color ?? '#06C755', usesPerCoupon: t?.usesPerCoupon ?? 1, unit: t?.unit ?? 'use', noExpiry: t?.validity.type === 'none' });
      byProduct.set(it.productId, list);
    }
    return byProduct;
  }

  private consoleView(tx: DbOrTx, p: ProductRow, lang: Lang): TConsoleProduct {
    const s = stockOf(tx, [p.id]).get(p.id);
    return {
      id: p.id,
      kind: p.kind,
      status: p.status,
      name: p.name,
      nameEn: p.nameEn,
      description: p.description,
      descriptionEn: p.descriptionEn,
      category: p.category,
      imageUrl: p.imageUrl,
      sortOrder: p.sortOrder,
      priceMode: p.priceMode,
      priceCash: p.priceCash,
      pricePoints: p.pricePoints,
      listPrice: p.listPrice,
      stock: s?.total ?? null,
      reserved: s?.reserved ?? 0,
      sold: s?.sold ?? 0,
      available: available(s),
      perMemberLimit: p.perMemberLimit,
      saleStartsAt: p.saleStartsAt?.toISOString() ?? null,
      saleEndsAt: p.saleEndsAt?.toISOString() ?? null,
      audience: p.audience,
      refundable: p.refundable,
      refundWindowDays: p.refundWindowDays,
      refundUnitValue: p.refundUnitValue,
      guarantee: { type: p.guarantee.type, reference: p.guarantee.reference ?? null, note: p.guarantee.note ?? null },
      items: this.itemViews(tx, [p.id], lang).get(p.id) ?? [],
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }

  private mallViews(tx: DbOrTx, list: ProductRow[], memberId: number, lang: Lang): TMallProduct[] {
    const ids = list.map((p) => p.id);
    const stock = stockOf(tx, ids);
    const mine = memberUnits(tx, memberId, ids);
    const items = this.itemViews(tx, ids, lang);
    return list.map((p) => {
      const left = available(stock.get(p.id));
      const issues = items.get(p.id) ?? [];
      return {
        id: p.id,
        kind: p.kind,
        name: localized(p.name, p.nameEn, lang),
        description: localized(p.description, p.descriptionEn, lang),
        category: p.category,
        imageUrl: p.imageUrl,
        priceMode: p.priceMode,
        priceCash: p.priceCash,
        pricePoints: p.pricePoints,
        listPrice: p.listPrice,
        available: left,
        soldOut: left === 0,
        perMemberLimit: p.perMemberLimit,
        remainingForMe: p.perMemberLimit === null ? null : Math.max(0, p.perMemberLimit - (mine.get(p.id) ?? 0)),
        saleStartsAt: p.saleStartsAt?.toISOString() ?? null,
        saleEndsAt: p.saleEndsAt?.toISOString() ?? null,
        refundable: p.refundable,
        refundWindowDays: p.refundWindowDays,
        // The same formula the refund uses (shared/mall/refund-rules.ts), so the page states what a refund keeps.
        refundUnitValue: p.kind === 'multi_pickup' ? multiPickupUnitValue({ refundUnitValue: p.refundUnitValue, listPrice: p.listPrice, unitCash: p.priceCash }, issues[0]?.usesPerCoupon ?? 0) : null,
        guarantee: { type: p.guarantee.type, reference: p.guarantee.reference ?? null },
        images: p.imageUrl ? [p.imageUrl] : [],
        items: issues,
      };
    });
  }
}
