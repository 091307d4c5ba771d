/**
 * Coupon code patterns (自定義券號): prefix + random part + suffix, e.g. "AA" + 10 digits.
 * Pure: the random source is passed in (the server gives a cryptographically secure one).
 */

export type CodeCharset = 'digits' | 'alnum';

export interface CodePattern {
  prefix: string;
  charset: CodeCharset;
  /** Length of the random part. */
  length: number;
  suffix: string;
}

/** Upper-case letters and digits without look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const ALNUM_NO_LOOKALIKES = 'ACDEFGHJKMNPQRTUVWXY34679';
export const DIGITS = '0123456789';

/** How many codes a pattern can make, compared with the stock, keeps random codes from colliding often. */
export const CODE_SPACE_FACTOR = 10;

export function alphabet(charset: CodeCharset): string {
  return charset === 'digits' ? DIGITS : ALNUM_NO_LOOKALIKES;
}

export function codeSpace(pattern: CodePattern): number {
  return alphabet(pattern.charset).length ** pattern.length;
}

export type PatternProblem = { field: string; message: { 'zh-TW': string; en: string } };

export function validatePattern(pattern: CodePattern, stock: number | null): PatternProblem[] {
  const problems: PatternProblem[] = [];
  if (!/^[A-Z0-9-]{0,12}$/.test(pattern.prefix)) problems.push({ field: 'codePattern.prefix', message: { 'zh-TW': '前綴最多 12 個大寫英數字或 -', en: 'prefix: up to 12 upper-case letters, digits or -' } });
  if (!/^[A-Z0-9-]{0,12}$/.test(pattern.suffix)) problems.push({ field: 'codePattern.suffix', message: { 'zh-TW': '後綴最多 12 個大寫英數字或 -', en: 'suffix: up to 12 upper-case letters, digits or -' } });
  if (!Number.isInteger(pattern.length) || pattern.length < 4 || pattern.length > 24) {
    problems.push({ field: 'codePattern.length', message: { 'zh-TW': '亂碼長度須為 4–24', en: 'length must be 4–24' } });
    return problems;
  }
  const space = codeSpace(pattern);
  const needed = (stock ?? 100_000) * CODE_SPACE_FACTOR;
  if (space < needed) {
    problems.push({
      field: 'codePattern.length',
      message: {
        'zh-TW': `此規則最多 ${space.toLocaleString('en-US')} 組號碼，${stock === null ? '不限量' : `庫存 ${stock.toLocaleString('en-US')} 張`}需要至少 ${needed.toLocaleString('en-US')} 組（${CODE_SPACE_FACTOR} 倍），請加長亂碼或改用英數字`,
        en: `This pattern makes at most ${space.toLocaleString('en-US')} codes; ${stock === null ? 'unlimited stock' : `a stock of ${stock.toLocaleString('en-US')}`} needs at least ${needed.toLocaleString('en-US')} (${CODE_SPACE_FACTOR}×). Make the random part longer or use letters too.`,
      },
    });
  }
  return problems;
}

/** One code; `randomIndex(n)` must return a uniform integer in [0, n). */
export function generateCode(pattern: CodePattern, randomIndex: (n: number) => number): string {
  const chars = alphabet(pattern.charset);
  let body = '';
  for (let i = 0; i < pattern.length; i += 1) body += chars[randomIndex(chars.length)];
  return `${pattern.prefix}${body}${pattern.suffix}`;
}

/** What people type: trimmed, upper-case, without spaces or dashes inside. */
export function normalizeCode(input: string): string {
  return input.trim().toUpperCase().replace(/[\s]/g, '');
}
