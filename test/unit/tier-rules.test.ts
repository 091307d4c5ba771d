import { describe, expect, it } from 'vitest';
import { localDate } from '../../shared/dates.ts';
import { addMonths, evaluateTier, evaluationLastDay, inNoticePeriod, nextEvaluation, progressToNext, qualifyingWindow, upgradeFor } from '../../shared/tiers/rules.ts';

const TIERS = [
  { id: 1, rank: 0, name: '一般', threshold: 0, retainAt: 0 },
  { id: 2, rank: 1, name: '銀卡', threshold: 5000, retainAt: 4000 },
  { id: 3, rank: 2, name: '金卡', threshold: 15000, retainAt: 12000 },
  { id: 4, rank: 3, name: 'VIP', threshold: 40000, retainAt: 30000 },
];
const [base, silver, gold, vip] = TIERS as [typeof TIERS[0], typeof TIERS[0], typeof TIERS[0], typeof TIERS[0]];

describe('upgrade on a purchase', () => {
  it('crosses one threshold exactly at it, not one dollar before', () => {
    expect(upgradeFor(TIERS, 0, 4999)).toBeNull();
    expect(upgradeFor(TIERS, 0, 5000)?.name).toBe('銀卡');
  });
  it('jumps two levels at once when one purchase crosses both', () => {
    expect(upgradeFor(TIERS, 0, 16_000)?.name).toBe('金卡');
    expect(upgradeFor(TIERS, 1, 45_000)?.name).toBe('VIP');
  });
  it('never lowers and does nothing at or below the current tier', () => {
    expect(upgradeFor(TIERS, 2, 6000)).toBeNull();
    expect(upgradeFor(TIERS, 3, 100_000)).toBeNull();
    expect(upgradeFor(TIERS, null, 0)).toBeNull();
  });
  it('progress says how much more reaches the next tier', () => {
    expect(progressToNext(TIERS, 1, 12_700)).toMatchObject({ next: { name: '金卡' }, shortBy: 2300 });
    expect(progressToNext(TIERS, 3, 50_000)).toBeNull();
  });
});

describe('the rolling window in brand days', () => {
  it('drops a purchase made exactly 12 months ago and keeps one made the day after', () => {
    const w = qualifyingWindow({ kind: 'rolling', months: 12 }, '2026-03-15');
    expect(w).toEqual({ from: '2025-03-16', to: '2026-03-15' });
    // Brand time: 2025-03-15 23:30 in Taipei is 15:30 UTC — exactly 12 months old, out;
    // 2025-03-16 00:10 in Taipei is still 2025-03-15 in UTC — in.
    const exactlyTwelve = localDate(new Date('2025-03-15T15:30:00Z'), 'Asia/Taipei');
    const dayAfter = localDate(new Date('2025-03-15T16:10:00Z'), 'Asia/Taipei');
    expect(exactlyTwelve >= w.from).toBe(false);
    expect(dayAfter >= w.from).toBe(true);
  });
  it('clamps month ends (31 March − 1 month is 28 February)', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
  });
  it('an evaluation counts the 12 months before its day: the purchase that upgraded a year ago still counts', () => {
    expect(qualifyingWindow({ kind: 'rolling', months: 12 }, evaluationLastDay('2026-03-15'))).toEqual({ from: '2025-03-15', to: '2026-03-14' });
  });
  it('the calendar year evaluated on 1 January is the year that just ended', () => {
    expect(qualifyingWindow({ kind: 'calendar_year' }, evaluationLastDay('2027-01-01'))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(qualifyingWindow({ kind: 'calendar_year' }, '2026-07-10')).toEqual({ from: '2026-01-01', to: '2026-07-10' });
  });
});

describe('evaluation: retention and grace', () => {
  const at = (current: typeof gold, qualifying: number, graceUntil: string | null = null, graceDays = 0) => evaluateTier({ tiers: TIERS, current, qualifying, graceUntil, graceDays, today: '2026-03-10' });
  it('keeps the tier when the lower retention amount is met, though entry is not', () => {
    expect(at(gold, 12_000)).toEqual({ action: 'keep' });
    expect(at(gold, 14_999)).toEqual({ action: 'keep' });
  });
  it('lowers to the highest tier whose retention is met, several levels if so', () => {
    expect(at(gold, 11_999)).toMatchObject({ action: 'down', to: { name: '銀卡' }, shortBy: 1 });
    expect(at(vip, 3000)).toMatchObject({ action: 'down', to: { name: '一般' } });
  });
  it('gives grace once, then lowers at its end if still short', () => {
    expect(at(gold, 8000, null, 30)).toEqual({ action: 'grace', graceUntil: '2026-04-09', shortBy: 4000 });
    expect(at(gold, 8000, '2026-04-09', 30)).toMatchObject({ action: 'down', to: { name: '銀卡' } });
    expect(at(gold, 12_500, '2026-04-09', 30)).toEqual({ action: 'keep' });
  });
  it('raises when the amount reaches a higher tier', () => {
    expect(at(silver, 41_000)).toMatchObject({ action: 'up', to: { name: 'VIP' } });
  });
  it('the lowest tier is never lowered', () => {
    expect(at(base, 0)).toEqual({ action: 'keep' });
  });
});

describe('evaluation dates and the notice', () => {
  it('anniversary: a year after the tier was reached', () => {
    expect(nextEvaluation({ kind: 'anniversary' }, '2026-03-10')).toBe('2027-03-10');
  });
  it('fixed date: the first such date after', () => {
    expect(nextEvaluation({ kind: 'fixed', month: 1, day: 1 }, '2026-03-10')).toBe('2027-01-01');
    expect(nextEvaluation({ kind: 'fixed', month: 6, day: 30 }, '2026-03-10')).toBe('2026-06-30');
    expect(nextEvaluation({ kind: 'fixed', month: 6, day: 30 }, '2026-06-30')).toBe('2027-06-30');
  });
  it('a month of notice before the evaluation, not after it', () => {
    expect(inNoticePeriod('2026-02-08', '2026-03-10', 30)).toBe(true);
    expect(inNoticePeriod('2026-02-07', '2026-03-10', 30)).toBe(false);
    expect(inNoticePeriod('2026-03-10', '2026-03-10', 30)).toBe(false);
  });
});
