import type { CouponIssuer } from '../coupons/issuing.port.ts';
import { insertTemplate, listTemplates } from '../coupons/coupon.repo.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { listStaffStores, replaceStaffStores, setAdmin } from '../members/roles.repo.ts';
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

export const DEMO_STAFF = 'U0000000000000000000000000000a004';
export const DEMO_ADMIN = 'U0000000000000000000000000000a005';

/** Coupon templates from the seed's examples, and a few coupons in the demo members' wallets. */
function seedCoupons(db: Db, coupons: CouponIssuer): void {
  if (listTemplates(db).length > 0) return;
  const system = { kind: 'system', label: 'cli' } as const;
  const storeId = (code: string) => findStoreByCode(db, code)!.id;
  const year = { type: 'relative' as const, days: 365 };
  const pattern = (prefix: string) => ({ prefix, charset: 'alnum' as const, length: 8, suffix: '' });
  const base = { terms: '', amountOff: null, percentOff: null, maxDiscount: null, exchangeItemName: null, exchangeItemSku: null, scope: { type: 'order' as const }, minSpend: 0, storeIds: null, weekdays: null, timeWindows: null, validity: year, usesPerCoupon: 1, transferable: false, totalStock: null, perMemberLimit: null, codeMode: 'pattern' as const, imageUrl: null, color: '#06C755' };
  const t = {
    cash50: insertTemplate(db, { ...base, name: 'NT$50 現金券', kind: 'amount_off', amountOff: 50, codePattern: pattern('CA'), terms: '全品項適用，每筆消費限用一張。', transferable: true }),
    min1000: insertTemplate(db, { ...base, name: '滿千折百', kind: 'amount_off', amountOff: 100, minSpend: 1000, codePattern: pattern('MK'), color: '#F08A00', terms: '單筆消費滿 NT$1,000 折抵 NT$100。' }),
    tea: insertTemplate(db, { ...base, name: '下午茶 9 折（5 次）', kind: 'percent_off', percentOff: 10, usesPerCoupon: 5, timeWindows: [{ start: '14:00', end: '17:00' }], codePattern: pattern('TE'), color: '#C9A227', terms: '限下午茶時段 14:00–17:00 使用，共 5 次。' }),
    xinyi: insertTemplate(db, { ...base, name: '信義新店開幕 7 折', kind: 'percent_off', percentOff: 30, maxDiscount: 300, storeIds: [storeId('XINYI')], codePattern: pattern('XY'), color: '#E5487A', terms: '限信義店使用，最高折抵 NT$300。' }),
    latte: insertTemplate(db, { ...base, name: '大杯拿鐵兌換券', kind: 'exchange', exchangeItemName: '大杯拿鐵', exchangeItemSku: 'LATTE-L', codePattern: { prefix: 'AA', charset: 'digits', length: 10, suffix: '' }, color: '#8B5E3C', terms: '可兌換大杯拿鐵一杯。', transferable: true }),
  };
  for (const lineUserId of ['U0000000000000000000000000000a001', 'U0000000000000000000000000000a002']) {
    const member = findMemberByLineUserId(db, lineUserId);
    if (!member) continue;
    transact(db, (tx) => {
      for (const template of Object.values(t)) coupons.issueInTx(tx, { templateId: template.id, memberId: member.id, source: 'demo', actor: system, notify: false });
    });
  }
}

/** The demo brand for sandbox mode: stores, test users in the sandbox, and their member rows. Idempotent. */
export function seedDemo(db: Db, sandbox: SandboxState, coupons?: CouponIssuer): void {
  transact(db, (tx) => {
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
          // The demo's numbers count as confirmed by SMS, so gifts by mobile work out of the box.
          mobileVerifiedAt: now,
          birthday: user.birthday,
          consentAt: now,
          registeredAt: now,
          isFollowing: true,
          followedAt: now,
        });
      }
    }
  });
  const staff = findMemberByLineUserId(db, DEMO_STAFF);
  const admin = findMemberByLineUserId(db, DEMO_ADMIN);
  if (staff && listStaffStores(db, staff.id).length === 0) replaceStaffStores(db, staff.id, [findStoreByCode(db, 'XINYI')!.id, findStoreByCode(db, 'NANXI')!.id]);
  if (admin) setAdmin(db, admin.id, true);
  if (coupons) seedCoupons(db, coupons);
  for (const user of DEMO_USERS) {
    if (sandbox.users.has(user.userId)) continue;
    const member = findMemberByLineUserId(db, user.userId);
    sandbox.addUser({ userId: user.userId, displayName: user.displayName, isFollowing: member?.isFollowing ?? false });
  }
}
