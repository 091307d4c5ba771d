/**
 * Tier rules (會員等級), pure: which tier a qualifying amount reaches, the upgrade a purchase
 * earns, the verdict of an evaluation (kept, raised, grace, lowered), the qualifying window in
 * brand days and the next evaluation date. The server, the member page and the console preview
 * all ask these functions, so they show the same verdict.
 *
 * Days are brand-local calendar days (YYYY-MM-DD, Asia/Taipei); instants are converted by the
 * caller (shared/dates.ts zonedTime / localDate).
 */
import { addDays } from '../dates.ts';

/** What qualifies: NT$ paid (net of refunds) or points earned (net of points reversed). */
export type TierBasis = 'spend' | 'points';
/** Over which days: the last N months up to today, or the calendar year. */
export type TierWindow = { kind: 'rolling'; months: number } | { kind: 'calendar_year' };
/** When a member's tier is re-evaluated: on the anniversary of reaching it, or on one date each year. */
export type TierEvaluation = { kind: 'anniversary' } | { kind: 'fixed'; month: number; day: number };

export interface TierProgram {
  basis: TierBasis;
  window: TierWindow;
  evaluation: TierEvaluation;
  /** Days a member who falls short at evaluation keeps the tier before being lowered (0: lowered at once). */
  graceDays: number;
  /** Days before the evaluation a member who would lose the tier is told what keeps it. */
  noticeDays: number;
}

export const DEFAULT_TIER_PROGRAM: TierProgram = { basis: 'spend', window: { kind: 'rolling', months: 12 }, evaluation: { kind: 'anniversary' }, graceDays: 0, noticeDays: 30 };

export interface TierLevel {
  id: number;
  rank: number;
  name: string;
  /** Qualifying amount to reach the tier (the lowest tier: 0). */
  threshold: number;
  /** Qualifying amount that keeps it at evaluation (≤ threshold: retention is easier than entry). */
  retainAt: number;
}

/** The tiers lowest first. */
export function byRank<T extends { rank: number }>(tiers: readonly T[]): T[] {
  return [...tiers].sort((a, b) => a.rank - b.rank);
}

/** The tiers lowest first, without copying when they already are (evaluations call this per member). */
function ranked<T extends { rank: number }>(tiers: readonly T[]): readonly T[] {
  for (let i = 1; i < tiers.length; i += 1) if (tiers[i - 1]!.rank > tiers[i]!.rank) return byRank(tiers);
  return tiers;
}

/** The highest tier whose `key` amount the qualifying amount meets (the lowest tier when none). */
export function tierReached<T extends TierLevel>(tiers: readonly T[], amount: number, key: 'threshold' | 'retainAt' = 'threshold'): T | null {
  const sorted = ranked(tiers);
  let reached: T | null = sorted[0] ?? null;
  for (const t of sorted) if (amount >= t[key]) reached = t;
  return reached;
}

/**
 * The upgrade a purchase earns: the highest tier the new qualifying amount reaches when it is
 * above the member's current one (several levels at once), otherwise null. Never a downgrade.
 */
export function upgradeFor<T extends TierLevel>(tiers: readonly T[], currentRank: number | null, qualifying: number): T | null {
  const reached = tierReached(tiers, qualifying);
  if (!reached) return null;
  return currentRank === null ? (reached.rank > byRank(tiers)[0]!.rank ? reached : null) : reached.rank > currentRank ? reached : null;
}

export type EvaluationVerdict<T> =
  | { action: 'up'; to: T }
  | { action: 'keep' }
  | { action: 'grace'; graceUntil: string; shortBy: number }
  | { action: 'down'; to: T; shortBy: number };

/**
 * The evaluation of one member on `today`: raised when the amount reaches a higher tier; kept
 * when it meets the current tier's retention amount; otherwise, with a grace period not yet
 * begun, kept until `today + graceDays` (re-evaluated then); else lowered to the highest tier
 * whose retention amount is met (possibly several levels).
 */
export function evaluateTier<T extends TierLevel>(input: { tiers: readonly T[]; current: T; qualifying: number; graceUntil: string | null; graceDays: number; today: string }): EvaluationVerdict<T> {
  const { tiers, current, qualifying } = input;
  const reached = tierReached(tiers, qualifying);
  if (reached && reached.rank > current.rank) return { action: 'up', to: reached };
  if (qualifying >= current.retainAt) return { action: 'keep' };
  const shortBy = current.retainAt - qualifying;
  if (input.graceDays > 0 && input.graceUntil === null) return { action: 'grace', graceUntil: addDays(input.today, input.graceDays), shortBy };
  const kept = tierReached(tiers.filter((t) => t.rank < current.rank), qualifying, 'retainAt') ?? ranked(tiers)[0]!;
  return { action: 'down', to: kept, shortBy };
}

/** What the member page shows: the next tier and how much more reaches it (null at the top). */
export function progressToNext<T extends TierLevel>(tiers: readonly T[], currentRank: number, qualifying: number): { next: T; shortBy: number; ratio: number } | null {
  const next = byRank(tiers).find((t) => t.rank > currentRank);
  if (!next) return null;
  const shortBy = Math.max(0, next.threshold - qualifying);
  return { next, shortBy, ratio: next.threshold <= 0 ? 1 : Math.min(1, qualifying / next.threshold) };
}

/** `day` plus `n` months (n may be negative), the day clamped to the month's length (03-31 − 1 month = 02-28). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The brand days that count, both ends included, for a window ending on `lastDay`. Rolling N
 * months: from the day after `lastDay − N months`, so at a purchase (lastDay = today) one made
 * exactly N months ago (same calendar day) has just dropped out and one made the day after still
 * counts. Calendar year: from 1 January of `lastDay`'s year. An evaluation on day D looks at the
 * window ending the day before (evaluationLastDay): the 12 months before D, or, evaluated on
 * 1 January, the whole year that just ended.
 */
export function qualifyingWindow(window: TierWindow, lastDay: string): { from: string; to: string } {
  if (window.kind === 'rolling') return { from: addDays(addMonths(lastDay, -window.months), 1), to: lastDay };
  return { from: `${lastDay.slice(0, 4)}-01-01`, to: lastDay };
}

/** The last day an evaluation on `evaluateOn` counts: the day before it. */
export function evaluationLastDay(evaluateOn: string): string {
  return addDays(evaluateOn, -1);
}

/**
 * The next evaluation after a tier was reached on `since` (or kept at an evaluation on
 * `since`): the first anniversary of `since`, or the first fixed date after `since`.
 */
export function nextEvaluation(evaluation: TierEvaluation, since: string): string {
  if (evaluation.kind === 'anniversary') return addMonths(since, 12);
  const year = Number(since.slice(0, 4));
  const md = `${String(evaluation.month).padStart(2, '0')}-${String(evaluation.day).padStart(2, '0')}`;
  for (const y of [year, year + 1]) {
    const candidate = clampDay(`${y}-${md}`);
    if (candidate > since) return candidate;
  }
  return clampDay(`${year + 1}-${md}`);
}

function clampDay(day: string): string {
  return addMonths(day, 0);
}

/** Whether `today` is within the notice period before `evaluateOn` (and not past it). */
export function inNoticePeriod(today: string, evaluateOn: string, noticeDays: number): boolean {
  return noticeDays > 0 && today < evaluateOn && addDays(today, noticeDays) >= evaluateOn;
}
