import { AppError } from '../../shared/errors.ts';
import type { TRoles } from '../../shared/api/schemas.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { publish } from '../events/bus.ts';
import type { LineProfile } from '../line/line-client.ts';
import { findMemberById, findMemberByLineUserId, findMembersByIds, insertMember, searchMembers, updateMember, type MemberRow } from './member.repo.ts';
import { isAdminMember, listRoleHolderIds, listStaffStores } from './roles.repo.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import { notify } from '../notifications/notify.ts';
import { Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';

export interface RegistrationInput {
  name: string;
  /** E.164, already normalised by the request schema. */
  mobile: string;
  birthday: string;
}

export class MemberService {
  private readonly db: Db;
  private readonly envAdmins: Set<string>;
  /** Numbers another member holds, tried by one member (LOCKOUTS.mobileTaken): no way to test who is a member. */
  private readonly takenMobiles: Lockout;
  constructor(db: Db, envAdminLineUserIds: string[] = []) {
    this.db = db;
    this.envAdmins = new Set(envAdminLineUserIds);
    this.takenMobiles = new Lockout(db, LOCKOUTS.mobileTaken);
  }

  /**
   * Runs a write that sets the member's mobile. MOBILE_TAKEN answers whether someone holds a
   * number, so a member who keeps hitting it is locked out for a while; the count is made
   * after the write's transaction rolled back.
   */
  private settingMobile<T>(memberId: number, write: () => T): T {
    const subject = String(memberId);
    this.takenMobiles.check(subject);
    try {
      return write();
    } catch (error) {
      if (error instanceof AppError && error.code === 'MOBILE_TAKEN') {
        const lockedMs = this.takenMobiles.miss(subject);
        if (lockedMs > 0) throw this.takenMobiles.error(lockedMs);
      }
      throw error;
    }
  }

  findByLineUserId(lineUserId: string): MemberRow | undefined {
    return findMemberByLineUserId(this.db, lineUserId);
  }

  get(memberId: number): MemberRow {
    const member = findMemberById(this.db, memberId);
    if (!member) throw new AppError('NOT_FOUND', { message: '找不到這位會員', messageEn: 'No such member' });
    return member;
  }

  rolesOf(member: MemberRow): TRoles {
    return {
      isAdmin: this.envAdmins.has(member.lineUserId) || isAdminMember(this.db, member.id),
      staffStores: listStaffStores(this.db, member.id),
    };
  }

  /**
   * Completes registration. Repeating the same registration (a double tap) answers the same
   * member; a different one after registering is refused, and a mobile number held by another
   * member is refused by the unique index even when two requests race. What else a
   * registration brings (the welcome coupon, later referrals) subscribes to `member.registered`.
   */
  register(memberId: number, input: RegistrationInput, now = new Date()): MemberRow {
    const registered = this.settingMobile(memberId, () => transact(this.db, (tx) => {
      const member = findMemberById(tx, memberId);
      if (!member) throw new AppError('NOT_FOUND');
      if (member.registeredAt) {
        const same = member.mobile === input.mobile && member.name === input.name && member.birthday === input.birthday;
        if (same) return member;
        throw new AppError('CONFLICT', { message: '您已完成會員註冊，如需修改請到會員資料', messageEn: 'You are already registered; edit your profile instead' });
      }
      const updated = updateMember(tx, member.id, { name: input.name, mobile: input.mobile, birthday: input.birthday, consentAt: now, registeredAt: now });
      notify(tx, { memberId: member.id, kind: 'welcome', variables: {} });
      publish(tx, { type: 'member.registered', memberId: member.id, lineUserId: member.lineUserId, birthday: input.birthday, at: now });
      return updated;
    }));
    return registered;
  }

  /** Name and mobile can change; the birthday cannot (it drives birthday gifts). */
  updateProfile(memberId: number, patch: { name?: string | undefined; mobile?: string | undefined }): MemberRow {
    const member = this.get(memberId);
    if (!member.registeredAt) throw new AppError('REGISTRATION_REQUIRED');
    const changes: { name?: string; mobile?: string } = {};
    if (patch.name !== undefined && patch.name !== member.name) changes.name = patch.name;
    if (patch.mobile !== undefined && patch.mobile !== member.mobile) changes.mobile = patch.mobile;
    if (Object.keys(changes).length === 0) return member;
    if (changes.mobile === undefined) return updateMember(this.db, member.id, changes);
    return this.settingMobile(member.id, () => updateMember(this.db, member.id, changes));
  }

  /** A typed query is a mobile number when it normalises as one; otherwise a name fragment. */
  search(input: { q?: string | undefined; page: number; pageSize: number }) {
    const q = input.q?.trim() || undefined;
    const asMobile = q ? normalizeMobile(q) : undefined;
    return searchMembers(this.db, { q, mobile: asMobile?.ok ? asMobile.e164 : undefined, page: input.page, pageSize: input.pageSize });
  }

  listRoleHolders(): MemberRow[] {
    const ids = new Set(listRoleHolderIds(this.db));
    for (const lineUserId of this.envAdmins) {
      const m = findMemberByLineUserId(this.db, lineUserId);
      if (m) ids.add(m.id);
    }
    return findMembersByIds(this.db, [...ids]);
  }

  /**
   * A follow (or unblock) creates the member or brings them back to active, refreshing the
   * LINE profile; their registration and history are kept across a block/unblock.
   */
  recordFollow(lineUserId: string, profile: LineProfile | null, at = new Date()): { member: MemberRow; isNew: boolean } {
    return transact(this.db, (tx) => {
      const existing = findMemberByLineUserId(tx, lineUserId);
      const profilePatch = profile
        ? { displayName: profile.displayName, pictureUrl: profile.pictureUrl ?? null, language: profile.language ?? null }
        : {};
      const isNew = !existing;
      const member = existing
        ? updateMember(tx, existing.id, { ...profilePatch, status: 'active', isFollowing: true, followedAt: at })
        : insertMember(tx, { lineUserId, ...profilePatch, status: 'active', isFollowing: true, followedAt: at });
      publish(tx, { type: 'member.followed', memberId: member.id, lineUserId, isNew, at });
      return { member, isNew };
    });
  }

  /** An unfollow is a block in LINE: the member stays, marked blocked, and gets no pushes. */
  recordUnfollow(lineUserId: string, at = new Date()): MemberRow | undefined {
    const existing = findMemberByLineUserId(this.db, lineUserId);
    if (!existing) return undefined;
    return transact(this.db, (tx) => {
      const member = updateMember(tx, existing.id, { status: 'blocked', isFollowing: false, unfollowedAt: at });
      publish(tx, { type: 'member.unfollowed', memberId: member.id, lineUserId, at });
      return member;
    });
  }
}
