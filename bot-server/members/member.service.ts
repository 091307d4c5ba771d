import { AppError } from '../../shared/errors.ts';
import { localized, type Lang } from '../../shared/i18n/localized.ts';
import type { TRoles } from '../../shared/api/schemas.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { publish } from '../events/bus.ts';
import type { LineProfile } from '../line/line-client.ts';
import { assignVerifiedMobile, findMemberById, findMemberByLineUserId, findMembersByIds, insertMember, searchMembers, updateMember, type MemberRow } from './member.repo.ts';
import type { MobileCodeChecker } from '../mobiles/code-checker.port.ts';
import type { DbOrTx } from '../db/client.ts';
import { isAdminMember, listRoleHolderIds, listStaffStores } from './roles.repo.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import { notify, revisePendingNotification } from '../notifications/notify.ts';
import { NO_WELCOME_OFFERS, welcomeVariables, type DescribeWelcome } from './welcome.port.ts';
import { Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';

export interface RegistrationInput {
  name: string;
  /** E.164, already normalised by the request schema. */
  mobile: string;
  birthday: string;
  /** The optional marketing-messages checkbox (unticked: false). */
  marketingOptIn?: boolean | undefined;
  /** The SMS one-time code sent to `mobile`; required once the service checks codes (requireMobileCodes). */
  code?: string | undefined;
}

/** A number another member verified: said plainly to the person who just proved they hold the phone. */
function verifiedElsewhere(): AppError {
  return new AppError('MOBILE_TAKEN', {
    field: 'mobile',
    message: '這個手機號碼已由另一個會員帳號驗證。如果這是您的號碼，請洽門市協助',
    messageEn: 'Another member account has verified this number. If it is yours, ask a store for help',
  });
}

export class MemberService {
  private readonly db: Db;
  private readonly envAdmins: Set<string>;
  /** Numbers another member holds, tried by one member (LOCKOUTS.mobileTaken): no way to test who is a member. */
  private readonly takenMobiles: Lockout;
  /** What the welcome notification may say the member got (welcome.port.ts); nothing unless wired. */
  private readonly describeWelcome: DescribeWelcome;
  /** The SMS code check (mobiles/code-checker.port.ts); without it (tools, bus tests) numbers are taken as given, unverified. */
  private codes: MobileCodeChecker | undefined;
  constructor(db: Db, envAdminLineUserIds: string[] = [], describeWelcome: DescribeWelcome = NO_WELCOME_OFFERS) {
    this.db = db;
    this.envAdmins = new Set(envAdminLineUserIds);
    this.takenMobiles = new Lockout(db, LOCKOUTS.mobileTaken);
    this.describeWelcome = describeWelcome;
  }

  /** From now on a mobile number is only set with its SMS code, and then counts as verified. */
  requireMobileCodes(checker: MobileCodeChecker): this {
    this.codes = checker;
    return this;
  }

  /**
   * Checks the SMS code for `mobile` in `tx`; an answer other than ok is returned (so the wrong
   * try commits with `tx`) for the caller to throw after its transaction.
   */
  private checkCode(tx: DbOrTx, memberId: number, mobile: string, code: string | undefined, now: Date): AppError | undefined {
    if (!this.codes) return undefined;
    if (!code) throw new AppError('MOBILE_CODE_REQUIRED', { field: 'code' });
    const verdict = this.codes.checkInTx(tx, { memberId, mobile, code, now });
    return verdict.ok ? undefined : verdict.error;
  }

  /** Sets the verified number (one conditional update) and tells who listens (gifts held for it). */
  private takeVerifiedMobile(tx: DbOrTx, memberId: number, mobile: string, now: Date): void {
    if (assignVerifiedMobile(tx, memberId, mobile, now) === 'taken') throw verifiedElsewhere();
    publish(tx, { type: 'member.mobile_verified', memberId, mobile, at: now });
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

  /** Admin or not, and the stores a staff member works at, named in `lang` (English when the brand wrote one). */
  rolesOf(member: MemberRow, lang: Lang = 'zh-TW'): TRoles {
    return {
      isAdmin: this.envAdmins.has(member.lineUserId) || isAdminMember(this.db, member.id),
      staffStores: listStaffStores(this.db, member.id).map((s) => ({ id: s.id, name: localized(s.name, s.nameEn, lang) })),
    };
  }

  /**
   * Completes registration. Repeating the same registration (a double tap) answers the same
   * member; a different one after registering is refused, and a mobile number held by another
   * member is refused by the unique index even when two requests race. What else a
   * registration brings (the welcome coupon, later referrals) subscribes to `member.registered`.
   */
  register(memberId: number, input: RegistrationInput, now = new Date()): MemberRow {
    const outcome = this.settingMobile(memberId, () => transact(this.db, (tx): MemberRow | { refused: AppError } => {
      const member = findMemberById(tx, memberId);
      if (!member) throw new AppError('NOT_FOUND');
      if (member.registeredAt) {
        const same = member.mobile === input.mobile && member.name === input.name && member.birthday === input.birthday;
        if (same) return member;
        throw new AppError('CONFLICT', { message: '您已完成會員註冊，如需修改請到會員資料', messageEn: 'You are already registered; edit your profile instead' });
      }
      const refused = this.checkCode(tx, member.id, input.mobile, input.code, now);
      if (refused) return { refused };
      // The verified number first (gifts held for it are handed over), then the registration.
      if (this.codes) this.takeVerifiedMobile(tx, member.id, input.mobile, now);
      const updated = updateMember(tx, member.id, { name: input.name, ...(this.codes ? {} : { mobile: input.mobile }), birthday: input.birthday, consentAt: now, registeredAt: now, marketingOptIn: input.marketingOptIn ?? false, marketingConsentAt: now });
      const welcome = notify(tx, { memberId: member.id, kind: 'welcome', variables: {} });
      publish(tx, { type: 'member.registered', memberId: member.id, lineUserId: member.lineUserId, birthday: input.birthday, at: now });
      // After the subscribers ran (the welcome coupon may have been issued or skipped), the
      // welcome says what the member actually got, in the same transaction.
      const variables = welcomeVariables(this.describeWelcome(tx, member.id));
      if (Object.keys(variables).length > 0) revisePendingNotification(tx, welcome.id, variables);
      return updated;
    }));
    if ('refused' in outcome) throw outcome.refused;
    return outcome;
  }

  /**
   * Verifies the member's number, or changes it, with the SMS code sent to it: the number and
   * its verification are set in one conditional update, in the transaction that uses the code
   * and publishes `member.mobile_verified`. A number another member verified is refused; one
   * another member only typed in (never verified) goes to whoever proves they hold it.
   */
  confirmMobile(memberId: number, mobile: string, code: string, now = new Date()): MemberRow {
    const outcome = this.settingMobile(memberId, () => transact(this.db, (tx): MemberRow | { refused: AppError } => {
      const member = findMemberById(tx, memberId);
      if (!member) throw new AppError('NOT_FOUND');
      if (!member.registeredAt) throw new AppError('REGISTRATION_REQUIRED');
      if (member.mobile === mobile && member.mobileVerifiedAt) return member;
      const refused = this.checkCode(tx, member.id, mobile, code, now);
      if (refused) return { refused };
      this.takeVerifiedMobile(tx, member.id, mobile, now);
      return findMemberById(tx, member.id)!;
    }));
    if ('refused' in outcome) throw outcome.refused;
    return outcome;
  }

  /**
   * Name, mobile and the marketing choice can change; the birthday cannot (it drives birthday
   * gifts). The marketing choice is stamped with when it was made, and the dispatcher reads it
   * at send time, so a change reaches notifications already queued.
   */
  updateProfile(memberId: number, patch: { name?: string | undefined; mobile?: string | undefined; code?: string | undefined; marketingOptIn?: boolean | undefined }, now = new Date()): MemberRow {
    let member = this.get(memberId);
    if (!member.registeredAt) throw new AppError('REGISTRATION_REQUIRED');
    // With codes checked, a number changes (or is verified) only with its code.
    if (this.codes && patch.mobile !== undefined && (patch.mobile !== member.mobile || (patch.code !== undefined && !member.mobileVerifiedAt))) {
      this.takenMobiles.check(String(memberId));
      if (!patch.code) throw new AppError('MOBILE_CODE_REQUIRED', { field: 'code' });
      member = this.confirmMobile(memberId, patch.mobile, patch.code, now);
    }
    const changes: { name?: string; mobile?: string; marketingOptIn?: boolean; marketingConsentAt?: Date } = {};
    if (patch.marketingOptIn !== undefined && patch.marketingOptIn !== member.marketingOptIn) {
      changes.marketingOptIn = patch.marketingOptIn;
      changes.marketingConsentAt = now;
    }
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
