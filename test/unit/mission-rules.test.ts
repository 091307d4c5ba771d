import { describe, expect, it } from 'vitest';
import { advance, emptyState, factFilter, inWindow, isComplete, validateMission, withdraw, type MissionFact, type MissionRules, type MissionState, type StepCondition } from '../../shared/missions/rules.ts';

const TZ = 'Asia/Taipei';
const at = (iso: string) => new Date(iso).getTime();

function rules(steps: StepCondition[], patch: Partial<MissionRules> = {}): MissionRules {
  return { startsOn: '2026-12-01', endsOn: '2026-12-31', audience: { kind: 'all' }, steps: steps.map((condition) => ({ label: '', labelEn: '', condition })), combine: { kind: 'all' }, order: 'any', repeat: 1, reward: { kind: 'points', points: 100 }, refundPolicy: 'keep', notifySteps: false, ...patch };
}
let n = 0;
function buy(skus: string[], opts: { at?: string; paid?: number; storeId?: number; category?: string } = {}): Extract<MissionFact, { kind: 'purchase' }> {
  n += 1;
  return { kind: 'purchase', ref: `purchase:${n}`, at: at(opts.at ?? '2026-12-10T04:00:00Z'), storeId: opts.storeId ?? 1, paid: opts.paid ?? 500, lines: skus.map((sku) => ({ sku, category: opts.category ?? null, quantity: 1 })) };
}
function run(r: MissionRules, facts: MissionFact[]): { state: MissionState; completedAt: number | null } {
  let state = emptyState(r);
  for (const f of facts) {
    const a = advance(r, state, f, TZ);
    state = a.state;
    if (a.completed) return { state, completedAt: f.at };
  }
  return { state, completedAt: null };
}
const SET: StepCondition = { kind: 'sku', skus: ['HOTPOT'] };
const MEAL: StepCondition = { kind: 'category', categories: ['frozen'] };

describe('steps in any order and in sequence', () => {
  it('any order: the meal first, then the set completes; one basket with both completes at once', () => {
    const r = rules([SET, MEAL]);
    expect(run(r, [buy(['M'], { category: 'frozen' }), buy(['HOTPOT'])]).completedAt).not.toBeNull();
    const both: MissionFact = { ...buy([]), lines: [{ sku: 'HOTPOT', category: null, quantity: 1 }, { sku: 'M', category: 'frozen', quantity: 1 }] };
    expect(advance(r, emptyState(r), both, TZ)).toMatchObject({ done: [0, 1], completed: true });
  });
  it('in sequence: the meal before the set does not count, and one basket moves one step', () => {
    const r = rules([SET, MEAL], { order: 'sequence' });
    const early = run(r, [buy(['M'], { category: 'frozen' }), buy(['HOTPOT'])]);
    expect(early.completedAt).toBeNull();
    expect(early.state.map((s) => s.doneAt !== null)).toEqual([true, false]);
    const both: MissionFact = { ...buy([]), lines: [{ sku: 'HOTPOT', category: null, quantity: 1 }, { sku: 'M', category: 'frozen', quantity: 1 }] };
    expect(advance(r, emptyState(r), both, TZ)).toMatchObject({ done: [0], completed: false });
    expect(run(r, [buy(['HOTPOT']), buy(['M'], { category: 'frozen' })]).completedAt).not.toBeNull();
  });
  it('N-of: two of three steps complete it; in sequence a skipped step cannot be done later', () => {
    const three = [SET, MEAL, { kind: 'minPurchase', amount: 1000 } as StepCondition];
    expect(run(rules(three, { combine: { kind: 'nOf', n: 2 } }), [buy(['HOTPOT']), buy(['X'], { paid: 1200 })]).completedAt).not.toBeNull();
    const seq = rules(three, { combine: { kind: 'nOf', n: 2 }, order: 'sequence' });
    const r = run(seq, [buy(['X'], { paid: 1200 }), buy(['HOTPOT'])]);
    expect(r.completedAt).toBeNull();
    expect(isComplete(seq, run(seq, [buy(['HOTPOT']), buy(['X'], { paid: 1200 })]).state)).toBe(true);
  });
  it('totals, distinct days and distinct stores', () => {
    expect(run(rules([{ kind: 'totalSpend', amount: 1000 }]), [buy(['A'], { paid: 600 }), buy(['A'], { paid: 300 })]).completedAt).toBeNull();
    expect(run(rules([{ kind: 'totalSpend', amount: 1000 }]), [buy(['A'], { paid: 600 }), buy(['A'], { paid: 400 })]).completedAt).not.toBeNull();
    // 23:30 and 00:30 Taipei are two days; two purchases on one Taipei day are one.
    const days = rules([{ kind: 'visitDays', count: 2 }]);
    expect(run(days, [buy(['A'], { at: '2026-12-10T01:00:00Z' }), buy(['A'], { at: '2026-12-10T15:00:00Z' })]).completedAt).toBeNull();
    expect(run(days, [buy(['A'], { at: '2026-12-10T15:30:00Z' }), buy(['A'], { at: '2026-12-10T16:30:00Z' })]).completedAt).not.toBeNull();
    expect(run(rules([{ kind: 'visitStores', count: 2 }]), [buy(['A'], { storeId: 1 }), buy(['A'], { storeId: 1 }), buy(['A'], { storeId: 2 })]).completedAt).not.toBeNull();
  });
  it('the same fact is never counted twice', () => {
    const r = rules([{ kind: 'visitDays', count: 2 }]);
    const f = buy(['A']);
    const once = advance(r, emptyState(r), f, TZ);
    expect(advance(r, once.state, f, TZ).moved).toEqual([]);
  });
});

describe('refunds roll progress back', () => {
  it('a returned purchase reopens its step; what is left of a partial return still counts', () => {
    const r = rules([SET, MEAL]);
    const f = buy(['HOTPOT', 'TEA']);
    const s = advance(r, emptyState(r), f, TZ).state;
    expect(withdraw(r, s, f.ref, null, TZ)).toMatchObject({ undone: [0] });
    const left: MissionFact = { ...f, lines: [{ sku: 'HOTPOT', category: null, quantity: 1 }, { sku: 'TEA', category: null, quantity: 0 }] };
    expect(withdraw(r, s, f.ref, left, TZ).undone).toEqual([]);
  });
});

describe('window edges in brand time', () => {
  const r = rules([SET]);
  it('opens at 00:00 Taipei on the first day and closes at 24:00 Taipei on the last', () => {
    expect(inWindow(r, at('2026-11-30T15:59:59.999Z'), TZ)).toBe(false);
    expect(inWindow(r, at('2026-11-30T16:00:00Z'), TZ)).toBe(true);
    expect(inWindow(r, at('2026-12-31T15:59:59.999Z'), TZ)).toBe(true);
    expect(inWindow(r, at('2026-12-31T16:00:00Z'), TZ)).toBe(false);
  });
});

describe('the builder validation', () => {
  it('names what is wrong', () => {
    expect(validateMission(rules([SET]))).toEqual([]);
    expect(validateMission(rules([SET], { endsOn: '2026-11-01' })).map((i) => i.field)).toEqual(['endsOn']);
    expect(validateMission(rules([SET], { combine: { kind: 'nOf', n: 2 } })).map((i) => i.field)).toEqual(['combine']);
    expect(validateMission(rules([{ kind: 'sku', skus: [' '] }]))[0]!['zh-TW']).toContain('SKU');
    expect(validateMission(rules([SET], { audience: { kind: 'tier', tierIds: [1] } }), { tierIds: null })[0]!.field).toBe('audience');
    expect(validateMission(rules([SET]), { pointsEnabled: false })[0]!.field).toBe('reward');
    expect(validateMission(rules([{ kind: 'registration' }]))[0]!.field).toBe('steps.0');
  });
});

describe('the pre-filter (a mission skipped before any read)', () => {
  it('passes exactly the facts some step could count, and never skips one advance would move', () => {
    const hotpot = factFilter(rules([SET, MEAL]));
    expect(hotpot(buy(['hotpot']))).toBe(true);
    expect(hotpot(buy(['X'], { category: 'Frozen' }))).toBe(true);
    expect(hotpot(buy(['LATTE'], { category: 'coffee' }))).toBe(false);
    // A line returned in full (quantity 0) matches nothing.
    expect(hotpot({ ...buy(['HOTPOT']), lines: [{ sku: 'HOTPOT', category: null, quantity: 0 }] })).toBe(false);
    expect(hotpot({ kind: 'coupon', ref: 'redemption:1', at: at('2026-12-10T04:00:00Z'), templateId: 3 })).toBe(false);
    const big = factFilter(rules([{ kind: 'minPurchase', amount: 800 }]));
    expect(big(buy(['A'], { paid: 799 }))).toBe(false);
    expect(big(buy(['A'], { paid: 800 }))).toBe(true);
    const coupon = factFilter(rules([{ kind: 'couponRedeemed', templateIds: [7], count: 1 }]));
    expect(coupon({ kind: 'coupon', ref: 'redemption:2', at: 0, templateId: 7 })).toBe(true);
    expect(coupon({ kind: 'coupon', ref: 'redemption:3', at: 0, templateId: 8 })).toBe(false);
    // Agreement with advance on a mixed set of missions and baskets.
    const missions = [rules([SET, MEAL]), rules([{ kind: 'visitDays', count: 2 }, { kind: 'totalSpend', amount: 3000 }]), rules([{ kind: 'sku', skus: ['LATTE'] }], { order: 'sequence' })];
    const baskets = [buy(['HOTPOT']), buy(['LATTE'], { paid: 0 }), buy(['X'], { category: 'frozen', paid: 0 }), buy(['Y'])];
    for (const r of missions) for (const f of baskets) if (!factFilter(r)(f)) expect(advance(r, emptyState(r), f, TZ).moved).toEqual([]);
  });
});
