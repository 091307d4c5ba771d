/**
 * Missions (闖關): pure rules both sides use — which events advance which step, when a mission is
 * complete, what a refund undoes, the window in brand time and the builder's validation. No I/O:
 * the server feeds facts (a purchase, a redeemed coupon, a referral, a registration) and stores
 * the state these functions return.
 */
import { addDays, isCalendarDate, localDate, zonedTime } from '../dates.ts';

export type Lang = 'zh-TW' | 'en';

export type StepCondition =
  /** A purchase with at least one of these SKUs. */
  | { kind: 'sku'; skus: string[] }
  /** A purchase with a line in one of these categories. */
  | { kind: 'category'; categories: string[] }
  /** One purchase of at least `amount` (NT$ paid). */
  | { kind: 'minPurchase'; amount: number }
  /** NT$ paid over the window, summed. */
  | { kind: 'totalSpend'; amount: number }
  /** Purchases on `count` different brand-local days. */
  | { kind: 'visitDays'; count: number }
  /** Purchases at `count` different stores. */
  | { kind: 'visitStores'; count: number }
  /** `count` coupons redeemed (of these templates; empty: any). */
  | { kind: 'couponRedeemed'; templateIds: number[]; count: number }
  /** `count` friends referred (their referral qualified). */
  | { kind: 'referral'; count: number }
  /** Registration completed (within the window). */
  | { kind: 'registration' };

export type StepKind = StepCondition['kind'];

export interface MissionStep {
  /** The marketer's words for the step (「購買指定鍋物套餐」); a generated description otherwise. */
  label: string;
  labelEn: string;
  condition: StepCondition;
}

export type Audience = { kind: 'all' } | { kind: 'tier'; tierIds: number[] } | { kind: 'new' };
export type Reward = { kind: 'points'; points: number } | { kind: 'coupon'; templateId: number } | { kind: 'bundle'; bundleId: number };

export interface MissionRules {
  /** Brand-local dates, both inclusive. */
  startsOn: string;
  endsOn: string;
  audience: Audience;
  steps: MissionStep[];
  /** All steps, or any `n` of them. */
  combine: { kind: 'all' } | { kind: 'nOf'; n: number };
  /** `sequence`: a step counts only after the ones before it (N-of: in list order, skipping allowed); one event advances one step. */
  order: 'any' | 'sequence';
  /** How many times a member may complete it (1 = once). */
  repeat: number;
  reward: Reward;
  /** A refund after the reward: keep it, or take it back when the refund undoes a step. */
  refundPolicy: 'keep' | 'clawback';
  /** Tell the member when a step is done (marketing). */
  notifySteps: boolean;
}

export type MissionFact =
  | { kind: 'purchase'; ref: string; at: number; storeId: number; paid: number; lines: { sku: string; category: string | null; quantity: number }[] }
  | { kind: 'coupon'; ref: string; at: number; templateId: number }
  | { kind: 'referral'; ref: string; at: number }
  | { kind: 'registration'; ref: string; at: number };

/** What one fact gave a step: a count, an amount, or a distinct key (a day, a store). */
export interface Contribution {
  ref: string;
  value: number;
  key?: string;
}

export interface StepState {
  refs: Contribution[];
  /** Epoch ms the step was done at, or null. */
  doneAt: number | null;
}

export type MissionState = StepState[];

const FACT_OF: Record<StepKind, MissionFact['kind']> = {
  sku: 'purchase',
  category: 'purchase',
  minPurchase: 'purchase',
  totalSpend: 'purchase',
  visitDays: 'purchase',
  visitStores: 'purchase',
  couponRedeemed: 'coupon',
  referral: 'referral',
  registration: 'registration',
};

/** The kind of fact a step listens to (the server skips missions no step of which listens to an event). */
export function factKindOf(condition: StepCondition): MissionFact['kind'] {
  return FACT_OF[condition.kind];
}

export function emptyState(rules: Pick<MissionRules, 'steps'>): MissionState {
  return rules.steps.map(() => ({ refs: [], doneAt: null }));
}

/** The window as instants: [from, to) in epoch ms, brand time. */
export function windowBounds(rules: Pick<MissionRules, 'startsOn' | 'endsOn'>, timeZone: string): { from: number; to: number } {
  return { from: zonedTime(rules.startsOn, 0, timeZone).getTime(), to: zonedTime(addDays(rules.endsOn, 1), 0, timeZone).getTime() };
}

export function inWindow(rules: Pick<MissionRules, 'startsOn' | 'endsOn'>, at: number, timeZone: string): boolean {
  const w = windowBounds(rules, timeZone);
  return at >= w.from && at < w.to;
}

/** What a fact gives a step, or null when the step does not count it. */
export function contributionOf(condition: StepCondition, fact: MissionFact, timeZone: string): Contribution | null {
  if (FACT_OF[condition.kind] !== fact.kind) return null;
  switch (condition.kind) {
    case 'sku': {
      if (fact.kind !== 'purchase') return null;
      const wanted = new Set(condition.skus.map((s) => s.toUpperCase()));
      return fact.lines.some((l) => l.quantity > 0 && wanted.has(l.sku.toUpperCase())) ? { ref: fact.ref, value: 1 } : null;
    }
    case 'category': {
      if (fact.kind !== 'purchase') return null;
      const wanted = new Set(condition.categories.map((s) => s.toLowerCase()));
      return fact.lines.some((l) => l.quantity > 0 && l.category !== null && wanted.has(l.category.toLowerCase())) ? { ref: fact.ref, value: 1 } : null;
    }
    case 'minPurchase':
      return fact.kind === 'purchase' && fact.paid >= condition.amount ? { ref: fact.ref, value: 1 } : null;
    case 'totalSpend':
      return fact.kind === 'purchase' && fact.paid > 0 ? { ref: fact.ref, value: fact.paid } : null;
    case 'visitDays':
      return fact.kind === 'purchase' && isKept(fact) ? { ref: fact.ref, value: 1, key: dayOf(fact.at, timeZone) } : null;
    case 'visitStores':
      return fact.kind === 'purchase' && isKept(fact) ? { ref: fact.ref, value: 1, key: String(fact.storeId) } : null;
    case 'couponRedeemed':
      return fact.kind === 'coupon' && (condition.templateIds.length === 0 || condition.templateIds.includes(fact.templateId)) ? { ref: fact.ref, value: 1 } : null;
    case 'referral':
    case 'registration':
      return { ref: fact.ref, value: 1 };
  }
}

/**
 * A mission's pre-filter, built once per mission: whether a fact could move any of its steps,
 * judged on the fact alone (its kind, SKUs, categories, amount) — no state, no time zone. The
 * server skips a mission (and reading the member's progress) when it says no; `advance` still
 * decides what actually moves.
 */
export function factFilter(rules: Pick<MissionRules, 'steps'>): (fact: MissionFact) => boolean {
  const tests = rules.steps.map((step): ((fact: MissionFact) => boolean) => {
    const c = step.condition;
    const kind = FACT_OF[c.kind];
    switch (c.kind) {
      case 'sku': {
        const wanted = new Set(c.skus.map((x) => x.toUpperCase()));
        return (f) => f.kind === 'purchase' && f.lines.some((l) => l.quantity > 0 && wanted.has(l.sku.toUpperCase()));
      }
      case 'category': {
        const wanted = new Set(c.categories.map((x) => x.toLowerCase()));
        return (f) => f.kind === 'purchase' && f.lines.some((l) => l.quantity > 0 && l.category !== null && wanted.has(l.category.toLowerCase()));
      }
      case 'minPurchase':
        return (f) => f.kind === 'purchase' && f.paid >= c.amount;
      case 'totalSpend':
        return (f) => f.kind === 'purchase' && f.paid > 0;
      case 'visitDays':
      case 'visitStores':
        return (f) => f.kind === 'purchase' && isKept(f);
      case 'couponRedeemed':
        return (f) => f.kind === 'coupon' && (c.templateIds.length === 0 || c.templateIds.includes(f.templateId));
      default:
        return (f) => f.kind === kind;
    }
  });
  return (fact) => tests.some((t) => t(fact));
}

/** The brand-local day of an instant, remembered for the last one asked (one purchase is checked against every mission's visit-day steps). */
let lastDay = { at: Number.NaN, timeZone: '', day: '' };
function dayOf(at: number, timeZone: string): string {
  if (lastDay.at !== at || lastDay.timeZone !== timeZone) lastDay = { at, timeZone, day: localDate(new Date(at), timeZone) };
  return lastDay.day;
}

/** A purchase still counts as a visit unless it was returned in full. */
function isKept(fact: Extract<MissionFact, { kind: 'purchase' }>): boolean {
  return fact.lines.length > 0 ? fact.lines.some((l) => l.quantity > 0) : fact.paid > 0;
}

/** The step's target: 1 for a single event, the amount or the count otherwise. */
export function stepTarget(condition: StepCondition): number {
  switch (condition.kind) {
    case 'totalSpend':
      return condition.amount;
    case 'visitDays':
    case 'visitStores':
    case 'couponRedeemed':
    case 'referral':
      return condition.count;
    default:
      return 1;
  }
}

/** How far a step is: events counted, NT$ summed, or distinct days/stores. */
export function stepValue(condition: StepCondition, step: StepState): number {
  if (condition.kind === 'visitDays' || condition.kind === 'visitStores') return new Set(step.refs.map((r) => r.key)).size;
  return step.refs.reduce((s, r) => s + r.value, 0);
}

export function stepsNeeded(rules: Pick<MissionRules, 'steps' | 'combine'>): number {
  return rules.combine.kind === 'all' ? rules.steps.length : Math.min(rules.combine.n, rules.steps.length);
}

export function doneCount(state: MissionState): number {
  return state.filter((s) => s.doneAt !== null).length;
}

export function isComplete(rules: Pick<MissionRules, 'steps' | 'combine'>, state: MissionState): boolean {
  return doneCount(state) >= stepsNeeded(rules);
}

/** Which steps may take progress now: any open step, or in sequence the next one (N-of: any open step after the last done). */
function eligible(rules: Pick<MissionRules, 'order' | 'combine'>, state: MissionState): number[] {
  const open = state.flatMap((s, i) => (s.doneAt === null ? [i] : []));
  if (rules.order === 'any') return open;
  const lastDone = state.reduce((last, s, i) => (s.doneAt !== null ? i : last), -1);
  const after = open.filter((i) => i > lastDone);
  return rules.combine.kind === 'all' ? after.slice(0, 1) : after;
}

export interface Advance {
  state: MissionState;
  /** Steps this fact finished. */
  done: number[];
  /** Steps this fact moved (finished or not). */
  moved: number[];
  completed: boolean;
}

/**
 * Adds a fact to a member's progress. In any order it counts toward every open step it
 * matches (one basket can finish two steps); in sequence only toward the first eligible step it
 * matches. A fact already counted (same ref) is not counted again.
 */
export function advance(rules: Pick<MissionRules, 'steps' | 'combine' | 'order'>, state: MissionState, fact: MissionFact, timeZone: string): Advance {
  const next = state.map((s) => ({ refs: [...s.refs], doneAt: s.doneAt }));
  const done: number[] = [];
  const moved: number[] = [];
  for (const i of eligible(rules, state)) {
    const condition = rules.steps[i]!.condition;
    const step = next[i]!;
    if (step.refs.some((r) => r.ref === fact.ref)) continue;
    const c = contributionOf(condition, fact, timeZone);
    if (!c) continue;
    // A day or store already counted adds nothing (and the state stays small).
    if (c.key !== undefined && step.refs.some((r) => r.key === c.key)) continue;
    step.refs.push(c);
    moved.push(i);
    if (stepValue(condition, step) >= stepTarget(condition)) {
      step.doneAt = fact.at;
      done.push(i);
    }
    if (rules.order === 'sequence') break;
  }
  return { state: next, done, moved, completed: moved.length > 0 && isComplete(rules, next) };
}

/**
 * Takes a fact back (a refund, a reversed redemption): its contributions go, and `replacement`
 * (what is left of a partly returned purchase) counts again where it still matches. Steps that
 * fall below their target are open again.
 */
export function withdraw(rules: Pick<MissionRules, 'steps'>, state: MissionState, ref: string, replacement: MissionFact | null, timeZone: string): { state: MissionState; undone: number[]; touched: boolean } {
  const undone: number[] = [];
  let touched = false;
  const next = state.map((s, i) => {
    if (!s.refs.some((r) => r.ref === ref)) return s;
    touched = true;
    const condition = rules.steps[i]!.condition;
    const refs = s.refs.filter((r) => r.ref !== ref);
    const again = replacement ? contributionOf(condition, replacement, timeZone) : null;
    if (again) refs.push(again);
    const step: StepState = { refs, doneAt: s.doneAt };
    if (s.doneAt !== null && stepValue(condition, step) < stepTarget(condition)) {
      step.doneAt = null;
      undone.push(i);
    }
    return step;
  });
  return { state: next, undone, touched };
}

/** Whether a state mentions a fact (the server finds what a refund touches). */
export function mentions(state: MissionState, ref: string): boolean {
  return state.some((s) => s.refs.some((r) => r.ref === ref));
}

// ── words ──

const money = (n: number) => `NT$${n.toLocaleString('en-US')}`;

/** A step in words, when the marketer gave none. */
export function describeStep(condition: StepCondition, lang: Lang): string {
  const zh = lang === 'zh-TW';
  switch (condition.kind) {
    case 'sku':
      return zh ? `購買指定商品（${condition.skus.join('、')}）` : `Buy ${condition.skus.join(', ')}`;
    case 'category':
      return zh ? `購買「${condition.categories.join('、')}」類商品` : `Buy from ${condition.categories.join(', ')}`;
    case 'minPurchase':
      return zh ? `單筆消費滿 ${money(condition.amount)}` : `Spend ${money(condition.amount)} in one purchase`;
    case 'totalSpend':
      return zh ? `活動期間累計消費 ${money(condition.amount)}` : `Spend ${money(condition.amount)} in total`;
    case 'visitDays':
      return zh ? `在 ${condition.count} 個不同日子消費` : `Shop on ${condition.count} different days`;
    case 'visitStores':
      return zh ? `在 ${condition.count} 家不同門市消費` : `Shop at ${condition.count} different stores`;
    case 'couponRedeemed':
      return zh ? `使用 ${condition.count} 張${condition.templateIds.length ? '指定' : ''}票券` : `Use ${condition.count} ${condition.templateIds.length ? 'selected ' : ''}coupon${condition.count > 1 ? 's' : ''}`;
    case 'referral':
      return zh ? `推薦 ${condition.count} 位好友加入` : `Refer ${condition.count} friend${condition.count > 1 ? 's' : ''}`;
    case 'registration':
      return zh ? '完成會員註冊' : 'Complete registration';
  }
}

export function stepLabel(step: MissionStep, lang: Lang): string {
  const own = lang === 'en' ? step.labelEn || step.label : step.label;
  return own.trim() || describeStep(step.condition, lang);
}

/** A reward in words, given the names the server looked up (points need none). */
export function describeReward(reward: Reward, lang: Lang, name?: string): string {
  if (reward.kind === 'points') return lang === 'en' ? `${reward.points.toLocaleString('en-US')} points` : `${reward.points.toLocaleString('en-US')} 點`;
  return name ?? (lang === 'en' ? (reward.kind === 'coupon' ? 'a coupon' : 'a bundle') : reward.kind === 'coupon' ? '一張票券' : '一組套票');
}

// ── the builder's validation ──

export interface MissionIssue {
  field: string;
  'zh-TW': string;
  en: string;
}

const issue = (field: string, zh: string, en: string): MissionIssue => ({ field, 'zh-TW': zh, en });

/**
 * What is wrong with a mission as drafted, for the builder to show as the marketer types and
 * for the server to refuse on save: empty lists, impossible targets, an N-of larger than the
 * steps, a window that ends before it starts. `facts` says what the brand has (tiers, points).
 */
export function validateMission(rules: MissionRules, facts: { tierIds?: number[] | null; pointsEnabled?: boolean } = {}): MissionIssue[] {
  const out: MissionIssue[] = [];
  if (!isCalendarDate(rules.startsOn)) out.push(issue('startsOn', '請選擇開始日期', 'Pick a start date'));
  if (!isCalendarDate(rules.endsOn)) out.push(issue('endsOn', '請選擇結束日期', 'Pick an end date'));
  if (isCalendarDate(rules.startsOn) && isCalendarDate(rules.endsOn) && rules.endsOn < rules.startsOn) out.push(issue('endsOn', '結束日期不可早於開始日期', 'The end date is before the start date'));
  if (rules.steps.length === 0) out.push(issue('steps', '至少需要一個步驟', 'Add at least one step'));
  if (rules.steps.length > 10) out.push(issue('steps', '步驟最多 10 個', 'At most 10 steps'));
  rules.steps.forEach((step, i) => {
    const c = step.condition;
    const f = `steps.${i}`;
    const n = i + 1;
    if (c.kind === 'sku' && c.skus.filter((s) => s.trim()).length === 0) out.push(issue(f, `步驟 ${n}：請輸入至少一個商品編號（SKU）`, `Step ${n}: enter at least one SKU`));
    if (c.kind === 'category' && c.categories.filter((s) => s.trim()).length === 0) out.push(issue(f, `步驟 ${n}：請輸入至少一個商品分類`, `Step ${n}: enter at least one category`));
    if ((c.kind === 'minPurchase' || c.kind === 'totalSpend') && !(Number.isInteger(c.amount) && c.amount >= 1)) out.push(issue(f, `步驟 ${n}：金額需為 1 以上的整數`, `Step ${n}: the amount must be a whole number of at least 1`));
    if ((c.kind === 'visitDays' || c.kind === 'visitStores' || c.kind === 'couponRedeemed' || c.kind === 'referral') && !(Number.isInteger(c.count) && c.count >= 1 && c.count <= 100)) out.push(issue(f, `步驟 ${n}：次數需為 1–100`, `Step ${n}: the count must be 1–100`));
    if (c.kind === 'registration' && rules.audience.kind !== 'new') out.push(issue(f, `步驟 ${n}：「完成註冊」只適用於對象為新會員的任務`, `Step ${n}: "complete registration" only fits a mission for new members`));
  });
  if (rules.combine.kind === 'nOf' && !(Number.isInteger(rules.combine.n) && rules.combine.n >= 1 && rules.combine.n <= rules.steps.length)) out.push(issue('combine', `「完成其中 N 項」的 N 需介於 1 與步驟數（${rules.steps.length}）之間`, `N must be between 1 and the number of steps (${rules.steps.length})`));
  if (!(Number.isInteger(rules.repeat) && rules.repeat >= 1 && rules.repeat <= 100)) out.push(issue('repeat', '可完成次數需為 1–100', 'Times it can be completed must be 1–100'));
  if (rules.audience.kind === 'tier') {
    if (facts.tierIds === null) out.push(issue('audience', '品牌尚未設定會員等級，無法指定等級對象', 'The brand has no tiers yet, so a tier audience is not available'));
    else if (rules.audience.tierIds.length === 0) out.push(issue('audience', '請選擇至少一個會員等級', 'Pick at least one tier'));
    else if (facts.tierIds && rules.audience.tierIds.some((id) => !facts.tierIds!.includes(id))) out.push(issue('audience', '選擇的會員等級不存在', 'A chosen tier does not exist'));
  }
  const r = rules.reward;
  if (r.kind === 'points' && !(Number.isInteger(r.points) && r.points >= 1 && r.points <= 1_000_000)) out.push(issue('reward', '獎勵點數需為 1–1,000,000', 'Reward points must be 1–1,000,000'));
  if (r.kind === 'points' && facts.pointsEnabled === false) out.push(issue('reward', '點數功能未開啟：請先在「點數設定」開啟，或改用票券獎勵', 'Points are off: switch them on in Points settings, or reward a coupon'));
  if (r.kind === 'coupon' && !(r.templateId >= 1)) out.push(issue('reward', '請選擇獎勵票券', 'Pick the reward coupon'));
  if (r.kind === 'bundle' && !(r.bundleId >= 1)) out.push(issue('reward', '請選擇獎勵套票', 'Pick the reward bundle'));
  return out;
}
