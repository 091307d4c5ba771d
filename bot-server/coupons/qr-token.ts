import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { claimFlag, readFlag } from '../runtime-flags/runtime-flags.repo.ts';

/** QR tokens rotate every 30 s; the current and the previous window are accepted. */
export const QR_WINDOW_MS = 30_000;
const PREFIX = 'CQ1';

/** The signing secret lives in the database so every process (and restart) agrees on it. */
export function loadQrSecret(db: Db): Buffer {
  const key = 'coupons.qrSecret';
  const existing = readFlag<string>(db, key);
  if (existing !== undefined) return Buffer.from(String(existing), 'base64');
  // Two processes starting at once: the first one's secret is kept, and both read it back.
  claimFlag(db, key, randomBytes(32).toString('base64'));
  return Buffer.from(String(readFlag<string>(db, key)), 'base64');
}

function sign(secret: Buffer, couponId: number, window: number): string {
  return createHmac('sha256', secret).update(`${couponId}.${window}`).digest().subarray(0, 12).toString('base64url');
}

/** A short-lived token for a coupon's QR code: a screenshot stops working within a minute. */
export function issueQrToken(secret: Buffer, couponId: number, now = Date.now()): { token: string; expiresAt: Date; refreshAt: Date } {
  const window = Math.floor(now / QR_WINDOW_MS);
  return {
    token: `${PREFIX}.${couponId.toString(36)}.${window.toString(36)}.${sign(secret, couponId, window)}`,
    refreshAt: new Date((window + 1) * QR_WINDOW_MS),
    expiresAt: new Date((window + 2) * QR_WINDOW_MS),
  };
}

export function looksLikeQrToken(value: string): boolean {
  return value.startsWith(`${PREFIX}.`);
}

export type QrVerdict = { ok: true; couponId: number } | { ok: false; reason: 'MALFORMED' | 'EXPIRED' | 'BAD_SIGNATURE' };

export function verifyQrToken(secret: Buffer, token: string, now = Date.now()): QrVerdict {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== PREFIX) return { ok: false, reason: 'MALFORMED' };
  const couponId = parseInt(parts[1]!, 36);
  const window = parseInt(parts[2]!, 36);
  if (!Number.isSafeInteger(couponId) || !Number.isSafeInteger(window)) return { ok: false, reason: 'MALFORMED' };
  const expected = Buffer.from(sign(secret, couponId, window));
  const given = Buffer.from(parts[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'BAD_SIGNATURE' };
  const current = Math.floor(now / QR_WINDOW_MS);
  if (window !== current && window !== current - 1) return { ok: false, reason: 'EXPIRED' };
  return { ok: true, couponId };
}
