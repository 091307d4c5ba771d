import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { findMemberById, findMemberByLineUserId, insertMember, updateMember, type MemberRow } from '../members/member.repo.ts';
import { isAdminMember, listStaffStores } from '../members/roles.repo.ts';
import type { MemberActor } from './actor.ts';
import { verifyLineIdToken } from './line-login.ts';
import { findLiveSession, findSessionByHash, insertSession, revokeSession } from './session.repo.ts';
import { AppError } from '../../shared/errors.ts';

export const ACTOR_CACHE_MS = 5000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AuthServiceOptions {
  db: Db;
  config: Config;
  /** Where LINE's verify endpoint is (api.line.me, or the sandbox). */
  lineApiBaseUrl: string;
  sessionTtlMs: number;
}

/** Sign-in by a LINE-verified ID token, and the short-lived sessions that follow it. */
export class AuthService {
  private readonly options: AuthServiceOptions;
  private readonly adminLineUserIds: Set<string>;
  /**
   * Actors resolved in the last few seconds, by token hash: a busy member app or scanner
   * would otherwise re-read the session and roles on every call. Role changes and sign-outs
   * take effect within ACTOR_CACHE_MS (sign-out at once).
   */
  private readonly actorCache = new Map<string, { actor: MemberActor; until: number; expiresAt: number }>();
  constructor(options: AuthServiceOptions) {
    this.options = options;
    this.adminLineUserIds = new Set(options.config.adminLineUserIds);
  }

  /**
   * Verifies the ID token with LINE, creates the member on first sign-in (a LIFF user need not
   * follow the account), and opens a session. The token is returned once and stored hashed.
   */
  async signIn(idToken: string, now = new Date()): Promise<{ token: string; expiresAt: Date; member: MemberRow; actor: MemberActor }> {
    const verified = await verifyLineIdToken({ apiBaseUrl: this.options.lineApiBaseUrl, clientId: this.options.config.loginChannelId, idToken, now });
    const { db } = this.options;
    const member = transact(db, (tx) => {
      const existing = findMemberByLineUserId(tx, verified.lineUserId);
      if (!existing) {
        return insertMember(tx, { lineUserId: verified.lineUserId, displayName: verified.name ?? '', pictureUrl: verified.picture ?? null });
      }
      const patch: { displayName?: string; pictureUrl?: string | null } = {};
      if (verified.name && verified.name !== existing.displayName) patch.displayName = verified.name;
      if (verified.picture && verified.picture !== existing.pictureUrl) patch.pictureUrl = verified.picture;
      return Object.keys(patch).length > 0 ? updateMember(tx, existing.id, patch) : existing;
    });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlMs);
    insertSession(db, { tokenHash: hashToken(token), memberId: member.id, expiresAt });
    return { token, expiresAt, member, actor: this.actorFor(member) };
  }

  /** The actor behind a session token; SESSION_EXPIRED for a known but lapsed one. */
  authenticate(token: string, now = new Date()): MemberActor {
    const { db } = this.options;
    const hash = hashToken(token);
    const cached = this.actorCache.get(hash);
    const t = now.getTime();
    if (cached && cached.until > t && cached.expiresAt > t) return cached.actor;
    const session = findLiveSession(db, hash, now);
    if (!session) {
      throw new AppError(findSessionByHash(db, hash) ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    }
    const member = findMemberById(db, session.memberId);
    if (!member) throw new AppError('UNAUTHENTICATED');
    const actor = this.actorFor(member);
    if (this.actorCache.size > 50_000) this.actorCache.clear();
    this.actorCache.set(hash, { actor, until: t + ACTOR_CACHE_MS, expiresAt: session.expiresAt.getTime() });
    return actor;
  }

  signOut(token: string, now = new Date()): void {
    const hash = hashToken(token);
    this.actorCache.delete(hash);
    revokeSession(this.options.db, hash, now);
  }

  /** Forget cached actors (after a role change, so it shows at once in this process). */
  forgetActors(): void {
    this.actorCache.clear();
  }

  /** Forget one member's cached actors (after they register). */
  forgetMember(memberId: number): void {
    for (const [hash, entry] of this.actorCache) if (entry.actor.memberId === memberId) this.actorCache.delete(hash);
  }

  actorFor(member: MemberRow): MemberActor {
    const { db } = this.options;
    return {
      kind: 'member',
      memberId: member.id,
      lineUserId: member.lineUserId,
      isRegistered: member.registeredAt !== null,
      isAdmin: this.adminLineUserIds.has(member.lineUserId) || isAdminMember(db, member.id),
      staffStoreIds: listStaffStores(db, member.id).map((s) => s.id),
    };
  }

  isEnvAdmin(lineUserId: string): boolean {
    return this.adminLineUserIds.has(lineUserId);
  }
}
