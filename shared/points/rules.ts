/**
 * Points rules, pure for both sides: what a basket earns (with the explanation line by line),
 * when points expire, how a spend is taken from lots (FIFO by expiry) and how much a refund
 * reverses. The server, the console calculator and the tests run the same functions.
 *
 * Combination is explicit, never "last edited wins":
 * - the base rate gives every NT$ `spend` paid `points` points (NT$50 = 1 → NT$1,000 = 20);
 * - every multiplier rule belongs to a rule group; a group combines its rules by `stack`
 *   (their extras add up: 2× and 3× on one line is 1 + 1 + 2 = 4×) or `best` (only the largest
 *   multiplier applies on a line); the extras of different groups add up;
 * - threshold bonuses (滿 NT$3,000 加贈 100) in a group: `stack` adds every bonus reached,
 *   `best` only the largest reached;
 * - the tier multiplier (`tierMultiplier`, 1 until tiers exist) is its own group, stacking;
 * - the total is rounded down once, at the end: points are never fractional.
 */

export type Lang = 'zh-TW' | 'en';

export type EarnRule =
  /** 指定商品點數加倍: lines whose SKU is listed. */
  | { kind: 'sku'; name: string; skus: string[]; multiplier: number }
  /** A category multiplier. */
  | { kind: 'category'; name: string; categories: string[]; multiplier: number }
  /** 壽星 30 倍: the whole basket, in the member's birthday month (brand time). */
  | { kind: 'birthday'; name: string; multiplier: number }
  /** A date-ranged campaign multiplier (YYYY-MM-DD, both inclusive, brand time). */
  | { kind: 'dateRange'; name: string; from: string; to: string; multiplier: number }
  /** 滿 NT$3,000 加贈 100 點: paid at least `minSpend` → `bonus` points. */
  | { kind: 'threshold'; name: string; minSpend: number; bonus: number };

export interface RuleGroup {
  name: string;
  combine: 'stack' | 'best';
  rules: EarnRule[];
}

export type ExpiryPolicy =
  /** Points expire at the end of the month `months` months after the month they were earned. */
  | { kind: 'monthEnd'; months: number }
  /** Points expire at the end of a fixed date (month/day) each year, `yearsAfter` years after the first such date on or after earning. */
  | { kind: 'yearly'; month: number; day: number; yearsAfter: number }
  | { kind: 'never' };

export interface EarnSettings {
  /** Points are switched on: purchases earn, the welcome message may promise points. */
  enabled: boolean;
  base: { spend: number; points: number };
  groups: RuleGroup[];
  /** Points unlock this many days after the purchase (the return window); 0 = at once. */
  pendingDays: number;
  expiry: ExpiryPolicy;
  /** Days before the end of a month that members with points expiring that month are told. */
  reminderDaysBefore: number;
  /** At the POS, `points` points pay NT$`value`. */
  redeem: { points: number; value: number };
}

export const DEFAULT_EARN_SETTINGS: EarnSettings = {
  enabled: true,
  base: { spend: 50, points: 1 },
  groups: [],
  pendingDays: 0,
  expiry: { kind: 'monthEnd', months: 12 },
  reminderDaysBefore: 10,
  redeem: { points: 1, value: 1 },
};

export interface BasketLine {
  sku: string;
  category?: string | undefined;
  quantity: number;
  unitPrice: number;
  /** NT$ taken off this line (line discounts). */
  discount?: number | undefined;
}

export interface EarnInput {
  lines: BasketLine[];
  /** NT$ the member paid (after coupons and points); points are earned on this. */
  paid: number;
  /** The purchase's brand-local date, YYYY-MM-DD. */
  date: string;
  /** The member's birthday (YYYY-MM-DD) or null. */
  birthday: string | null;
  /** The tiers issue plugs in here; 1 until tiers exist. */
  tierMultiplier: number;
}

export interface ExplainLine {
  /** Which rule made the line: 'base', a rule name, 'tier', 'rounding'. */
  source: string;
  text: string;
  points: number;
}

export interface EarnResult {
  points: number;
  /** Base + multipliers before the bonuses, rounded down. */
  fromRate: number;
  bonus: number;
  /**
   * Each line's weight (its NT$ net × its multiplier, in thousandths): refunds reverse in
   * proportion to the weight returned. The sum is `totalWeight`.
   */
  lineWeights: number[];
  totalWeight: number;
  explain: ExplainLine[];
}

const fmt = (n: number) => n.toLocaleString('en-US');
const money = (n: number) => `NT$${fmt(n)}`;
const mult = (m: number) => `${Number(m.toFixed(3))}`;

function lineNet(l: BasketLine): number {
  return Math.max(0, l.quantity * l.unitPrice - (l.discount ?? 0));
}

function ruleMatchesLine(rule: EarnRule, line: BasketLine, input: EarnInput): boolean {
  switch (rule.kind) {
    case 'sku':
      return rule.skus.includes(line.sku);
    case 'category':
      return line.category !== undefined && rule.categories.includes(line.category);
    case 'birthday':
      return input.birthday !== null && input.birthday.slice(5, 7) === input.date.slice(5, 7);
    case 'dateRange':
      return input.date >= rule.from && input.date <= rule.to;
    case 'threshold':
      return false;
  }
}

/**
 * What a basket earns, and why, line by line. Points come from what was paid: each line's share
 * of the paid amount (its net after line discounts, scaled to `paid`) times its multiplier, over
 * the base rate, rounded down once; then the threshold bonuses.
 */
export function computeEarn(settings: EarnSettings, input: EarnInput, lang: Lang = 'zh-TW'): EarnResult {
  const zh = lang === 'zh-TW';
  const explain: ExplainLine[] = [];
  const nets = input.lines.map(lineNet);
  const gross = nets.reduce((s, n) => s + n, 0);
  const paid = Math.max(0, Math.floor(input.paid));
  const { spend, points: perSpend } = settings.base;
  if (!settings.enabled || paid === 0 || spend <= 0 || perSpend <= 0) {
    const text = !settings.enabled ? (zh ? '點數功能未開啟' : 'Points are switched off') : zh ? '未付款金額，無點數' : 'Nothing paid, no points';
    return { points: 0, fromRate: 0, bonus: 0, lineWeights: nets.map(() => 0), totalWeight: 0, explain: [{ source: 'base', text, points: 0 }] };
  }
  // Multipliers in thousandths, so 1.5× stays exact; BigInt keeps big baskets exact too.
  const lineMultipliers = input.lines.map((line) => {
    let extra = 0;
    for (const group of settings.groups) {
      const matches = group.rules.filter((r) => r.kind !== 'threshold' && ruleMatchesLine(r, line, input)) as Exclude<EarnRule, { kind: 'threshold' }>[];
      if (matches.length === 0) continue;
      const extras = matches.map((r) => Math.max(0, Math.round(r.multiplier * 1000) - 1000));
      extra += group.combine === 'best' ? Math.max(...extras) : extras.reduce((s, e) => s + e, 0);
    }
    extra += Math.max(0, Math.round(input.tierMultiplier * 1000) - 1000);
    return 1000 + extra;
  });
  // Each line's share of the paid amount: nets scaled to `paid` (no lines: the whole amount at 1×).
  const weights = gross > 0 ? nets.map((n, i) => n * lineMultipliers[i]!) : [];
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const weightedPaid = gross > 0 ? (BigInt(paid) * BigInt(totalWeight)) / BigInt(gross) : BigInt(paid) * 1000n;
  const fromRate = Number((weightedPaid * BigInt(perSpend)) / (BigInt(spend) * 1000n));
  const base = Math.floor(paid / spend) * perSpend;
  explain.push({ source: 'base', text: zh ? `基本：消費 ${money(paid)}，每 ${money(spend)} 得 ${perSpend} 點` : `Base: ${money(paid)} paid, ${perSpend} point(s) per ${money(spend)}`, points: base });
  // The extras per rule, for the explanation (exact sum is fromRate − base; shown per rule rounded down).
  const exactBase = (paid * perSpend) / spend;
  let shown = base;
  const share = (net: number) => (gross > 0 ? (net * paid) / gross : 0);
  for (const group of settings.groups) {
    for (const rule of group.rules) {
      if (rule.kind === 'threshold') continue;
      let extraPoints = 0;
      let matchedAmount = 0;
      input.lines.forEach((line, i) => {
        if (!ruleMatchesLine(rule, line, input)) return;
        const ruleExtra = Math.max(0, rule.multiplier - 1);
        if (group.combine === 'best') {
          const best = Math.max(...group.rules.filter((r) => r.kind !== 'threshold' && ruleMatchesLine(r, line, input)).map((r) => (r as { multiplier: number }).multiplier));
          if (best !== rule.multiplier) return;
          // Of equal multipliers, the first listed one counts.
          const first = group.rules.find((r) => r.kind !== 'threshold' && ruleMatchesLine(r, line, input) && (r as { multiplier: number }).multiplier === best);
          if (first !== rule) return;
        }
        matchedAmount += share(nets[i]!);
        extraPoints += (share(nets[i]!) * ruleExtra * perSpend) / spend;
      });
      if (matchedAmount === 0) continue;
      const p = Math.floor(extraPoints);
      shown += p;
      const how = group.combine === 'stack' ? (zh ? '可疊加' : 'stacks') : zh ? '取最高' : 'best of group';
      explain.push({ source: rule.name, text: zh ? `${rule.name}（${mult(rule.multiplier)} 倍，${how}）：${money(Math.round(matchedAmount))}` : `${rule.name} (${mult(rule.multiplier)}×, ${how}): ${money(Math.round(matchedAmount))}`, points: p });
    }
  }
  if (input.tierMultiplier > 1) {
    const p = Math.floor(exactBase * (input.tierMultiplier - 1));
    shown += p;
    explain.push({ source: 'tier', text: zh ? `會員等級 ${mult(input.tierMultiplier)} 倍` : `Tier ${mult(input.tierMultiplier)}×`, points: p });
  }
  if (shown !== fromRate) explain.push({ source: 'rounding', text: zh ? '合計後無條件捨去的差額' : 'Rounding of the total', points: fromRate - shown });
  let bonus = 0;
  for (const group of settings.groups) {
    const reached = group.rules.filter((r): r is Extract<EarnRule, { kind: 'threshold' }> => r.kind === 'threshold' && paid >= r.minSpend);
    const counted = group.combine === 'best' ? reached.sort((a, b) => b.bonus - a.bonus).slice(0, 1) : reached;
    for (const r of counted) {
      const b = Math.max(0, Math.floor(r.bonus));
      bonus += b;
      explain.push({ source: r.name, text: zh ? `${r.name}：滿 ${money(r.minSpend)} 加贈` : `${r.name}: ${money(r.minSpend)} or more`, points: b });
    }
  }
  return { points: fromRate + bonus, fromRate, bonus, lineWeights: weights, totalWeight, explain };
}

/** The day (YYYY-MM-DD) after which points earned on `earnedDate` are gone: the last day they count, or null (never). */
export function expiryDate(policy: ExpiryPolicy, earnedDate: string): string | null {
  const [y, m, d] = earnedDate.split('-').map(Number) as [number, number, number];
  if (policy.kind === 'never') return null;
  if (policy.kind === 'monthEnd') {
    const end = new Date(Date.UTC(y, m - 1 + policy.months + 1, 0));
    return end.toISOString().slice(0, 10);
  }
  const lastDay = (year: number) => Math.min(policy.day, new Date(Date.UTC(year, policy.month, 0)).getUTCDate());
  let year = y;
  if (m > policy.month || (m === policy.month && d > lastDay(y))) year += 1;
  year += policy.yearsAfter;
  return `${year}-${String(policy.month).padStart(2, '0')}-${String(lastDay(year)).padStart(2, '0')}`;
}

export interface Lot {
  id: number;
  remaining: number;
  /** Epoch ms at which the lot expires; null never. */
  expiresAt: number | null;
}

/**
 * Takes `points` from lots, those that expire first first (then the older lot): the allocation,
 * or null when the lots hold fewer points.
 */
export function allocateFifo(lots: Lot[], points: number): { lotId: number; points: number }[] | null {
  const ordered = [...lots].filter((l) => l.remaining > 0).sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.id - b.id);
  const out: { lotId: number; points: number }[] = [];
  let left = points;
  for (const lot of ordered) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    out.push({ lotId: lot.id, points: take });
    left -= take;
  }
  return left > 0 ? null : out;
}

/**
 * How many points a refund reverses: the cumulative refunded weight's share of what the purchase
 * earned, rounded down, less what earlier refunds reversed. Never negative, and the total never
 * exceeds what was earned (a whole return reverses exactly that).
 */
export function pointsToReverse(earned: number, totalWeight: number, refundedWeightBefore: number, refundedWeightNow: number, reversedBefore: number): number {
  if (earned <= 0) return 0;
  const cumulative = Math.min(totalWeight, refundedWeightBefore + refundedWeightNow);
  const target = totalWeight <= 0 ? (cumulative > 0 ? earned : 0) : Number((BigInt(earned) * BigInt(cumulative)) / BigInt(totalWeight));
  return Math.max(0, Math.min(earned, target) - reversedBefore);
}

/** 「87 點將於 2027/01/31 到期」. */
export function expiryLine(points: number, date: string, lang: Lang): string {
  const d = date.replaceAll('-', '/');
  return lang === 'zh-TW' ? `${fmt(points)} 點將於 ${d} 到期` : `${fmt(points)} points expire on ${d}`;
}

/** 「消費 NT$1,000」, the reason a purchase earned. */
export function purchaseReason(paid: number, lang: Lang): string {
  return lang === 'zh-TW' ? `消費 ${money(paid)}` : `Purchase of ${money(paid)}`;
}
