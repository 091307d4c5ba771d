import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateFifo, computeEarn, DEFAULT_EARN_SETTINGS, expiryDate, expiryLine, pointsToReverse, type EarnSettings } from '../../shared/points/rules.ts';

const base: EarnSettings = { ...DEFAULT_EARN_SETTINGS, groups: [] };
const input = (paid: number, lines = [{ sku: 'X', quantity: 1, unitPrice: paid }], extra: Partial<Parameters<typeof computeEarn>[1]> = {}) => ({ lines, paid, date: '2026-06-10', birthday: null, tierMultiplier: 1, ...extra });

describe('earn rules (the seeds’ numbers)', () => {
  const cases: { name: string; settings: EarnSettings; input: ReturnType<typeof input>; points: number; explain: number[] }[] = [
    { name: 'NT$1,000 at NT$50 = 1 → 20', settings: base, input: input(1000), points: 20, explain: [20] },
    { name: 'NT$49 → 0 (rounded down)', settings: base, input: input(49), points: 0, explain: [0] },
    {
      name: '指定商品點數加倍: NT$400 of the named SKU doubled',
      settings: { ...base, groups: [{ name: '加倍', combine: 'best', rules: [{ kind: 'sku', name: '拿鐵加倍', skus: ['LATTE'], multiplier: 2 }] }] },
      input: input(1000, [{ sku: 'LATTE', quantity: 4, unitPrice: 100 }, { sku: 'BEAN', quantity: 1, unitPrice: 600 }]),
      points: 28,
      explain: [20, 8],
    },
    {
      name: '滿 NT$3,000 加贈 100',
      settings: { ...base, groups: [{ name: '滿額', combine: 'best', rules: [{ kind: 'threshold', name: '滿3000送100', minSpend: 3000, bonus: 100 }, { kind: 'threshold', name: '滿1000送10', minSpend: 1000, bonus: 10 }] }] },
      input: input(3000),
      points: 160,
      explain: [60, 100],
    },
    {
      name: 'thresholds that stack add up',
      settings: { ...base, groups: [{ name: '滿額', combine: 'stack', rules: [{ kind: 'threshold', name: '滿3000送100', minSpend: 3000, bonus: 100 }, { kind: 'threshold', name: '滿1000送10', minSpend: 1000, bonus: 10 }] }] },
      input: input(3000),
      points: 170,
      explain: [60, 100, 10],
    },
    {
      name: '壽星 30 倍 in the birthday month',
      settings: { ...base, groups: [{ name: '壽星', combine: 'best', rules: [{ kind: 'birthday', name: '壽星 30 倍', multiplier: 30 }] }] },
      input: input(1000, undefined, { birthday: '1990-06-01' }),
      points: 600,
      explain: [20, 580],
    },
    {
      name: 'not in another month',
      settings: { ...base, groups: [{ name: '壽星', combine: 'best', rules: [{ kind: 'birthday', name: '壽星 30 倍', multiplier: 30 }] }] },
      input: input(1000, undefined, { birthday: '1990-07-01' }),
      points: 20,
      explain: [20],
    },
    {
      name: 'best-of in one group: the birthday 30× wins over the SKU 2×',
      settings: { ...base, groups: [{ name: '加倍', combine: 'best', rules: [{ kind: 'sku', name: '拿鐵加倍', skus: ['X'], multiplier: 2 }, { kind: 'birthday', name: '壽星 30 倍', multiplier: 30 }] }] },
      input: input(1000, undefined, { birthday: '1990-06-01' }),
      points: 600,
      explain: [20, 580],
    },
    {
      name: 'stack in one group: 2× and 3× make 4×',
      settings: { ...base, groups: [{ name: '加倍', combine: 'stack', rules: [{ kind: 'sku', name: '2倍', skus: ['X'], multiplier: 2 }, { kind: 'dateRange', name: '週年慶 3 倍', from: '2026-06-01', to: '2026-06-30', multiplier: 3 }] }] },
      input: input(1000),
      points: 80,
      explain: [20, 20, 40],
    },
    { name: 'the tier hook', settings: base, input: input(1000, undefined, { tierMultiplier: 1.5 }), points: 30, explain: [20, 10] },
    { name: 'points come from what was paid (a coupon took NT$200 off)', settings: base, input: input(800, [{ sku: 'X', quantity: 1, unitPrice: 1000 }]), points: 16, explain: [16] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = computeEarn(c.settings, c.input);
      expect(r.points).toBe(c.points);
      expect(r.explain.map((l) => l.points)).toEqual(c.explain);
      expect(r.explain.reduce((s, l) => s + l.points, 0)).toBe(r.points);
    });
  }

  it('switched off earns nothing', () => {
    expect(computeEarn({ ...base, enabled: false }, input(1000)).points).toBe(0);
  });
});

describe('expiry policies', () => {
  it('end of the month N months after earning', () => {
    expect(expiryDate({ kind: 'monthEnd', months: 12 }, '2026-01-15')).toBe('2027-01-31');
    expect(expiryDate({ kind: 'monthEnd', months: 1 }, '2026-01-31')).toBe('2026-02-28');
    expect(expiryDate({ kind: 'monthEnd', months: 0 }, '2026-02-03')).toBe('2026-02-28');
  });
  it('a fixed yearly date', () => {
    expect(expiryDate({ kind: 'yearly', month: 12, day: 31, yearsAfter: 1 }, '2026-03-01')).toBe('2027-12-31');
    expect(expiryDate({ kind: 'yearly', month: 6, day: 30, yearsAfter: 0 }, '2026-07-01')).toBe('2027-06-30');
    expect(expiryDate({ kind: 'yearly', month: 2, day: 29, yearsAfter: 0 }, '2026-01-01')).toBe('2026-02-28');
    expect(expiryDate({ kind: 'never' }, '2026-01-01')).toBeNull();
  });
  it('the member page line', () => {
    expect(expiryLine(87, '2027-01-31', 'zh-TW')).toBe('87 點將於 2027/01/31 到期');
  });
});

const arbLine = fc.record({ sku: fc.constantFrom('A', 'B', 'C'), category: fc.constantFrom('x', 'y'), quantity: fc.integer({ min: 1, max: 5 }), unitPrice: fc.integer({ min: 0, max: 5000 }), discount: fc.integer({ min: 0, max: 300 }) });
const arbSettings: fc.Arbitrary<EarnSettings> = fc.record({
  spend: fc.integer({ min: 1, max: 200 }),
  points: fc.integer({ min: 1, max: 5 }),
  m1: fc.double({ min: 1, max: 5, noNaN: true }),
  m2: fc.integer({ min: 1, max: 30 }),
  combine: fc.constantFrom<'stack' | 'best'>('stack', 'best'),
  bonus: fc.integer({ min: 1, max: 500 }),
}).map((s) => ({
  ...base,
  base: { spend: s.spend, points: s.points },
  groups: [
    { name: 'g', combine: s.combine, rules: [{ kind: 'sku' as const, name: 'sku', skus: ['A'], multiplier: s.m1 }, { kind: 'category' as const, name: 'cat', categories: ['y'], multiplier: s.m2 }, { kind: 'birthday' as const, name: 'bd', multiplier: 3 }] },
    { name: 'b', combine: 'best' as const, rules: [{ kind: 'threshold' as const, name: 't', minSpend: 2000, bonus: s.bonus }] },
  ],
}));

describe('properties', () => {
  it('points are never fractional and never negative; the explanation adds up', () => {
    fc.assert(
      fc.property(arbSettings, fc.array(arbLine, { maxLength: 6 }), fc.integer({ min: 0, max: 40_000 }), fc.option(fc.constant('1990-06-01'), { nil: null }), (settings, lines, paid, birthday) => {
        const r = computeEarn(settings, { lines, paid, date: '2026-06-10', birthday, tierMultiplier: 1 });
        expect(Number.isInteger(r.points)).toBe(true);
        expect(r.points).toBeGreaterThanOrEqual(0);
        expect(r.explain.every((l) => Number.isInteger(l.points))).toBe(true);
        expect(r.explain.reduce((s, l) => s + l.points, 0)).toBe(r.points);
      }),
      { numRuns: 300 },
    );
  });

  it('refunds in any order never reverse more than was earned, and a whole return reverses exactly that', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (earned, weights, picks) => {
        const total = weights.reduce((s, w) => s + w, 0);
        let refunded = 0;
        let reversed = 0;
        const left = [...weights];
        for (const p of [...picks, ...weights.map((_, i) => i)]) {
          const i = p % left.length;
          const w = left[i]!;
          left[i] = 0;
          const x = pointsToReverse(earned, total, refunded, w, reversed);
          expect(Number.isInteger(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(0);
          refunded += w;
          reversed += x;
          expect(reversed).toBeLessThanOrEqual(earned);
        }
        expect(reversed).toBe(total > 0 || earned === 0 ? earned : reversed);
      }),
      { numRuns: 300 },
    );
  });

  it('spending takes the lots that expire first; the balance stays the ledger’s sum', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ remaining: fc.integer({ min: 0, max: 100 }), expiresAt: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }) }), { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 8 }), (raw, spends) => {
        const lots = raw.map((l, i) => ({ id: i + 1, ...l }));
        let ledger = lots.reduce((s, l) => s + l.remaining, 0);
        for (const amount of spends) {
          const balance = lots.reduce((s, l) => s + l.remaining, 0);
          const taken = allocateFifo(lots, amount);
          if (amount > balance) {
            expect(taken).toBeNull();
            continue;
          }
          expect(taken!.reduce((s, t) => s + t.points, 0)).toBe(amount);
          // Every lot taken from that is not the last one is emptied, and no lot expiring later was touched before it.
          for (let i = 0; i < taken!.length - 1; i += 1) expect(lots.find((l) => l.id === taken![i]!.lotId)!.remaining).toBe(taken![i]!.points);
          const lastTaken = lots.find((l) => l.id === taken!.at(-1)!.lotId)!;
          const key = (l: { expiresAt: number | null; id: number }) => [l.expiresAt ?? Infinity, l.id] as const;
          for (const l of lots) {
            if (l.remaining === 0 || taken!.some((t) => t.lotId === l.id)) continue;
            const [a, b] = key(l);
            const [c, d] = key(lastTaken);
            expect(a > c || (a === c && b > d)).toBe(true);
          }
          for (const t of taken!) lots.find((l) => l.id === t.lotId)!.remaining -= t.points;
          ledger -= amount;
          expect(lots.reduce((s, l) => s + l.remaining, 0)).toBe(ledger);
        }
      }),
      { numRuns: 300 },
    );
  });
});
