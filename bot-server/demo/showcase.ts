import { addDays, localDate, zonedTime } from '../../shared/dates.ts';
import type { MissionRules } from '../../shared/missions/rules.ts';
import { generateCode } from '../../shared/coupons/codes.ts';
import { findAutoIssueRule, insertBundle, insertCampaign, insertRedemptionCodes, listCampaigns, listRedemptionCodes, saveAutoIssueRule } from '../campaigns/campaign.repo.ts';
import type { Actor } from '../auth/actor.ts';
import { listMemberCoupons, listTemplates, updateTemplateRow } from '../coupons/coupon.repo.ts';
import { secureIndex } from '../coupons/secure-random.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { findMemberByLineUserId, updateMember, type MemberRow } from '../members/member.repo.ts';
import { insertMission, listMissions } from '../missions/mission.repo.ts';
import { listMemberGifts } from '../transfers/transfer.repo.ts';
import type { TransferService } from '../transfers/transfer.service.ts';
import { DEMO_USERS } from './seed.ts';

/**
 * What `npm start` shows a first-time visitor beyond the demo seed, so the README's tour finds
 * what it describes: a running claim campaign nearly gone (「剩 23 張」), the birthday pack for
 * a demo member born this month (brand time), redemption codes (one printed in the start-up
 * banner) and the welcome coupon on registration. Kept apart from seedDemo, which tests rely
 * on as it is; idempotent (nothing is added once the showcase campaign exists).
 */
export const SHOWCASE = {
  claimCampaign: '冬季暖心咖啡節',
  totalStock: 100,
  claimed: 77,
  birthdayCampaign: '壽星生日禮',
  birthdayBundle: '壽星生日禮包',
  codeCampaign: '會員兌換碼',
  /** 王小明: the tour's member, made a birthday member of the current month. */
  birthdayMember: DEMO_USERS[0].userId,
  welcomeTemplate: 'NT$50 現金券',
  /** 陳美玲's gift to 王小明, waiting in his 收到的禮物. */
  giftSender: DEMO_USERS[1].userId,
  giftTemplate: '大杯拿鐵兌換券',
  giftMessage: '生日快樂！請你喝杯拿鐵 ☕',
  /** Made giftable in part: give 3 of its 5 uses. */
  partialGiftTemplate: '下午茶 9 折（5 次）',
} as const;

export function seedShowcase(db: Db, timeZone: string, now = new Date()): void {
  if (listCampaigns(db).some((c) => c.name === SHOWCASE.claimCampaign)) return;
  const templates = listTemplates(db);
  const byName = (name: string) => templates.find((t) => t.name === name);
  const cash = byName('NT$50 現金券');
  const latte = byName('大杯拿鐵兌換券');
  const min1000 = byName('滿千折百');
  if (!cash || !latte || !min1000) return;
  const today = localDate(now, timeZone);
  const month = today.slice(5, 7);
  const monthStart = zonedTime(`${today.slice(0, 8)}01`, 0, timeZone);
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);
  transact(db, (tx) => {
    insertCampaign(tx, {
      name: SHOWCASE.claimCampaign,
      description: '天冷了，來杯熱拿鐵。限量 100 張，領完為止。',
      mode: 'claim',
      templateId: latte.id,
      startsAt: inDays(-3),
      endsAt: inDays(14),
      audience: { type: 'all' },
      totalStock: SHOWCASE.totalStock,
      claimedCount: SHOWCASE.claimed,
      perMemberLimit: 1,
    });
    const bundle = insertBundle(tx, { name: SHOWCASE.birthdayBundle, description: '本月壽星專屬', items: [{ templateId: cash.id, quantity: 1 }, { templateId: latte.id, quantity: 1 }] });
    insertCampaign(tx, {
      name: SHOWCASE.birthdayCampaign,
      description: '生日快樂！本月壽星可領一份生日禮包。',
      mode: 'claim',
      bundleId: bundle.id,
      startsAt: monthStart,
      endsAt: inDays(365),
      audience: { type: 'birth_month' },
      totalStock: null,
      perMemberLimit: 1,
    });
    const codes = insertCampaign(tx, {
      name: SHOWCASE.codeCampaign,
      description: '實體活動發送的一次性兌換碼。',
      mode: 'code',
      templateId: min1000.id,
      startsAt: inDays(-1),
      endsAt: inDays(90),
      audience: { type: 'all' },
      totalStock: null,
      perMemberLimit: 1,
    });
    const set = new Set<string>();
    while (set.size < 20) set.add(generateCode({ prefix: 'DEMO', charset: 'digits', length: 6, suffix: '' }, secureIndex));
    insertRedemptionCodes(tx, codes.id, [...set]);
    if (!findAutoIssueRule(tx)?.enabled) saveAutoIssueRule(tx, { enabled: true, templateId: cash.id, bundleId: null });
    const member = findMemberByLineUserId(tx, SHOWCASE.birthdayMember);
    if (member?.birthday) updateMember(tx, member.id, { birthday: `${member.birthday.slice(0, 4)}-${month}-${member.birthday.slice(8, 10)}`, marketingOptIn: true, marketingConsentAt: now });
  });
}

/**
 * Gifts in the tour: the 5-use afternoon-tea coupon may be given in part (3 of 5), and 陳美玲
 * has sent 王小明 her 大杯拿鐵兌換券 with a message — pending in his 收到的禮物, with the
 * gift-received push in his sandbox chat. Sent through the real service (lock, ledger, return
 * window, notification). Idempotent: nothing happens once 陳美玲 has sent a gift.
 */
export async function seedShowcaseGift(db: Db, deps: { transfers: TransferService; actorOf: (member: MemberRow) => Actor }): Promise<void> {
  const from = findMemberByLineUserId(db, SHOWCASE.giftSender);
  const to = findMemberByLineUserId(db, SHOWCASE.birthdayMember);
  if (!from || !to?.mobile || listMemberGifts(db, from.id, 'sent', 1).length > 0) return;
  const templates = listTemplates(db);
  const tea = templates.find((t) => t.name === SHOWCASE.partialGiftTemplate);
  if (tea && !tea.allowPartialTransfer) updateTemplateRow(db, tea.id, { transferable: true, allowPartialTransfer: true });
  const latte = templates.find((t) => t.name === SHOWCASE.giftTemplate);
  const coupon = latte ? listMemberCoupons(db, from.id).find((c) => c.templateId === latte.id && c.status === 'active' && c.usesLeft === c.usesTotal) : undefined;
  if (!coupon) return;
  await deps.transfers.send(deps.actorOf(from), { couponId: coupon.id, mobile: to.mobile, message: SHOWCASE.giftMessage }, { lang: 'zh-TW' });
}

/** The seed's 活動獎勵 story: 「冬日愛吃鍋」 — the hotpot set and a frozen ready meal in the window → 100 points. */
export const SHOWCASE_MISSION = {
  name: '冬日愛吃鍋',
  hotpotSku: 'HOTPOT-SET',
  frozenCategory: '冷凍即食',
  points: 100,
} as const;

/**
 * 「冬日愛吃鍋」 in 闖關任務: active from a week ago for two months (brand dates), open to all
 * members, both steps in any order, once per member, 100 points granted in the purchase that
 * finishes it (the 任務獎勵 notice in the sandbox chat). A POS sale with SKU HOTPOT-SET and a line
 * in category 冷凍即食 completes it. Idempotent: nothing is added once a mission of that name exists.
 */
export function seedShowcaseMission(db: Db, timeZone: string, now = new Date()): void {
  if (listMissions(db).some((m) => m.name === SHOWCASE_MISSION.name)) return;
  const today = localDate(now, timeZone);
  const rules: MissionRules = {
    startsOn: addDays(today, -7),
    endsOn: addDays(today, 60),
    audience: { kind: 'all' },
    steps: [
      { label: '購買指定鍋物套餐', labelEn: 'Buy the hotpot set', condition: { kind: 'sku', skus: [SHOWCASE_MISSION.hotpotSku] } },
      { label: '加購冷凍即食商品', labelEn: 'Add a frozen ready meal', condition: { kind: 'category', categories: [SHOWCASE_MISSION.frozenCategory] } },
    ],
    combine: { kind: 'all' },
    order: 'any',
    repeat: 1,
    reward: { kind: 'points', points: SHOWCASE_MISSION.points },
    refundPolicy: 'keep',
    notifySteps: true,
  };
  transact(db, (tx) =>
    insertMission(tx, {
      name: SHOWCASE_MISSION.name,
      nameEn: 'Winter hotpot',
      description: `活動期間購買指定鍋物套餐並加購冷凍即食商品，獲得 ${SHOWCASE_MISSION.points} 點。`,
      descriptionEn: `Buy the hotpot set and a frozen ready meal during the mission for ${SHOWCASE_MISSION.points} points.`,
      status: 'active',
      rules,
      at: now,
    }),
  );
}

/** An unused code of the showcase's code campaign, for the start-up banner; null when none is left. */
export function showcaseRedemptionCode(db: Db): string | null {
  const campaign = listCampaigns(db).find((c) => c.name === SHOWCASE.codeCampaign);
  if (!campaign) return null;
  return listRedemptionCodes(db, campaign.id).find((r) => !r.usedByMemberId)?.code ?? null;
}
