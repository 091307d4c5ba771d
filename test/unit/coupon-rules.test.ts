import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, describeRejection, evaluateCoupon, percentDiscount, type Basket, type CouponRules, type CouponState, type Rejection } from '../../shared/coupons/rules.ts';

const TZ = 'Asia/Taipei';
const STORES: Record<number, string> = { 1: '信義店', 2: '南西店', 3: '台中勤美店' };
const base: CouponRules = { kind: 'amount_off', amountOff: 0, percentOff: null, maxDiscount: null, exchangeItem: null, scope: { type: 'order' }, minSpend: 0, storeIds: null, weekdays: null, timeWindows: null };
const coupon: CouponState = { status: 'active', usesLeft: 1, validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2027-01-01T00:00:00Z') };
// A Monday, 15:30 in Taipei.
const AT = new Date('2026-11-23T07:30:00Z');

function run(rules: Partial<CouponRules>, basket?: Basket, extra: { storeId?: number; at?: Date; coupon?: Partial<CouponState> } = {}) {
  return evaluateCoupon({ rules: { ...base, ...rules }, coupon: { ...coupon, ...extra.coupon }, storeId: extra.storeId ?? 1, at: extra.at ?? AT, timeZone: TZ, basket });
}

function words(v: ReturnType<typeof run>, lang: 'zh-TW' | 'en' = 'zh-TW') {
  if (v.ok) throw new Error('expected a rejection');
  return describeRejection(v as Rejection, { lang, timeZone: TZ, storeName: (id) => STORES[id] ?? `#${id}` });
}

describe('every example from the seed', () => {
  it('NT$50 cash coupon: NT$50 off, never more than the order', () => {
    expect(run({ amountOff: 50 }, { subtotal: 300 })).toMatchObject({ ok: true, discount: 50 });
    expect(run({ amountOff: 50 }, { subtotal: 30 })).toMatchObject({ ok: true, discount: 30 });
    expect(run({ amountOff: 50 })).toMatchObject({ ok: true, discount: 50 }); // no amount needed
  });

  it('diaper coupon: NT$100 off when the basket has a box of diapers', () => {
    const rules = { amountOff: 100, scope: { type: 'items' as const, skus: ['DIAPER-BOX'], categories: [] } };
    const v = run(rules, { lines: [{ sku: 'DIAPER-BOX', unitPrice: 899, quantity: 1 }, { sku: 'MILK', unitPrice: 65, quantity: 2 }] });
    expect(v).toMatchObject({ ok: true, discount: 100, eligibleAmount: 899, lines: [{ sku: 'DIAPER-BOX', discount: 100 }] });
    const none = run(rules, { lines: [{ sku: 'MILK', unitPrice: 65, quantity: 2 }] });
    expect(none).toMatchObject({ ok: false, reason: 'NO_ELIGIBLE_ITEMS' });
    expect(words(none)).toBe('購物內容沒有適用本券的商品');
  });

  it('8 折 when the order reaches NT$500', () => {
    const rules = { kind: 'percent_off' as const, percentOff: 20, minSpend: 500 };
    expect(run(rules, { subtotal: 600 })).toMatchObject({ ok: true, discount: 120 });
    const short = run(rules, { subtotal: 499 });
    expect(short).toMatchObject({ ok: false, reason: 'MIN_SPEND_NOT_MET', shortBy: 1 });
    expect(run(rules)).toMatchObject({ ok: true, discount: null }); // usable; the amount decides
  });

  it('NT$100 off only when spending NT$1,000 or more: 「差 NT$120 才達滿額」', () => {
    const rules = { amountOff: 100, minSpend: 1000 };
    expect(words(run(rules, { subtotal: 880 }))).toBe('差 NT$120 才達滿額（滿 NT$1,000 可用）');
    expect(words(run(rules, { subtotal: 880 }), 'en')).toBe('NT$120 short of the NT$1,000 minimum spend');
    expect(run(rules, { subtotal: 1000 })).toMatchObject({ ok: true, discount: 100 });
  });

  it('30% off only at the newly opened store: 「本券限信義店使用」', () => {
    const rules = { kind: 'percent_off' as const, percentOff: 30, storeIds: [1] };
    expect(words(run(rules, { subtotal: 1000 }, { storeId: 2 }))).toBe('本券限信義店使用');
    expect(run(rules, { subtotal: 1000 }, { storeId: 1 })).toMatchObject({ ok: true, discount: 300 });
  });

  it('lucky bag contents: jacket exchange voucher, NT$3,000 cash coupon, 7 折 on a designer item', () => {
    expect(run({ kind: 'exchange', exchangeItem: { sku: 'JACKET-01', name: '設計師外套' } })).toMatchObject({ ok: true, kind: 'exchange', exchangeItem: { name: '設計師外套' } });
    expect(run({ kind: 'exchange', exchangeItem: { sku: 'JACKET-01', name: '設計師外套' } }, { lines: [{ sku: 'JACKET-01', unitPrice: 4980, quantity: 1 }] })).toMatchObject({ ok: true, discount: 4980 });
    expect(run({ amountOff: 3000 }, { subtotal: 5200 })).toMatchObject({ ok: true, discount: 3000 });
    const designer = { kind: 'percent_off' as const, percentOff: 30, scope: { type: 'items' as const, skus: [], categories: ['designer'] } };
    expect(run(designer, { lines: [{ sku: 'BAG-9', category: 'designer', unitPrice: 12000, quantity: 1 }, { sku: 'SOCKS', category: 'basics', unitPrice: 300, quantity: 1 }] })).toMatchObject({ ok: true, discount: 3600, eligibleAmount: 12000 });
  });

  it('afternoon tea 9 折, 5 uses, 14:00–17:00 only', () => {
    const rules = { kind: 'percent_off' as const, percentOff: 10, timeWindows: [{ start: '14:00', end: '17:00' }] };
    const five = { coupon: { usesLeft: 5 } };
    expect(run(rules, { subtotal: 360 }, { ...five, at: new Date('2026-11-23T05:59:00Z') })).toMatchObject({ ok: false, reason: 'OUTSIDE_TIME_WINDOW' });
    expect(words(run(rules, { subtotal: 360 }, { ...five, at: new Date('2026-11-23T05:59:00Z') }))).toBe('本券限 14:00–17:00 使用');
    expect(run(rules, { subtotal: 360 }, { ...five, at: new Date('2026-11-23T06:00:00Z') })).toMatchObject({ ok: true, discount: 36 });
    expect(run(rules, { subtotal: 360 }, { ...five, at: new Date('2026-11-23T09:00:00Z') })).toMatchObject({ ok: false, reason: 'OUTSIDE_TIME_WINDOW' });
    expect(run(rules, { subtotal: 360 }, { coupon: { usesLeft: 0 } })).toMatchObject({ ok: false, reason: 'USED_UP' });
  });

  it('aroma oil (3 uses) and Mother\'s Day SPA (6 uses) exchange vouchers', () => {
    expect(run({ kind: 'exchange', exchangeItem: { sku: null, name: '精油體驗' } }, undefined, { coupon: { usesLeft: 3 } })).toMatchObject({ ok: true, discount: 0 });
    expect(run({ kind: 'exchange', exchangeItem: { sku: null, name: '母親節 SPA' } }, undefined, { coupon: { usesLeft: 6 } })).toMatchObject({ ok: true });
  });

  it('birthday pack: NT$50 off everything, 8 折 on named shoes, NT$100 off NT$1,000', () => {
    expect(run({ amountOff: 50 }, { subtotal: 420 })).toMatchObject({ discount: 50 });
    const shoes = { kind: 'percent_off' as const, percentOff: 20, scope: { type: 'items' as const, skus: ['SHOE-RUN-42', 'SHOE-RUN-43'], categories: [] } };
    expect(run(shoes, { lines: [{ sku: 'SHOE-RUN-42', unitPrice: 2680, quantity: 1 }, { sku: 'CAP', unitPrice: 590, quantity: 1 }] })).toMatchObject({ discount: 536 });
    expect(run({ amountOff: 100, minSpend: 1000 }, { subtotal: 1200 })).toMatchObject({ discount: 100 });
  });

  it('10%-off T-shirt coupon by category; 8 折 up to NT$200', () => {
    expect(run({ kind: 'percent_off', percentOff: 10, scope: { type: 'items', skus: [], categories: ['tshirt'] } }, { lines: [{ sku: 'TEE-1', category: 'tshirt', unitPrice: 590, quantity: 2 }] })).toMatchObject({ discount: 118 });
    expect(run({ kind: 'percent_off', percentOff: 20, maxDiscount: 200 }, { subtotal: 2000 })).toMatchObject({ discount: 200 });
  });

  it('states and dates: voided, expired, not started, wrong weekday', () => {
    expect(words(run({ amountOff: 50 }, undefined, { coupon: { status: 'voided' } }))).toBe('本券已作廢');
    expect(run({ amountOff: 50 }, undefined, { at: new Date('2027-01-01T00:00:00Z') })).toMatchObject({ reason: 'EXPIRED' });
    expect(words(run({ amountOff: 50 }, undefined, { at: new Date('2025-12-31T00:00:00Z') }))).toContain('起才能使用');
    expect(words(run({ amountOff: 50, weekdays: [0, 6] }))).toBe('本券限週日、週六使用');
  });

  it('rounds percent discounts on the amount to pay, half up', () => {
    expect(percentDiscount(199, 20, null)).toBe(40); // pay 159.2 → 159
    expect(percentDiscount(105, 21, null)).toBe(22); // 79 折: pay 82.95 → 83
    expect(percentDiscount(10, 5, null)).toBe(0); // pay 9.5 → 10
  });
});

const arbRules = fc.record({
  kind: fc.constantFrom('amount_off' as const, 'percent_off' as const),
  amountOff: fc.integer({ min: 0, max: 5000 }),
  percentOff: fc.integer({ min: 1, max: 99 }),
  maxDiscount: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
  itemScope: fc.boolean(),
  minSpend: fc.integer({ min: 0, max: 3000 }),
});
const arbLines = fc.array(
  fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'D'), category: fc.constantFrom('x', 'y'), unitPrice: fc.integer({ min: 0, max: 20000 }), quantity: fc.integer({ min: 0, max: 12 }) }),
  { maxLength: 8 },
);

describe('discount invariants (property-based)', () => {
  it('never negative, never more than the eligible amount or the cap, lines add up', () => {
    fc.assert(
      fc.property(arbRules, arbLines, (r, lines) => {
        const rules: CouponRules = {
          ...base,
          kind: r.kind,
          amountOff: r.amountOff,
          percentOff: r.percentOff,
          maxDiscount: r.maxDiscount,
          minSpend: r.minSpend,
          scope: r.itemScope ? { type: 'items', skus: ['A'], categories: ['y'] } : { type: 'order' },
        };
        const v = evaluateCoupon({ rules, coupon, storeId: 1, at: AT, timeZone: TZ, basket: { lines } });
        if (!v.ok) return;
        const d = v.discount!;
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(v.eligibleAmount ?? 0);
        if (r.kind === 'percent_off' && r.maxDiscount !== null) expect(d).toBeLessThanOrEqual(r.maxDiscount);
        if (r.kind === 'amount_off') expect(d).toBeLessThanOrEqual(r.amountOff);
        if (v.lines.length > 0) expect(v.lines.reduce((s, l) => s + l.discount, 0)).toBe(d);
        for (const l of v.lines) expect(l.discount).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('allocation never gives a line more than its total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 100000 }), (totals, want) => {
        const sum = totals.reduce((a, b) => a + b, 0);
        const discount = Math.min(want, sum);
        const lines = totals.map((t, i) => ({ sku: `S${i}`, total: t }));
        const out = allocate(discount, lines);
        expect(out.reduce((s, l) => s + l.discount, 0)).toBe(sum === 0 ? 0 : discount);
        out.forEach((l, i) => expect(l.discount).toBeLessThanOrEqual(totals[i]!));
      }),
      { numRuns: 2000 },
    );
  });

  it('a minimum spend is met exactly at the threshold, and the shortfall is exact below it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 0, max: 100000 }), (minSpend, subtotal) => {
        const v = run({ amountOff: 1, minSpend }, { subtotal });
        if (subtotal >= minSpend) expect(v.ok).toBe(true);
        else expect(v).toMatchObject({ ok: false, reason: 'MIN_SPEND_NOT_MET', shortBy: minSpend - subtotal });
      }),
    );
  });
});
