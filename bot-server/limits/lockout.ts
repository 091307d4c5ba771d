import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../db/client.ts';
import { deleteLockout, findLockedUntil, lockKey, recordMiss, sweepLockouts } from './lockout.repo.ts';

export interface LockoutRule {
  /** Names the counter in the table, e.g. `code.member`; two rules never share a name. */
  name: string;
  /** This many misses within `windowMs` lock the subject out for `lockMs`. */
  maxMisses: number;
  windowMs: number;
  lockMs: number;
  /** What a locked-out caller reads, given the whole minutes left (default: too many wrong attempts). */
  message?: (minutes: number) => { 'zh-TW': string; en: string };
}

const defaultMessage = (minutes: number) => ({ 'zh-TW': `錯誤次數過多，請 ${minutes} 分鐘後再試`, en: `Too many wrong attempts; try again in ${minutes} min` });

/** Sweep expired rows every this many misses (per process). */
const SWEEP_EVERY = 500;
let missesSinceSweep = 0;
/** Subjects whose row key each Lockout remembers. */
const KEY_MEMO_SIZE = 1_000;

/**
 * Locks out whoever keeps guessing (wrong codes, unknown members, numbers another member
 * holds), in the database: a restart or a second process on the same file holds the same
 * lock-outs. A check is one primary-key read and never writes, so a caller who gets it right
 * pays nothing; only misses write. Subjects are stored hashed with the rule's name, never in
 * clear. Record misses outside a transaction that the miss rolls back.
 */
export class Lockout {
  private readonly db: Db;
  readonly rule: LockoutRule;

  constructor(db: Db, rule: LockoutRule) {
    if (rule.maxMisses < 1 || rule.windowMs <= 0 || rule.lockMs <= 0) throw new Error(`lock-out ${rule.name}: maxMisses, windowMs and lockMs must be positive`);
    this.db = db;
    this.rule = rule;
  }

  /** Row keys of subjects met lately (a till checks on every call): hashing is then skipped. */
  private readonly keys = new Map<string, string>();

  private key(subject: string): string {
    let key = this.keys.get(subject);
    if (key === undefined) {
      key = `${this.rule.name}:${createHash('sha256').update(subject).digest('base64url').slice(0, 32)}`;
      if (this.keys.size >= KEY_MEMO_SIZE) this.keys.clear();
      this.keys.set(subject, key);
    }
    return key;
  }

  /** Milliseconds until the subject may try again; 0 when it is not locked out. */
  lockedForMs(subject: string, now = Date.now()): number {
    const until = findLockedUntil(this.db, this.key(subject)) ?? 0;
    return Math.max(0, until - now);
  }

  /** Throws RATE_LIMITED (with `details.retryAfterSeconds`) while the subject is locked out. */
  check(subject: string, now = Date.now()): void {
    const ms = this.lockedForMs(subject, now);
    if (ms > 0) throw this.error(ms);
  }

  /** Counts a miss; returns how long the subject is now locked out (0 when it is not). */
  miss(subject: string, now = Date.now()): number {
    const until = recordMiss(this.db, { key: this.key(subject), now, windowEndsAt: now + this.rule.windowMs, lockUntil: now + this.rule.lockMs, maxMisses: this.rule.maxMisses });
    this.maybeSweep(now);
    return Math.max(0, (until ?? 0) - now);
  }

  /** Locks the subject out at once for the rule's lock time; returns how long. */
  lock(subject: string, now = Date.now()): number {
    const until = lockKey(this.db, { key: this.key(subject), now, lockUntil: now + this.rule.lockMs });
    this.maybeSweep(now);
    return Math.max(0, until - now);
  }

  /** Forgets the subject's misses and lock-out (support, after checking who is asking). */
  clear(subject: string): void {
    deleteLockout(this.db, this.key(subject));
  }

  /** The 429 a locked-out caller gets: whole minutes in the message, seconds in `details.retryAfterSeconds`. */
  error(ms: number): AppError {
    const minutes = Math.max(1, Math.ceil(ms / 60_000));
    const text = (this.rule.message ?? defaultMessage)(minutes);
    return new AppError('RATE_LIMITED', { message: text['zh-TW'], messageEn: text.en, details: { retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) } });
  }

  private maybeSweep(now: number): void {
    missesSinceSweep += 1;
    if (missesSinceSweep < SWEEP_EVERY) return;
    missesSinceSweep = 0;
    sweepLockouts(this.db, now);
  }
}

/**
 * The subject an IP backstop counts: an IPv4 address as is (also when written IPv4-mapped,
 * ::ffff:a.b.c.d), an IPv6 address by its /64, since one household or phone holds a whole /64.
 */
export function ipSubject(ip: string): string {
  const mapped = ip.toLowerCase().startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(mapped) === 4) return mapped;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
