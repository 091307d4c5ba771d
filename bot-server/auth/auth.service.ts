import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { findMemberById, findMemberByLineUserId, insertMember, updateMember, type MemberRow } from '../members/member.repo.ts';
import { isAdminMember, listStaffStores } from '../members/roles.repo.ts';
import type { MemberActor } from './actor.ts';
import { verifyLineIdToken } from './line-login.ts';
import { findSessionActor, insertSession, revokeSession } from './session.repo.ts';
import { AppError } from '../../shared/errors.ts';

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

  /**
   * The actor behind a session token; SESSION_EXPIRED for a known but lapsed or signed-out one.
   * One query, nothing remembered between requests: a sign-out, an expiry or a role taken away
   * holds on the very next request, in every process sharing the database.
   */
  authenticate(token: string, now = new Date()): MemberActor {
    const row = findSessionActor(this.options.db, hashToken(token));
    if (!row) throw new AppError('UNAUTHENTICATED');
    if (row.revokedAt !== null || row.expiresAt.getTime() <= now.getTime()) throw new AppError('SESSION_EXPIRED');
    if (row.memberId === null || row.lineUserId === null) throw new AppError('UNAUTHENTICATED');
    return {
      kind: 'member',
      memberId: row.memberId,
      lineUserId: row.lineUserId,
      isRegistered: row.registeredAt !== null,
      isAdmin: this.adminLineUserIds.has(row.lineUserId) || row.isAdmin === 1,
      staffStoreIds: row.staffStoreIds === null ? [] : row.staffStoreIds.split(',').map(Number).sort((a, b) => a - b),
    };
  }

  signOut(token: string, now = new Date()): void {
    revokeSession(this.options.db, hashToken(token), now);
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
