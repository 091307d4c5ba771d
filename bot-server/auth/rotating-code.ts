import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short numeric codes that rotate: what a Code 128 barcode carries and a cashier can type when
 * the scanner fails. Used by the member card (會員條碼) and by coupons (the code beside the
 * rotating QR). Eighteen digits:
 *
 *   K  IIIIIIIII  WW  MMMMMM
 *   │  │          │   └ the first 6 digits of HMAC-SHA256(secret, kind · id · full window)
 *   │  │          └ the 30-second window, modulo 100 (the MAC binds the full window number)
 *   │  └ the member or coupon id, zero-padded
 *   └ the kind: 8 = member card, 9 = coupon
 *
 * The current and the previous window are accepted (a code lives 30–60 s); a code from up to
 * ten minutes ago is recognised as expired so the counter can say so. A guess has a one in a
 * million chance per try, and the counter's lock-out stops a till after 20 misses.
 */
export const ROTATING_WINDOW_MS = 30_000;
export const ROTATING_CODE_LENGTH = 18;

const KIND_DIGIT = { member: '8', coupon: '9' } as const;
export type RotatingKind = keyof typeof KIND_DIGIT;

const ID_DIGITS = 9;
const WINDOW_DIGITS = 2;
const WINDOW_MOD = 10 ** WINDOW_DIGITS;
const MAC_DIGITS = 6;
/** Windows looked back on to tell "expired" from "wrong" (10 minutes). */
const EXPIRED_LOOKBACK = 20;
export const MAX_ROTATING_ID = 10 ** ID_DIGITS - 1;

function mac(secret: Buffer, kind: RotatingKind, id: number, window: number): string {
  const digest = createHmac('sha256', secret).update(`rc1.${kind}.${id}.${window}`).digest();
  return String(digest.readUIntBE(0, 6) % 10 ** MAC_DIGITS).padStart(MAC_DIGITS, '0');
}

export interface RotatingCode {
  code: string;
  /** When the next code is out (the member's screen asks again then). */
  refreshAt: Date;
  /** When this code stops being accepted. */
  expiresAt: Date;
}

export function issueRotatingCode(secret: Buffer, kind: RotatingKind, id: number, now = Date.now()): RotatingCode {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ROTATING_ID) throw new RangeError(`rotating code: id ${id} out of range`);
  const window = Math.floor(now / ROTATING_WINDOW_MS);
  const code = `${KIND_DIGIT[kind]}${String(id).padStart(ID_DIGITS, '0')}${String(window % WINDOW_MOD).padStart(WINDOW_DIGITS, '0')}${mac(secret, kind, id, window)}`;
  return { code, refreshAt: new Date((window + 1) * ROTATING_WINDOW_MS), expiresAt: new Date((window + 2) * ROTATING_WINDOW_MS) };
}

/** Spaces and dashes a person types between digit groups are ignored. */
export function normalizeRotatingCode(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** Whether the value has the shape of a rotating code of this kind (not whether it is genuine). */
export function looksLikeRotatingCode(value: string, kind: RotatingKind): boolean {
  const v = normalizeRotatingCode(value);
  return v.length === ROTATING_CODE_LENGTH && /^\d+$/.test(v) && v[0] === KIND_DIGIT[kind];
}

export type RotatingVerdict = { ok: true; id: number } | { ok: false; reason: 'MALFORMED' | 'EXPIRED' | 'BAD_SIGNATURE' };

export function verifyRotatingCode(secret: Buffer, kind: RotatingKind, value: string, now = Date.now()): RotatingVerdict {
  const v = normalizeRotatingCode(value);
  if (!looksLikeRotatingCode(v, kind)) return { ok: false, reason: 'MALFORMED' };
  const id = Number(v.slice(1, 1 + ID_DIGITS));
  const windowMod = Number(v.slice(1 + ID_DIGITS, 1 + ID_DIGITS + WINDOW_DIGITS));
  const given = Buffer.from(v.slice(1 + ID_DIGITS + WINDOW_DIGITS));
  if (id < 1) return { ok: false, reason: 'MALFORMED' };
  const current = Math.floor(now / ROTATING_WINDOW_MS);
  for (let back = 0; back < EXPIRED_LOOKBACK; back += 1) {
    const window = current - back;
    if (window % WINDOW_MOD !== windowMod) continue;
    // Within the look-back each remainder names one window, so there is one candidate.
    if (!timingSafeEqual(Buffer.from(mac(secret, kind, id, window)), given)) return { ok: false, reason: 'BAD_SIGNATURE' };
    return back <= 1 ? { ok: true, id } : { ok: false, reason: 'EXPIRED' };
  }
  return { ok: false, reason: 'BAD_SIGNATURE' };
}
