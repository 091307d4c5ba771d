import type { Db } from '../db/client.ts';
import { findMemberByLineUserId, insertMember } from '../members/member.repo.ts';
import type { SandboxState } from '../sandbox/sandbox-state.ts';
import { findStoreByCode, insertStore } from '../stores/store.repo.ts';

/** Fixed ids so links and screenshots stay stable across restarts of the demo. */
export const DEMO_USERS = [
  { userId: 'U0000000000000000000000000000a001', displayName: '王小明', registered: true, mobile: '+886912345678', birthday: '1990-11-05', name: '王小明' },
  { userId: 'U0000000000000000000000000000a002', displayName: '陳美玲', registered: true, mobile: '+886922333444', birthday: '1988-03-14', name: '陳美玲' },
  { userId: 'U0000000000000000000000000000a003', displayName: 'Kevin Lin', registered: false },
  { userId: 'U0000000000000000000000000000a004', displayName: '店員 Amy', registered: true, mobile: '+886933111222', birthday: '1995-07-20', name: '林雅婷' },
  { userId: 'U0000000000000000000000000000a005', displayName: '品牌管理員', registered: true, mobile: '+886955666777', birthday: '1985-01-30', name: '張經理' },
] as const;

export const DEMO_STORES = [
  { code: 'XINYI', name: '信義店', address: '台北市信義區松高路 11 號', openingHours: '每日 08:00–22:00', phone: '02-2722-0000' },
  { code: 'NANXI', name: '南西店', address: '台北市中山區南京西路 15 號', openingHours: '每日 09:00–21:30', phone: '02-2581-0000' },
  { code: 'TAICHUNG', name: '台中勤美店', address: '台中市西區公益路 68 號', openingHours: '週一至週五 10:00–21:00、週末 09:00–22:00', phone: '04-2321-0000' },
] as const;

/** The demo brand for sandbox mode: stores, test users in the sandbox, and their member rows. Idempotent. */
export function seedDemo(db: Db, sandbox: SandboxState): void {
  db.transaction((tx) => {
    for (const store of DEMO_STORES) {
      if (!findStoreByCode(tx, store.code)) insertStore(tx, store);
    }
    for (const user of DEMO_USERS) {
      const existing = findMemberByLineUserId(tx, user.userId);
      if (!existing && user.registered) {
        const now = new Date();
        insertMember(tx, {
          lineUserId: user.userId,
          displayName: user.displayName,
          name: user.name,
          mobile: user.mobile,
          birthday: user.birthday,
          consentAt: now,
          registeredAt: now,
          isFollowing: true,
          followedAt: now,
        });
      }
    }
  });
  for (const user of DEMO_USERS) {
    if (sandbox.users.has(user.userId)) continue;
    const member = findMemberByLineUserId(db, user.userId);
    sandbox.addUser({ userId: user.userId, displayName: user.displayName, isFollowing: member?.isFollowing ?? false });
  }
}
