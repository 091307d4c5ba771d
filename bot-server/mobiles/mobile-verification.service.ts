import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { TMobileCodeSent } from '../../shared/api/mobiles.ts';
import type { Lang } from '../../shared/coupons/rules.ts';
import { AppError } from '../../shared/errors.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import { ipSubject, Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';
import { claimFlag, readFlag } from '../runtime-flags/runtime-flags.repo.ts';
import type { CodeVerdict, MobileCodeChecker } from './code-checker.port.ts';
import { countWrongTry, findLatestCode, insertCode, markCodeFailed, sweepCodes, useCode } from './mobile-code.repo.ts';
import { SmsError, type SmsSender } from './sms-sender.ts';

/** A code lives 5 minutes, takes 5 wrong tries, and a new one can be asked for after 60 s. */
export const CODE_TTL_MS = 5 * 60_000;
export const MAX_TRIES = 5;
export const RESEND_AFTER_MS = 60_000;

/** The HMAC key for codes at rest lives in the database, so every process (and restart) agrees on it. */
export function loadCodeSecret(db: Db): Buffer {
  const key = 'mobiles.codeSecret';
  const existing = readFlag<string>(db, key);
  if (existing !== undefined) return Buffer.from(String(existing), 'base64');
  claimFlag(db, key, randomBytes(32).toString('base64'));
  return Buffer.from(String(readFlag<string>(db, key)), 'base64');
}

/**
 * SMS one-time codes that prove a member holds a mobile number. Asking for a code answers the
 * same whatever the number (a member's, someone else's, nobody's): nothing here tells who is
 * a member. Codes are stored as an HMAC only and never logged.
 */
export class MobileVerification implements MobileCodeChecker {
  private readonly db: Db;
  private readonly sender: SmsSender | null;
  private readonly brandName: string;
  private readonly log: Logger;
  private readonly secret: Buffer;
  private readonly perNumber: Lockout;
  private readonly perMember: Lockout;
  private readonly perIp: Lockout;
  private sends = 0;

  constructor(deps: { db: Db; sender: SmsSender | null; brandName: string; log: Logger }) {
    this.db = deps.db;
    this.sender = deps.sender;
    this.brandName = deps.brandName;
    this.log = deps.log;
    this.secret = loadCodeSecret(deps.db);
    this.perNumber = new Lockout(deps.db, LOCKOUTS.smsNumber);
    this.perMember = new Lockout(deps.db, LOCKOUTS.smsMember);
    this.perIp = new Lockout(deps.db, LOCKOUTS.smsIp);
  }

  private hash(memberId: number, mobile: string, code: string): string {
    return createHmac('sha256', this.secret).update(`${memberId}:${mobile}:${code}`).digest('base64url');
  }

  private text(code: string, lang: Lang): string {
    return lang === 'en'
      ? `[${this.brandName}] Your verification code is ${code}. It expires in 5 minutes. Never share it with anyone.`
      : `【${this.brandName}】您的驗證碼是 ${code}，5 分鐘內有效。請勿將驗證碼告訴任何人。`;
  }

  /**
   * Texts a fresh code to `mobile` (E.164) for this member. Refused only for reasons that say
   * nothing about who holds the number: not a Taiwan mobile, the 60-second resend wait, the
   * per-number / per-member / per-IP send limits, the provider being down.
   */
  async requestCode(input: { memberId: number; mobile: string; ip: string; lang: Lang }, now = new Date()): Promise<TMobileCodeSent> {
    const { memberId, mobile } = input;
    const national = normalizeMobile(mobile);
    if (!national.ok || !mobile.startsWith('+8869')) {
      throw new AppError('MOBILE_INVALID', { field: 'mobile', message: '請輸入台灣手機號碼，例如 0912345678', messageEn: 'Enter a Taiwan mobile number, e.g. 0912345678' });
    }
    if (!this.sender) throw new AppError('SMS_UNAVAILABLE', { message: '本站尚未設定簡訊服務，請洽門市', messageEn: 'Text messages are not set up here; ask a store' });
    const at = now.getTime();
    const ip = ipSubject(input.ip);
    this.perMember.check(String(memberId), at);
    this.perNumber.check(mobile, at);
    this.perIp.check(ip, at);
    const last = findLatestCode(this.db, memberId, mobile);
    if (last && at - last.createdAt.getTime() < RESEND_AFTER_MS && last.status !== 'failed') {
      const seconds = Math.max(1, Math.ceil((RESEND_AFTER_MS - (at - last.createdAt.getTime())) / 1000));
      throw new AppError('RATE_LIMITED', { message: `請於 ${seconds} 秒後再重新傳送`, messageEn: `You can ask for a new code in ${seconds} s`, details: { retryAfterSeconds: seconds } });
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const row = transact(this.db, (tx) => insertCode(tx, { memberId, mobile, codeHash: this.hash(memberId, mobile, code), createdAt: now, expiresAt: new Date(at + CODE_TTL_MS) }));
    // Every send counts, also one the provider then refuses: a flood of bad requests costs as much.
    this.perMember.miss(String(memberId), at);
    this.perNumber.miss(mobile, at);
    this.perIp.miss(ip, at);
    try {
      await this.sender.send({ to: mobile, body: this.text(code, input.lang), clientId: `mc-${row.id}-${row.createdAt.getTime().toString(36)}` });
    } catch (error) {
      markCodeFailed(this.db, row.id);
      this.log.warn({ provider: this.sender.name, providerCode: error instanceof SmsError ? error.providerCode : 'error', codeId: row.id }, 'SMS one-time code not sent');
      throw new AppError('SMS_UNAVAILABLE', { cause: error });
    }
    this.maybeSweep(now);
    return { mobile: national.national, expiresInSeconds: CODE_TTL_MS / 1000, resendAfterSeconds: RESEND_AFTER_MS / 1000 };
  }

  checkInTx(tx: DbOrTx, input: { memberId: number; mobile: string; code: string; now: Date }): CodeVerdict {
    const row = findLatestCode(tx, input.memberId, input.mobile);
    if (!row || row.status !== 'pending' || row.expiresAt.getTime() <= input.now.getTime()) return { ok: false, error: new AppError('VERIFICATION_CODE_EXPIRED', { field: 'code' }) };
    if (row.attempts >= MAX_TRIES) return { ok: false, error: new AppError('VERIFICATION_TOO_MANY_TRIES', { field: 'code' }) };
    const expected = Buffer.from(row.codeHash);
    const given = Buffer.from(this.hash(input.memberId, input.mobile, input.code));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      const used = countWrongTry(tx, row.id, MAX_TRIES) ?? MAX_TRIES;
      const triesLeft = MAX_TRIES - used;
      if (triesLeft <= 0) return { ok: false, error: new AppError('VERIFICATION_TOO_MANY_TRIES', { field: 'code' }) };
      return {
        ok: false,
        error: new AppError('VERIFICATION_CODE_WRONG', {
          field: 'code',
          message: `驗證碼不正確，還可以再試 ${triesLeft} 次`,
          messageEn: `That code is not right; ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left`,
          details: { triesLeft },
        }),
      };
    }
    if (!useCode(tx, row.id, MAX_TRIES, input.now)) return { ok: false, error: new AppError('VERIFICATION_CODE_EXPIRED', { field: 'code' }) };
    return { ok: true };
  }

  private maybeSweep(now: Date): void {
    this.sends += 1;
    if (this.sends % 200 !== 0) return;
    sweepCodes(this.db, new Date(now.getTime() - 24 * 3600_000));
  }
}
