import { randomBytes } from 'node:crypto';
import type { TMemberCard, TMemberCardLookup } from '../../shared/api/member-card.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { authorizeCounter, requireRegisteredMember, type StoreDirectory } from '../auth/policies.ts';
import { issueRotatingCode, looksLikeRotatingCode, verifyRotatingCode } from '../auth/rotating-code.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';
import { claimFlag, readFlag } from '../runtime-flags/runtime-flags.repo.ts';
import { findMemberIdByVerifiedMobile, findRegisteredMemberForCard } from './member-card.repo.ts';
import type { MemberLookup } from './member-lookup.port.ts';

/** The member card's signing secret, kept in the database so every process and restart agrees. */
export function loadMemberCardSecret(db: Db): Buffer {
  const key = 'members.cardSecret';
  const existing = readFlag<string>(db, key);
  if (existing !== undefined) return Buffer.from(String(existing), 'base64');
  claimFlag(db, key, randomBytes(32).toString('base64'));
  return Buffer.from(String(readFlag<string>(db, key)), 'base64');
}

/** The number printed under the card: the member id, zero-padded (it opens nothing by itself). */
export function memberNumberOf(id: number): string {
  return String(id).padStart(8, '0');
}

/**
 * The member card (會員條碼): the rotating code a member shows at the counter, and the
 * MemberLookup port other domains (the POS purchase API) use to turn a card code or a verified
 * mobile into a member. `byCardCode` accepts the current and previous 30-second window only.
 */
export class MemberCards implements MemberLookup {
  private readonly db: Db;
  private readonly secret: Buffer;
  private readonly stores: StoreDirectory;
  /** Unknown card codes lock out the till that typed them, like unknown coupon codes. */
  private readonly misses: Lockout;

  constructor(deps: { db: Db; secret: Buffer; stores: StoreDirectory }) {
    this.db = deps.db;
    this.secret = deps.secret;
    this.stores = deps.stores;
    this.misses = new Lockout(deps.db, LOCKOUTS.counterActor);
  }

  /** The caller's own card, with a fresh code. */
  card(caller: Actor | undefined, now = Date.now()): TMemberCard {
    const me = requireRegisteredMember(caller);
    const member = findRegisteredMemberForCard(this.db, me.memberId);
    if (!member) throw new AppError('REGISTRATION_REQUIRED');
    const c = issueRotatingCode(this.secret, 'member', member.id, now);
    return { code: c.code, memberNumber: memberNumberOf(member.id), name: member.name ?? member.displayName, refreshAt: c.refreshAt.toISOString(), expiresAt: c.expiresAt.toISOString() };
  }

  byCardCode(tx: DbOrTx, code: string, now: Date): number | null {
    const verdict = verifyRotatingCode(this.secret, 'member', code, now.getTime());
    if (!verdict.ok) return null;
    return findRegisteredMemberForCard(tx, verdict.id)?.id ?? null;
  }

  byMobile(tx: DbOrTx, mobileE164: string): number | null {
    return findMemberIdByVerifiedMobile(tx, mobileE164) ?? null;
  }

  /** Whether a scanned or typed value has the member card's shape (the scanner routes it here). */
  isCardCode(value: string): boolean {
    return looksLikeRotatingCode(value, 'member');
  }

  /**
   * A counter (staff at the store, or a POS key limited to it) reads a member card: the member's
   * name and number, nothing more. An expired code says so; a wrong one counts as a miss.
   */
  lookupAtCounter(caller: Actor | undefined, storeId: number, code: string, now = Date.now()): TMemberCardLookup {
    const { actor } = authorizeCounter(caller, storeId, this.stores);
    const guesser = actor.kind === 'apiKey' ? `key:${actor.keyId}` : actor.kind === 'member' ? `member:${actor.memberId}` : 'system';
    this.misses.check(guesser, now);
    const verdict = verifyRotatingCode(this.secret, 'member', code, now);
    if (!verdict.ok && verdict.reason === 'EXPIRED') throw new AppError('MEMBER_CARD_EXPIRED');
    const member = verdict.ok ? findRegisteredMemberForCard(this.db, verdict.id) : undefined;
    if (!member) {
      const lockedMs = this.misses.miss(guesser, now);
      throw lockedMs > 0 ? this.misses.error(lockedMs) : new AppError('MEMBER_CARD_NOT_FOUND');
    }
    return { member: { memberNumber: memberNumberOf(member.id), name: member.name ?? member.displayName } };
  }
}
