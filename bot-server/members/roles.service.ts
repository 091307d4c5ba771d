import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { existingStoreIds } from '../stores/store.repo.ts';
import { findMemberById, findMemberByLineUserId, findMemberByMobile, insertMember, type MemberRow } from './member.repo.ts';
import { isAdminMember, replaceStaffStores, setAdmin } from './roles.repo.ts';

/** Grants and revokes staff and admin roles; every change is audited in the same transaction. */
export class RolesService {
  private readonly db: Db;
  private readonly onChange: () => void;
  constructor(db: Db, onChange: () => void = () => {}) {
    this.db = db;
    this.onChange = onChange;
  }

  /** Console: set a member's admin flag and staff stores (admins only). */
  setRoles(caller: Actor | undefined, memberId: number, input: { isAdmin: boolean; staffStoreIds: number[] }): void {
    const actor = requireAdmin(caller);
    if (actor.memberId === memberId && !input.isAdmin) {
      throw new AppError('FORBIDDEN', { message: '不能移除自己的管理員權限，請請另一位管理員操作', messageEn: 'You cannot remove your own admin role; ask another admin' });
    }
    transact(this.db, (tx) => {
      const member = findMemberById(tx, memberId);
      if (!member) throw new AppError('NOT_FOUND', { message: '找不到這位會員', messageEn: 'No such member' });
      const storeIds = [...new Set(input.staffStoreIds)];
      if (storeIds.length > 0) {
        if (existingStoreIds(tx, storeIds).length !== storeIds.length) {
          throw new AppError('VALIDATION_FAILED', { message: 'staffStoreIds: 有門市不存在', messageEn: 'staffStoreIds: unknown store', field: 'staffStoreIds' });
        }
      }
      const wasAdmin = isAdminMember(tx, member.id);
      if (wasAdmin !== input.isAdmin) {
        setAdmin(tx, member.id, input.isAdmin);
        writeAudit(tx, actor, { action: input.isAdmin ? 'admin.grant' : 'admin.revoke', targetType: 'member', targetId: member.id, targetName: member.name ?? member.displayName, details: { memberName: member.name ?? member.displayName, diff: [{ field: 'isAdmin', before: wasAdmin, after: input.isAdmin }] } });
      }
      const { added, removed } = replaceStaffStores(tx, member.id, storeIds);
      if (added.length > 0 || removed.length > 0) {
        const after = [...storeIds].sort((a, b) => a - b);
        const before = [...after.filter((id) => !added.includes(id)), ...removed].sort((a, b) => a - b);
        writeAudit(tx, actor, { action: 'staff.update', targetType: 'member', targetId: member.id, targetName: member.name ?? member.displayName, details: { memberName: member.name ?? member.displayName, addedStoreIds: added, removedStoreIds: removed, diff: [{ field: 'staffStoreIds', before, after }] } });
      }
    });
    this.onChange();
  }

  /**
   * Bootstrap from the command line: grant (or revoke) admin by LINE user id or mobile.
   * A LINE user id not seen yet gets a member row, so the first sign-in is already an admin.
   */
  grantAdminFromCli(who: string, grant: boolean, actor: Actor = { kind: 'system', label: 'cli' }): MemberRow {
    return transact(this.db, (tx) => {
      let member: MemberRow | undefined;
      if (/^U[0-9a-f]{32}$/.test(who)) {
        member = findMemberByLineUserId(tx, who) ?? (grant ? insertMember(tx, { lineUserId: who }) : undefined);
      } else {
        member = findMemberByMobile(tx, who);
      }
      if (!member) throw new AppError('NOT_FOUND', { message: `找不到會員：${who}`, messageEn: `No member matches ${who}` });
      if (setAdmin(tx, member.id, grant)) {
        writeAudit(tx, actor, { action: grant ? 'admin.grant' : 'admin.revoke', targetType: 'member', targetId: member.id, targetName: member.name ?? member.displayName, details: { via: 'cli', memberName: member.name ?? member.displayName } });
      }
      return member;
    });
  }
}
