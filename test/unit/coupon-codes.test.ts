import { describe, expect, it } from 'vitest';
import { secureIndex } from '../../bot-server/coupons/secure-random.ts';
import { ALNUM_NO_LOOKALIKES, codeSpace, generateCode, validatePattern } from '../../shared/coupons/codes.ts';

const secureIndexer = () => secureIndex;

describe('coupon code patterns', () => {
  it('makes "AA + 10 random digits"', () => {
    const code = generateCode({ prefix: 'AA', charset: 'digits', length: 10, suffix: '' }, secureIndexer());
    expect(code).toMatch(/^AA\d{10}$/);
  });

  it('uses no look-alike characters', () => {
    expect(ALNUM_NO_LOOKALIKES).not.toMatch(/[0O1IL2Z5S8B]/);
    const code = generateCode({ prefix: '', charset: 'alnum', length: 200, suffix: '' }, secureIndexer());
    expect(code).toMatch(new RegExp(`^[${ALNUM_NO_LOOKALIKES}]{200}$`));
  });

  it('1,000,000 codes from one pattern, no duplicates', () => {
    const next = secureIndexer();
    const pattern = { prefix: 'AA', charset: 'digits' as const, length: 10, suffix: '' };
    const seen = new Set<string>();
    for (let i = 0; i < 1_000_000; i += 1) seen.add(generateCode(pattern, next));
    // 10^10 codes: the birthday bound expects ~50 collisions among 10^6 draws; the server retries those on its unique index.
    expect(seen.size).toBeGreaterThan(999_800);
    const alnum = { prefix: 'VIP', charset: 'alnum' as const, length: 10, suffix: '' };
    const seen2 = new Set<string>();
    for (let i = 0; i < 1_000_000; i += 1) seen2.add(generateCode(alnum, next));
    expect(seen2.size).toBe(1_000_000);
  }, 30_000);

  it('refuses a pattern too small for the stock, with the numbers', () => {
    const problems = validatePattern({ prefix: 'TEA', charset: 'digits', length: 4, suffix: '' }, 5000);
    expect(problems[0]!.message['zh-TW']).toBe('此規則最多 10,000 組號碼，庫存 5,000 張需要至少 50,000 組（10 倍），請加長亂碼或改用英數字');
    expect(validatePattern({ prefix: 'TEA', charset: 'digits', length: 6, suffix: '' }, 5000)).toEqual([]);
    expect(codeSpace({ prefix: '', charset: 'alnum', length: 4, suffix: '' })).toBe(25 ** 4);
    expect(validatePattern({ prefix: 'bad prefix', charset: 'digits', length: 10, suffix: '' }, 1)[0]!.field).toBe('codePattern.prefix');
  });
});
