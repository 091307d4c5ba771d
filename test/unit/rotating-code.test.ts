import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueRotatingCode, looksLikeRotatingCode, ROTATING_CODE_LENGTH, ROTATING_WINDOW_MS, verifyRotatingCode } from '../../bot-server/auth/rotating-code.ts';

const secret = randomBytes(32);
const T0 = Date.UTC(2026, 5, 30, 2, 0, 7);

describe('rotating numeric codes (member card, coupons)', () => {
  it('are 18 digits with the kind first, and rotate every 30 seconds', () => {
    const a = issueRotatingCode(secret, 'member', 123, T0);
    expect(a.code).toMatch(/^8\d{17}$/);
    expect(a.code).toHaveLength(ROTATING_CODE_LENGTH);
    expect(a.code.slice(1, 10)).toBe('000000123');
    expect(a.expiresAt.getTime() - a.refreshAt.getTime()).toBe(ROTATING_WINDOW_MS);
    expect(issueRotatingCode(secret, 'coupon', 123, T0).code).toMatch(/^9/);
    expect(issueRotatingCode(secret, 'member', 123, T0 + ROTATING_WINDOW_MS).code).not.toBe(a.code);
  });

  it('accepts the current and the previous window, calls older ones expired, and refuses far older ones', () => {
    const now = T0;
    const current = issueRotatingCode(secret, 'member', 42, now).code;
    const previous = issueRotatingCode(secret, 'member', 42, now - ROTATING_WINDOW_MS).code;
    const older = issueRotatingCode(secret, 'member', 42, now - 2 * ROTATING_WINDOW_MS).code;
    const hourOld = issueRotatingCode(secret, 'member', 42, now - 3600_000).code;
    expect(verifyRotatingCode(secret, 'member', current, now)).toEqual({ ok: true, id: 42 });
    expect(verifyRotatingCode(secret, 'member', previous, now)).toEqual({ ok: true, id: 42 });
    expect(verifyRotatingCode(secret, 'member', older, now)).toEqual({ ok: false, reason: 'EXPIRED' });
    // An hour later the window remainder repeats, but the MAC binds the full window.
    expect(verifyRotatingCode(secret, 'member', hourOld, now).ok).toBe(false);
    // A screenshot taken now is useless a minute later.
    expect(verifyRotatingCode(secret, 'member', current, now + 2 * ROTATING_WINDOW_MS)).toEqual({ ok: false, reason: 'EXPIRED' });
  });

  it('refuses every single-digit change, another id, another kind and another secret', () => {
    const code = issueRotatingCode(secret, 'member', 777, T0).code;
    for (let i = 1; i < code.length; i += 1) {
      const digit = (Number(code[i]) + 1) % 10;
      const tampered = `${code.slice(0, i)}${digit}${code.slice(i + 1)}`;
      const verdict = verifyRotatingCode(secret, 'member', tampered, T0);
      expect(verdict.ok, `digit ${i}`).toBe(false);
    }
    expect(verifyRotatingCode(secret, 'coupon', `9${code.slice(1)}`, T0).ok).toBe(false);
    expect(verifyRotatingCode(randomBytes(32), 'member', code, T0).ok).toBe(false);
  });

  it('reads what a cashier types (spaces, dashes) and refuses what is not a code', () => {
    const code = issueRotatingCode(secret, 'coupon', 9, T0).code;
    const spaced = code.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(looksLikeRotatingCode(spaced, 'coupon')).toBe(true);
    expect(verifyRotatingCode(secret, 'coupon', spaced, T0)).toEqual({ ok: true, id: 9 });
    expect(verifyRotatingCode(secret, 'coupon', code.replace(/(\d{6})/g, '$1-'), T0)).toEqual({ ok: true, id: 9 });
    for (const bad of ['', '9', code.slice(0, -1), `${code}0`, code.replace(/\d$/, 'X'), 'AA1234567890']) {
      expect(verifyRotatingCode(secret, 'coupon', bad, T0)).toEqual({ ok: false, reason: 'MALFORMED' });
    }
    expect(() => issueRotatingCode(secret, 'coupon', 0, T0)).toThrow(RangeError);
    expect(() => issueRotatingCode(secret, 'coupon', 1e9, T0)).toThrow(RangeError);
  });
});
