import { createHash, randomInt } from 'node:crypto';
import type { TMyInvite, TReferralReport, TReferralSettings, TReferralSettingsInput } from '../../shared/api/referrals.ts';
import type { Lang } from '../../shared/coupons/rules.ts';
import { addDays, localDate, zonedTime } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { bilingual, localized, type Bilingual } from '../../shared/i18n/localized.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin, requireMember } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import type { CouponIssuer } from '../coupons/issuing.port.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import type { EventOf } from '../events/catalogue.ts';
import { publish } from '../events/bus.ts';
import type { Links } from '../links.ts';
import { notify } from '../notifications/notify.ts';
import {
  bundleItems,
  countReferrerRewards,
  findCodeOf,
  findFirstAttribution,
  findMemberFacts,
  findReferralByRedemption,
  findReferralOfFriend,
  findReferrerByCode,
  findSettings,
  insertAttribution,
  insertCode,
  insertReferral,
  insertReward,
  listGrantedRewards,
  markMobileSeen,
  markPendingAgain,
  markRewarded,
  markRewardReversed,
  referrerStats,
  reportFacts,
  saveSettings,
  topReferrers,
  wasMobileSeen,
  type ReferralRow,
  type ReferralSettingsRow,
} from './referral.repo.ts';

/** Invite codes: 8 characters a person can read aloud (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const SYSTEM: Actor = { kind: 'system', label: 'worker' };

type Offer = { templateId: number | null; bundleId: number | null };

const mobileHash = (e164: string) => createHash('sha256').update(`referrals:${e164}`).digest('base64url');

/**
 * Member-get-member referrals. A friend is attributed to the first invite that reached them
 * (their visit to an invite link, or a gift sent to their number before they were a member);
 * when they register with a number never registered before, the referral is recorded and,
 * on registration or on their first redemption (the brand's choice), the rewards are issued
 * through the coupons domain's port, the referrer's capped per calendar month. Undoing the
 * redemption that earned them takes back the rewards not used yet. Everything here reacts to
 * events in the publisher's transaction (main.ts wires them).
 */
export class ReferralService {
  private readonly db: Db;
  private readonly config: Config;
  private readonly coupons: CouponIssuer;
  private readonly links: Links;

  constructor(deps: { db: Db; config: Config; coupons: CouponIssuer; links: Links }) {
    this.db = deps.db;
    this.config = deps.config;
    this.coupons = deps.coupons;
    this.links = deps.links;
  }

  // ── the brand's programme ─────────────────────────────────────────────────────────
  private offerOf(templateId: number | null, bundleId: number | null): Offer | null {
    return templateId === null && bundleId === null ? null : { templateId, bundleId };
  }

  private offerLabel(offer: Offer | null, lang: Lang) {
    if (!offer) return null;
    if (offer.templateId !== null) {
      const t = this.coupons.describeTemplate(offer.templateId, lang);
      return { kind: 'template' as const, id: offer.templateId, name: t?.name ?? `#${offer.templateId}`, summary: t?.summary ?? '' };
    }
    const b = bundleItems(this.db, offer.bundleId!);
    const summary = (b?.items ?? []).map((i) => `${this.coupons.templateName(i.templateId, lang)}${i.quantity > 1 ? ` ×${i.quantity}` : ''}`).join(lang === 'en' ? ', ' : '、');
    return { kind: 'bundle' as const, id: offer.bundleId!, name: b ? localized(b.name, b.nameEn, lang) : `#${offer.bundleId}`, summary };
  }

  private present(row: ReferralSettingsRow, lang: Lang): TReferralSettings {
    const referrerReward = this.offerOf(row.referrerTemplateId, row.referrerBundleId);
    const friendReward = this.offerOf(row.friendTemplateId, row.friendBundleId);
    return { enabled: row.enabled, trigger: row.trigger, referrerReward, friendReward, monthlyCap: row.monthlyCap, referrerRewardLabel: this.offerLabel(referrerReward, lang), friendRewardLabel: this.offerLabel(friendReward, lang) };
  }

  settings(caller: Actor | undefined, lang: Lang): TReferralSettings {
    requireAdmin(caller);
    return this.present(findSettings(this.db), lang);
  }

  private checkOffer(offer: Offer | null, field: string): void {
    if (!offer) return;
    if (offer.templateId !== null && !this.coupons.describeTemplate(offer.templateId, 'zh-TW')) throw new AppError('VALIDATION_FAILED', { field, message: `${field}: 票券不存在`, messageEn: `${field}: no such coupon template` });
    if (offer.bundleId !== null && !bundleItems(this.db, offer.bundleId)) throw new AppError('VALIDATION_FAILED', { field, message: `${field}: 禮包不存在`, messageEn: `${field}: no such bundle` });
  }

  saveSettings(caller: Actor | undefined, input: TReferralSettingsInput, lang: Lang): TReferralSettings {
    const actor = requireAdmin(caller);
    this.checkOffer(input.referrerReward, 'referrerReward');
    this.checkOffer(input.friendReward, 'friendReward');
    const row = {
      enabled: input.enabled,
      trigger: input.trigger,
      referrerTemplateId: input.referrerReward?.templateId ?? null,
      referrerBundleId: input.referrerReward?.bundleId ?? null,
      friendTemplateId: input.friendReward?.templateId ?? null,
      friendBundleId: input.friendReward?.bundleId ?? null,
      monthlyCap: input.monthlyCap,
    };
    transact(this.db, (tx) => {
      saveSettings(tx, row);
      writeAudit(tx, actor, { action: 'referrals.update', targetType: 'referral_settings', targetId: 'programme', details: row });
    });
    return this.settings(caller, lang);
  }

  // ── the member's invite ───────────────────────────────────────────────────────────
  private codeFor(memberId: number): string {
    const existing = findCodeOf(this.db, memberId);
    if (existing) return existing;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      insertCode(this.db, memberId, code);
      const stored = findCodeOf(this.db, memberId);
      if (stored) return stored;
    }
    throw new AppError('INTERNAL', { message: '邀請碼產生失敗，請稍後再試', messageEn: 'Could not make an invite code' });
  }

  myInvite(caller: Actor | undefined, lang: Lang): TMyInvite {
    const member = requireMember(caller);
    const code = this.codeFor(member.memberId);
    const row = findSettings(this.db);
    const counts = Object.fromEntries(referrerStats(this.db, member.memberId).map((s) => [s.status, s.n]));
    return {
      code,
      url: this.links.liff(`/register?ref=${code}`),
      enabled: row.enabled,
      trigger: row.trigger,
      referrerReward: this.offerLabel(this.offerOf(row.referrerTemplateId, row.referrerBundleId), lang)?.name ?? null,
      friendReward: this.offerLabel(this.offerOf(row.friendTemplateId, row.friendBundleId), lang)?.name ?? null,
      monthlyCap: row.monthlyCap,
      stats: { registered: (counts.pending ?? 0) + (counts.rewarded ?? 0), rewarded: counts.rewarded ?? 0, pending: counts.pending ?? 0 },
    };
  }

  /**
   * The invite link was opened by a signed-in LINE user. Counts once per person and the first
   * link wins; one's own link, and anyone already registered, do not count.
   */
  recordVisit(caller: Actor | undefined, code: string, now = new Date()): { counted: boolean } {
    const member = requireMember(caller);
    const referrer = findReferrerByCode(this.db, code.trim().toUpperCase());
    if (referrer === undefined || referrer === member.memberId) return { counted: false };
    const facts = findMemberFacts(this.db, member.memberId);
    if (!facts || facts.registeredAt) return { counted: false };
    const counted = transact(this.db, (tx) => insertAttribution(tx, { referrerMemberId: referrer, friendMemberId: member.memberId, friendMobile: null, source: 'link', sourceRef: code, createdAt: now }));
    return { counted };
  }

  // ── reactions (subscribed in main.ts) ─────────────────────────────────────────────
  /** A gift to a number no member holds is an invite for that number (unless one reached it first). */
  onGiftSent(tx: DbOrTx, event: EventOf<'gift.sent'>): void {
    if (event.recipientMemberId !== null) return;
    insertAttribution(tx, { referrerMemberId: event.senderMemberId, friendMemberId: null, friendMobile: event.recipientMobile, source: 'gift', sourceRef: String(event.transferId), createdAt: event.at });
  }

  /** A number a registered member verified is "seen": registering it again later earns no referral. */
  onMobileVerified(tx: DbOrTx, event: EventOf<'member.mobile_verified'>): void {
    const facts = findMemberFacts(tx, event.memberId);
    if (facts?.registeredAt) markMobileSeen(tx, mobileHash(event.mobile), event.memberId, event.at);
  }

  onRegistered(tx: DbOrTx, event: EventOf<'member.registered'>): void {
    const facts = findMemberFacts(tx, event.memberId);
    if (!facts) return;
    const seenBefore = facts.mobile ? wasMobileSeen(tx, mobileHash(facts.mobile), event.memberId) : false;
    if (facts.mobile) markMobileSeen(tx, mobileHash(facts.mobile), event.memberId, event.at);
    const settings = findSettings(tx);
    if (!settings.enabled) return;
    const attribution = findFirstAttribution(tx, event.memberId, facts.mobile);
    if (!attribution) return;
    const reason = attribution.referrerMemberId === event.memberId ? 'self' : seenBefore ? 'mobile_seen' : !facts.mobile ? 'no_mobile' : null;
    const referral = insertReferral(tx, {
      referrerMemberId: attribution.referrerMemberId,
      friendMemberId: event.memberId,
      attributionId: attribution.id,
      status: reason ? 'ineligible' : 'pending',
      reason,
      trigger: settings.trigger,
      qualifyingRedemptionId: null,
      registeredAt: event.at,
      rewardedAt: null,
      rewardMonth: null,
    });
    if (referral && !reason && settings.trigger === 'registration') this.grant(tx, referral, settings, event.at, null);
  }

  onRedeemed(tx: DbOrTx, event: EventOf<'coupon.redeemed'>): void {
    const referral = findReferralOfFriend(tx, event.memberId);
    if (!referral || referral.status !== 'pending' || referral.trigger !== 'first_redemption') return;
    const settings = findSettings(tx);
    if (!settings.enabled) return;
    this.grant(tx, referral, settings, event.at, event.redemptionId);
  }

  /** The redemption that earned a referral was undone: rewards not used yet are voided, and the friend's next use counts again. */
  onRedemptionReversed(tx: DbOrTx, event: EventOf<'coupon.redemption_reversed'>): void {
    const referral = findReferralByRedemption(tx, event.redemptionId);
    if (!referral || !markPendingAgain(tx, referral.id, event.redemptionId)) return;
    for (const reward of listGrantedRewards(tx, referral.id)) {
      const voided = reward.couponId !== null && this.coupons.voidUnusedInTx(tx, reward.couponId, 'referral reversed: the qualifying redemption was undone', SYSTEM);
      markRewardReversed(tx, reward.id, voided ? 'voided' : 'already_used', event.at);
    }
  }

  private monthBounds(at: Date): { month: string; from: Date; to: Date } {
    const tz = this.config.brandTimezone;
    const month = localDate(at, tz).slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    return { month, from: zonedTime(`${month}-01`, 0, tz), to: zonedTime(`${next}-01`, 0, tz) };
  }

  /** Issues one side's reward in a savepoint: out of stock or a template gone is recorded as skipped, not a failed registration. */
  private issueOffer(tx: DbOrTx, offer: Offer, memberId: number, referralId: number, at: Date): { couponIds: number[]; name: Bilingual } | { error: string } {
    try {
      return transact(tx, (sp) => {
        const sourceRef = `referral:${referralId}`;
        if (offer.templateId !== null) {
          const c = this.coupons.issueInTx(sp, { templateId: offer.templateId, memberId, source: 'referral', sourceRef, actor: SYSTEM, notify: false, now: at });
          return { couponIds: [c.id], name: bilingual(c.templateName, this.coupons.templateName(offer.templateId, 'en')) };
        }
        const bundle = bundleItems(sp, offer.bundleId!);
        if (!bundle || bundle.status !== 'active') throw new AppError('NOT_FOUND');
        const ids: number[] = [];
        for (const item of bundle.items) for (let i = 0; i < item.quantity; i += 1) ids.push(this.coupons.issueInTx(sp, { templateId: item.templateId, memberId, source: 'referral', sourceRef, actor: SYSTEM, notify: false, now: at }).id);
        return { couponIds: ids, name: bilingual(bundle.name, bundle.nameEn) };
      });
    } catch (error) {
      return { error: error instanceof AppError ? error.code : 'error' };
    }
  }

  private grant(tx: DbOrTx, referral: ReferralRow, settings: ReferralSettingsRow, at: Date, redemptionId: string | null): void {
    const { month, from, to } = this.monthBounds(at);
    // The cap counts referrals already rewarded this month, read before this one is.
    const capped = settings.monthlyCap !== null && countReferrerRewards(tx, referral.referrerMemberId, from, to) >= settings.monthlyCap;
    if (!markRewarded(tx, referral.id, { at, month, redemptionId })) return;
    publish(tx, { type: 'referral.qualified', referralId: referral.id, referrerId: referral.referrerMemberId, friendId: referral.friendMemberId, at });
    const referrer = findMemberFacts(tx, referral.referrerMemberId);
    const friend = findMemberFacts(tx, referral.friendMemberId);
    const sides = [
      { beneficiary: 'referrer' as const, memberId: referral.referrerMemberId, offer: this.offerOf(settings.referrerTemplateId, settings.referrerBundleId), other: friend?.name ?? '', capped },
      { beneficiary: 'friend' as const, memberId: referral.friendMemberId, offer: this.offerOf(settings.friendTemplateId, settings.friendBundleId), other: referrer?.name ?? '', capped: false },
    ];
    for (const side of sides) {
      if (!side.offer) continue;
      if (side.capped) {
        insertReward(tx, { referralId: referral.id, beneficiary: side.beneficiary, memberId: side.memberId, couponId: null, status: 'skipped', reason: 'monthly_cap', grantedAt: at });
        continue;
      }
      const issued = this.issueOffer(tx, side.offer, side.memberId, referral.id, at);
      if ('error' in issued) {
        insertReward(tx, { referralId: referral.id, beneficiary: side.beneficiary, memberId: side.memberId, couponId: null, status: 'skipped', reason: issued.error, grantedAt: at });
        continue;
      }
      for (const couponId of issued.couponIds) insertReward(tx, { referralId: referral.id, beneficiary: side.beneficiary, memberId: side.memberId, couponId, status: 'granted', reason: null, grantedAt: at });
      notify(tx, { memberId: side.memberId, kind: 'referral_reward', variables: { rewardName: issued.name, friendName: side.other || bilingual('好友', 'your friend') } });
    }
  }

  // ── the console's report ──────────────────────────────────────────────────────────
  report(caller: Actor | undefined, days: number, now = new Date()): TReferralReport {
    requireAdmin(caller);
    const tz = this.config.brandTimezone;
    const lastDay = localDate(now, tz);
    const firstDay = addDays(lastDay, -(days - 1));
    const from = zonedTime(firstDay, 0, tz);
    const facts = reportFacts(this.db, from);
    const series = Array.from({ length: days }, (_, i) => ({ day: addDays(firstDay, i), invites: 0, registrations: 0, rewardsGranted: 0, rewardsReversed: 0 }));
    const index = new Map(series.map((row, i) => [row.day, i]));
    const bump = (at: Date, key: 'invites' | 'registrations' | 'rewardsGranted' | 'rewardsReversed') => {
      const i = index.get(localDate(at, tz));
      if (i !== undefined) series[i]![key] += 1;
    };
    facts.invites.forEach((at) => bump(at, 'invites'));
    facts.registrations.forEach((r) => bump(r.at, 'registrations'));
    facts.granted.forEach((at) => bump(at, 'rewardsGranted'));
    facts.reversed.forEach((at) => bump(at, 'rewardsReversed'));
    const byStatus = (s: string) => facts.registrations.filter((r) => r.status === s).length;
    return {
      days,
      totals: {
        invites: facts.invites.length,
        registrations: facts.registrations.length,
        rewarded: byStatus('rewarded'),
        pending: byStatus('pending'),
        ineligible: byStatus('ineligible'),
        rewardsGranted: facts.granted.length,
        rewardsReversed: facts.reversed.length,
      },
      series,
      topReferrers: topReferrers(this.db, from).map((r) => ({ memberId: r.memberId, name: r.name, registrations: Number(r.registrations), rewarded: Number(r.rewarded) })),
    };
  }
}
