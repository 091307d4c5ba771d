import type { z } from 'zod';
import { bilingual, englishOrNull, localized } from '../../shared/i18n/localized.ts';
import { AppError } from '../../shared/errors.ts';
import type { TBundleView, TCampaignReport, TCampaignView, TClaimable, TClaimResult, ZBundleInput, ZCampaignInput } from '../../shared/api/campaigns.ts';
import { checkAudience, claimPeriod, describeAudienceMiss, type Audience, type AudienceMember } from '../../shared/campaigns/audience.ts';
import { generateCode, normalizeCode } from '../../shared/coupons/codes.ts';
import { localDate, utcOffsetMinutes } from '../../shared/dates.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import { actorRef, type Actor, type MemberActor } from '../auth/actor.ts';
import { requireAdmin, requireRegisteredMember } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import { diffSnapshots } from '../../shared/audit/catalogue.ts';
import type { Config } from '../config.ts';
import type { CouponIssuer, IssuedCoupon } from '../coupons/issuing.port.ts';
import { secureIndex } from '../coupons/secure-random.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { commitGrouped } from '../db/group-commit.ts';
import { csvDocument } from '../csv/csv.ts';
import { publish } from '../events/bus.ts';
import { ipSubject, Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';
import { findMemberById, findMemberByMobile, listRegisteredMemberIdsBornIn } from '../members/member.repo.ts';
import { notify } from '../notifications/notify.ts';
import type { PointsSpending } from '../points/spending.port.ts';
import type { TierLookup } from '../tiers/tier-lookup.port.ts';
import { claimFlag } from '../runtime-flags/runtime-flags.repo.ts';
import {
  claimedCouponIds,
  claimsPerDay,
  codeCounts,
  countClaims,
  countMemberCouponsFrom,
  findAutoIssueRule,
  findBundle,
  findCampaign,
  findAudienceMember,
  findCampaignBySharedCode,
  findClaimGate,
  insertBundle,
  insertCampaign,
  insertCampaignMobiles,
  insertClaim,
  insertRedemptionCodes,
  isOnMobileList,
  listBundles,
  listCampaigns,
  listRedemptionCodes,
  redeemedUsesPerDayAndStore,
  saveAutoIssueRule,
  takeCampaignStock,
  updateCampaign,
  useRedemptionCode,
  type BundleRow,
  type CampaignRow,
} from './campaign.repo.ts';

type Lang = 'zh-TW' | 'en';
type CampaignInput = z.output<typeof ZCampaignInput>;
type BundleInput = z.output<typeof ZBundleInput>;
export type Offer = { templateId: number; bundleId?: null } | { bundleId: number; templateId?: null };

/** The campaign row as the transaction sees it (the pre-check read may be stale). */
function transactFresh(tx: DbOrTx, id: number): CampaignRow {
  return findCampaign(tx, id)!;
}

/** What a redemption-code transaction answers when the code is wrong or used. */
const CODE_MISSED = Symbol('code missed');

/** Shows 「剩 N 張」 when this few are left. */
export const LOW_STOCK = 30;

/** Parses a list of mobile numbers people pasted or uploaded: valid, invalid and (optionally) unknown ones. */
export function parseMobileList(lines: string[], isKnown?: (e164: string) => boolean) {
  const valid: string[] = [];
  const report: { line: number; input: string; problem: string }[] = [];
  const seen = new Set<string>();
  lines.forEach((input, i) => {
    if (input.trim() === '') return;
    const m = normalizeMobile(input);
    if (!m.ok) return void report.push({ line: i + 1, input, problem: '手機號碼格式不正確 / invalid mobile number' });
    if (seen.has(m.e164)) return void report.push({ line: i + 1, input, problem: '重複 / duplicate' });
    seen.add(m.e164);
    if (isKnown && !isKnown(m.e164)) return void report.push({ line: i + 1, input, problem: '不是會員 / not a member' });
    valid.push(m.e164);
  });
  return { valid, report };
}

/** Campaigns, the claim centre, redemption codes, bundles, the birthday pack and automatic issuing. */
export class CampaignService {
  private readonly db: Db;
  private readonly config: Config;
  /** The coupons domain's issuing port (see coupons/issuing.port.ts for why a port, not an event). */
  private readonly coupons: CouponIssuer;
  /** Wrong redemption codes lock the member out (LOCKOUTS.codeMember). */
  private readonly memberMisses: Lockout;
  /** The IP backstop (LOCKOUTS.codeIp): members on one store Wi-Fi share an address. */
  private readonly ipMisses: Lockout;
  /** The points domain's spending port (points/spending.port.ts), for offers that cost points; absent = such offers cannot be claimed. */
  private readonly points: PointsSpending | undefined;

  /** The tiers domain's lookup port (tiers/tier-lookup.port.ts), for tier-only offers; absent = such offers reach nobody. */
  private readonly tiers: TierLookup | undefined;

  constructor(deps: { db: Db; config: Config; coupons: CouponIssuer; points?: PointsSpending; tiers?: TierLookup }) {
    this.db = deps.db;
    this.config = deps.config;
    this.coupons = deps.coupons;
    this.points = deps.points;
    this.tiers = deps.tiers;
    this.memberMisses = new Lockout(deps.db, LOCKOUTS.codeMember);
    this.ipMisses = new Lockout(deps.db, LOCKOUTS.codeIp);
  }

  // ── bundles ────────────────────────────────────────────────────────────────────────
  presentBundle(b: BundleRow, lang: Lang): TBundleView {
    return {
      id: b.id,
      name: b.name,
      description: b.description,
      nameEn: b.nameEn,
      descriptionEn: b.descriptionEn,
      status: b.status,
      items: b.items.map((i) => {
        const t = this.coupons.describeTemplate(i.templateId, lang);
        return { templateId: i.templateId, quantity: i.quantity, name: t?.name ?? `#${i.templateId}`, summary: t?.summary ?? '' };
      }),
    };
  }

  createBundle(caller: Actor | undefined, input: BundleInput, lang: Lang): TBundleView {
    const actor = requireAdmin(caller);
    for (const item of input.items) {
      if (!this.coupons.describeTemplate(item.templateId, lang)) throw new AppError('VALIDATION_FAILED', { message: `items: 票券 #${item.templateId} 不存在`, messageEn: `items: no coupon template #${item.templateId}`, field: 'items' });
    }
    const row = transact(this.db, (tx) => {
      const created = insertBundle(tx, { name: input.name, description: input.description, nameEn: englishOrNull(input.nameEn), descriptionEn: englishOrNull(input.descriptionEn), items: input.items });
      writeAudit(tx, actor, { action: 'bundle.create', targetType: 'bundle', targetId: created.id, targetName: created.name, details: { name: created.name } });
      return created;
    });
    return this.presentBundle(row, lang);
  }

  listBundles(caller: Actor | undefined, lang: Lang): TBundleView[] {
    requireAdmin(caller);
    return listBundles(this.db).map((b) => this.presentBundle(b, lang));
  }

  // ── issuing an offer (a template or a bundle) ──────────────────────────────────────
  /**
   * Issues a template or a whole bundle inside the caller's transaction. A bundle is all or
   * nothing: if any template's stock is out, the transaction fails and nothing is issued. A
   * bundle sends one notification listing what arrived.
   */
  issueOfferInTx(tx: DbOrTx, offer: Offer, memberId: number, actor: Actor, source: string, sourceRef: string | null, now: Date, priority?: 'marketing', notifyMember = true): IssuedCoupon[] {
    if (offer.templateId) return [this.coupons.issueInTx(tx, { templateId: offer.templateId, memberId, source, sourceRef, actor, now, ...(priority ? { priority } : {}), ...(notifyMember ? {} : { notify: false }) })];
    const bundle = findBundle(tx, offer.bundleId!);
    if (!bundle || bundle.status !== 'active') throw new AppError('NOT_FOUND', { message: '這個禮包已下架', messageEn: 'This bundle is no longer offered' });
    const issued: IssuedCoupon[] = [];
    for (const item of bundle.items) {
      for (let i = 0; i < item.quantity; i += 1) issued.push(this.coupons.issueInTx(tx, { templateId: item.templateId, memberId, source, sourceRef, actor, now, notify: false }));
    }
    const names = (lang: Lang) => bundle.items.map((item) => `${this.coupons.templateName(item.templateId, lang)}${item.quantity > 1 ? ` ×${item.quantity}` : ''}`);
    if (notifyMember) notify(tx, { memberId, kind: 'bundle_received', variables: { bundleName: bilingual(bundle.name, bundle.nameEn), items: bilingual(names('zh-TW').join('、'), names('en').join(', ')) }, ...(priority ? { priority } : {}) });
    return issued;
  }

  private offerOf(c: { templateId: number | null; bundleId: number | null }): Offer {
    return c.templateId ? { templateId: c.templateId } : { bundleId: c.bundleId! };
  }

  private offerView(c: { templateId: number | null; bundleId: number | null }, lang: Lang) {
    if (c.templateId) {
      const t = this.coupons.describeTemplate(c.templateId, lang)!;
      return { kind: 'template' as const, couponKind: t.kind, id: t.id, name: t.name, summary: t.summary, color: t.color, items: [{ name: t.name, quantity: 1 }] };
    }
    const b = this.presentBundle(findBundle(this.db, c.bundleId!)!, lang);
    return { kind: 'bundle' as const, couponKind: null, id: b.id, name: localized(b.name, b.nameEn, lang), summary: b.items.map((i) => `${i.name}${i.quantity > 1 ? ` ×${i.quantity}` : ''}`).join('、'), color: '#E5487A', items: b.items.map((i) => ({ name: i.name, quantity: i.quantity })) };
  }

  // ── campaigns (console) ────────────────────────────────────────────────────────────
  presentCampaign(c: CampaignRow, lang: Lang): TCampaignView {
    const offer = this.offerView(c, lang);
    const codes = c.mode === 'code' && !c.sharedCode ? codeCounts(this.db, c.id) : null;
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      nameEn: c.nameEn,
      descriptionEn: c.descriptionEn,
      mode: c.mode,
      offer: { kind: offer.kind, id: offer.id, name: offer.name, summary: offer.summary, color: offer.color },
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      audience: c.audience,
      totalStock: c.totalStock,
      claimedCount: c.claimedCount,
      remaining: c.totalStock === null ? null : Math.max(0, c.totalStock - c.claimedCount),
      perMemberLimit: c.perMemberLimit,
      pointsCost: c.pointsCost,
      audienceTierId: c.audienceTierId,
      sharedCode: c.sharedCode,
      codesTotal: codes?.total ?? null,
      codesUsed: codes?.used ?? null,
      status: c.status,
    };
  }

  createCampaign(caller: Actor | undefined, input: CampaignInput, lang: Lang): TCampaignView {
    const actor = requireAdmin(caller);
    if (input.templateId && !this.coupons.describeTemplate(input.templateId, 'zh-TW')) throw new AppError('VALIDATION_FAILED', { message: 'templateId: 票券不存在', messageEn: 'templateId: no such template', field: 'templateId' });
    if (input.bundleId && !findBundle(this.db, input.bundleId)) throw new AppError('VALIDATION_FAILED', { message: 'bundleId: 禮包不存在', messageEn: 'bundleId: no such bundle', field: 'bundleId' });
    if (input.sharedCode && findCampaignBySharedCode(this.db, input.sharedCode)) throw new AppError('CONFLICT', { message: `兌換碼 ${input.sharedCode} 已被其他活動使用`, messageEn: `The code ${input.sharedCode} is used by another campaign`, field: 'sharedCode' });
    if (input.audienceTierId !== null && !this.tiers?.listTiers(this.db).some((t) => t.id === input.audienceTierId)) throw new AppError('VALIDATION_FAILED', { message: 'audienceTierId: 沒有這個會員等級', messageEn: 'audienceTierId: no such tier', field: 'audienceTierId' });
    const mobiles = input.audience.type === 'mobiles' ? parseMobileList(input.mobiles ?? []) : { valid: [], report: [] };
    const row = transact(this.db, (tx) => {
      const created = insertCampaign(tx, {
        name: input.name,
        description: input.description,
        nameEn: englishOrNull(input.nameEn),
        descriptionEn: englishOrNull(input.descriptionEn),
        mode: input.mode,
        templateId: input.templateId,
        bundleId: input.bundleId,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        audience: input.audience,
        totalStock: input.totalStock,
        perMemberLimit: input.perMemberLimit,
        pointsCost: input.mode === 'claim' ? input.pointsCost : null,
        audienceTierId: input.audienceTierId,
        sharedCode: input.sharedCode,
      });
      if (mobiles.valid.length > 0) insertCampaignMobiles(tx, created.id, mobiles.valid);
      let generated = 0;
      if (input.mode === 'code' && !input.sharedCode && input.generateCodes) {
        const set = new Set<string>();
        const pattern = { prefix: '', charset: 'alnum' as const, length: 10, suffix: '' };
        while (set.size < input.generateCodes) set.add(generateCode(pattern, secureIndex));
        insertRedemptionCodes(tx, created.id, [...set]);
        generated = set.size;
      }
      writeAudit(tx, actor, { action: 'campaign.create', targetType: 'campaign', targetId: created.id, targetName: created.name, details: { name: created.name, mode: created.mode, codes: generated, ...(created.pointsCost ? { pointsCost: created.pointsCost } : {}) } });
      return created;
    });
    return { ...this.presentCampaign(row, lang), mobileReport: mobiles.report };
  }

  listCampaigns(caller: Actor | undefined, lang: Lang): TCampaignView[] {
    requireAdmin(caller);
    return listCampaigns(this.db).map((c) => this.presentCampaign(c, lang));
  }

  archiveCampaign(caller: Actor | undefined, id: number, lang: Lang): TCampaignView {
    const actor = requireAdmin(caller);
    const row = transact(this.db, (tx) => {
      const updated = updateCampaign(tx, id, { status: 'archived' });
      if (!updated) throw new AppError('NOT_FOUND');
      writeAudit(tx, actor, { action: 'campaign.archive', targetType: 'campaign', targetId: id, targetName: updated.name, details: { name: updated.name, diff: [{ field: 'status', before: 'active', after: 'archived' }] } });
      return updated;
    });
    return this.presentCampaign(row, lang);
  }

  codesCsv(caller: Actor | undefined, id: number): string {
    requireAdmin(caller);
    if (!findCampaign(this.db, id)) throw new AppError('NOT_FOUND', { message: '找不到這個活動', messageEn: 'No such campaign' });
    const rows = listRedemptionCodes(this.db, id).map((r) => [r.code, r.usedByMemberId ? 'yes' : 'no', r.usedAt]);
    return csvDocument(['code', 'used', 'used_at'], rows);
  }

  /** Claimed, redeemed (uses) and remaining over time (brand-local days), and uses redeemed by store. */
  report(caller: Actor | undefined, id: number, lang: Lang): TCampaignReport {
    requireAdmin(caller);
    const c = findCampaign(this.db, id);
    if (!c) throw new AppError('NOT_FOUND');
    const offset = utcOffsetMinutes(new Date(), this.config.brandTimezone) * 60;
    const claimed = claimsPerDay(this.db, id, offset);
    const couponIds = claimedCouponIds(this.db, id);
    const perDayRedeemed = new Map<string, number>();
    const byStore = new Map<number, { storeId: number; storeName: string; redeemed: number }>();
    let redeemed = 0;
    for (let i = 0; i < couponIds.length; i += 500) {
      for (const r of redeemedUsesPerDayAndStore(this.db, couponIds.slice(i, i + 500), offset)) {
        redeemed += r.n;
        perDayRedeemed.set(r.day, (perDayRedeemed.get(r.day) ?? 0) + r.n);
        const s = byStore.get(r.storeId) ?? { storeId: r.storeId, storeName: r.storeName, redeemed: 0 };
        s.redeemed += r.n;
        byStore.set(r.storeId, s);
      }
    }
    const days = new Set([...claimed.map((d) => d.day), ...perDayRedeemed.keys()]);
    const perDay = [...days].sort().map((day) => ({ day, claimed: claimed.find((d) => d.day === day)?.n ?? 0, redeemed: perDayRedeemed.get(day) ?? 0 }));
    const view = this.presentCampaign(c, lang);
    return { campaign: view, claimed: c.claimedCount, redeemed, remaining: view.remaining, perDay, byStore: [...byStore.values()].sort((a, b) => b.redeemed - a.redeemed) };
  }

  // ── the claim centre (members) ─────────────────────────────────────────────────────
  private audienceVerdict(c: CampaignRow, member: AudienceMember, now: Date) {
    return checkAudience(c.audience as Audience, member, now, this.config.brandTimezone, (mobile) => isOnMobileList(this.db, c.id, mobile));
  }

  /** Whether a tier-only campaign's member is at its tier now (any campaign without a tier: yes). */
  private isAtAudienceTier(db: DbOrTx, c: CampaignRow, memberId: number): boolean {
    if (c.audienceTierId === null) return true;
    return this.tiers?.currentTier(db, memberId)?.id === c.audienceTierId;
  }

  claimCentre(caller: Actor | undefined, lang: Lang): { items: TClaimable[]; points: { balance: number } | null } {
    const actor = requireRegisteredMember(caller);
    const member = findMemberById(this.db, actor.memberId)!;
    const now = new Date();
    const zh = lang === 'zh-TW';
    const open = listCampaigns(this.db).filter((c) => c.mode === 'claim' && c.status === 'active' && c.startsAt <= now && c.endsAt > now);
    const pointsOn = this.points !== undefined && open.some((c) => c.pointsCost !== null) && this.points.isEnabled();
    const balance = pointsOn ? this.points!.spendableBalance(this.db, member.id) : 0;
    const items = open
      .flatMap((c): TClaimable[] => {
        // A tier-only offer is shown to members at that tier only.
        if (!this.isAtAudienceTier(this.db, c, member.id)) return [];
        const audience = this.audienceVerdict(c, member, now);
        // Members outside a targeted audience do not see the offer at all.
        if (!audience.ok && c.audience.type !== 'all') return [];
        const period = claimPeriod(c.audience as Audience, now, this.config.brandTimezone);
        const mine = countClaims(this.db, c.id, member.id, period);
        const remaining = c.totalStock === null ? null : Math.max(0, c.totalStock - c.claimedCount);
        let reason: string | null = null;
        if (!audience.ok) reason = describeAudienceMiss(audience.reason, lang);
        else if (mine >= c.perMemberLimit) reason = zh ? '已領取' : 'Claimed';
        else if (remaining === 0) reason = zh ? '已領完' : 'All gone';
        const pointsShort = c.pointsCost !== null && pointsOn ? Math.max(0, c.pointsCost - balance) : 0;
        if (reason === null && c.pointsCost !== null && !pointsOn) reason = zh ? '點數兌換暫停' : 'Points offers are paused';
        else if (reason === null && pointsShort > 0) reason = zh ? '點數不足' : 'Not enough points';
        const offer = this.offerView(c, lang);
        return [
          {
            id: c.id,
            name: localized(c.name, c.nameEn, lang),
            description: localized(c.description, c.descriptionEn, lang),
            offer: { kind: offer.kind, couponKind: offer.couponKind, name: offer.name, summary: offer.summary, color: offer.color, items: offer.items },
            endsAt: c.endsAt.toISOString(),
            remaining,
            isLow: remaining !== null && remaining > 0 && remaining <= LOW_STOCK,
            claimedByMe: mine,
            perMemberLimit: c.perMemberLimit,
            pointsCost: c.pointsCost,
            pointsShort,
            canClaim: reason === null,
            reason,
            isBirthday: c.audience.type === 'birth_month',
          },
        ];
      });
    return { items, points: pointsOn ? { balance } : null };
  }

  /**
   * One claim: window, audience and per-member limit checked, the campaign's stock taken by a
   * conditional update, the coupons issued (a bundle all or nothing) and, for an offer that
   * costs points, the points spent through the points port — in one transaction, so a rush of
   * members can neither oversell nor leave a coupon without its stock, and a claim refused for
   * any reason (stock, limit, points) takes neither stock nor points.
   */
  private claimInTx(tx: DbOrTx, c: CampaignRow, memberId: number, via: 'claim' | 'code' | 'auto' | 'bulk', actor: Actor, now: Date): TClaimResult {
    if (c.status !== 'active' || c.startsAt > now || c.endsAt <= now) throw new AppError('CAMPAIGN_NOT_OPEN');
    const member = findAudienceMember(tx, memberId);
    if (!member) throw new AppError('MEMBER_NOT_FOUND');
    const audience = this.audienceVerdict(c, member, now);
    if (!audience.ok) throw new AppError('NOT_IN_AUDIENCE', { message: describeAudienceMiss(audience.reason, 'zh-TW'), messageEn: describeAudienceMiss(audience.reason, 'en'), details: { reason: audience.reason } });
    if (!this.isAtAudienceTier(tx, c, memberId)) throw new AppError('NOT_IN_AUDIENCE', { message: '此優惠限特定會員等級領取', messageEn: 'This offer is for members of another tier', details: { reason: 'TIER' } });
    const period = claimPeriod(c.audience as Audience, now, this.config.brandTimezone);
    if (countClaims(tx, c.id, memberId, period) >= c.perMemberLimit) throw new AppError('ALREADY_CLAIMED');
    if (!takeCampaignStock(tx, c.id)) throw new AppError('OUT_OF_STOCK');
    const issued = this.issueOfferInTx(tx, this.offerOf(c), memberId, actor, `campaign:${via}`, String(c.id), now);
    const couponIds = issued.map((x) => x.id);
    const claimId = insertClaim(tx, { campaignId: c.id, memberId, period, couponIds, via, claimedAt: now });
    let pointsBalance: number | null = null;
    if (c.pointsCost !== null) {
      if (!this.points) throw new AppError('POINTS_DISABLED');
      // The member just did this in the app and sees the balance on screen; the coupon's own message is the one push.
      pointsBalance = this.points.spendInTx(tx, { memberId, points: c.pointsCost, reason: `兌換「${c.name}」`, ref: `campaign:${c.id}:claim:${claimId}`, actor: actorRef(actor), notify: false, at: now }).balance;
    }
    publish(tx, { type: 'campaign.claimed', claimId, campaignId: c.id, memberId, via, couponIds, period, at: now });
    return { claimId, campaign: { id: c.id, name: c.name }, coupons: issued.map((x) => ({ id: x.id, name: x.templateName, code: x.code })), pointsSpent: c.pointsCost ?? 0, pointsBalance };
  }

  async claim(caller: Actor | undefined, campaignId: number): Promise<TClaimResult> {
    const actor = requireRegisteredMember(caller);
    // Cheap refusals before the write transaction, from one small read (most taps of a rush come
    // after the stock is gone); the transaction checks stock and limit again, on the fresh row.
    const gate = findClaimGate(this.db, campaignId);
    if (!gate || gate.mode !== 'claim') throw new AppError('NOT_FOUND', { message: '找不到這個活動', messageEn: 'No such offer' });
    if (gate.totalStock !== null && gate.claimedCount >= gate.totalStock) throw new AppError('OUT_OF_STOCK');
    const now = new Date();
    if (countClaims(this.db, campaignId, actor.memberId, claimPeriod({ type: gate.audienceType } as Audience, now, this.config.brandTimezone)) >= gate.perMemberLimit) throw new AppError('ALREADY_CLAIMED');
    if (gate.pointsCost !== null) this.precheckPoints(actor.memberId, gate.pointsCost);
    return commitGrouped(this.db, (tx) => this.claimInTx(tx, transactFresh(tx, campaignId), actor.memberId, 'claim', actor, now));
  }

  /** The cheap refusal for an offer the member cannot pay for (the transaction's spend is the real check). */
  private precheckPoints(memberId: number, cost: number): void {
    if (!this.points || !this.points.isEnabled()) throw new AppError('POINTS_DISABLED');
    const have = this.points.spendableBalance(this.db, memberId);
    if (have < cost) throw new AppError('INSUFFICIENT_POINTS', { message: `點數不足：可用 ${have} 點，需要 ${cost} 點`, messageEn: `Not enough points: ${have} available, ${cost} needed`, details: { balance: have, needed: cost } });
  }

  /**
   * Claims by a typed redemption code. A wrong code and a used one get the same answer, and
   * misses lock the member out for a while, so codes cannot be guessed. Only the member's own
   * lock-out is checked before the code: a right code is never refused for what others behind
   * the same IP did. The IP counts misses as a backstop against one guesser with many
   * accounts; past it, a miss from that IP locks its member at once.
   */
  async redeemCode(caller: Actor | undefined, input: string, ip: string): Promise<TClaimResult> {
    const actor = requireRegisteredMember(caller);
    const member = String(actor.memberId);
    this.memberMisses.check(member);
    const code = normalizeCode(input);
    const now = new Date();
    // Guesses sent together share one batch and all passed the check above before any was
    // counted, so the lock-out is checked again, and a miss counted, inside the batch: each
    // guess sees the misses before it. A miss returns (its savepoint, which wrote nothing else,
    // is kept) rather than throws, so the count is not rolled back.
    const result = await commitGrouped(this.db, (tx): TClaimResult | AppError => {
      this.memberMisses.check(member);
      const claimed = this.claimByCode(tx, code, actor, now);
      return claimed === CODE_MISSED ? this.codeMissed(member, ip) : claimed;
    });
    if (result instanceof AppError) throw result;
    return result;
  }

  private claimByCode(tx: DbOrTx, code: string, actor: MemberActor, now: Date): TClaimResult | typeof CODE_MISSED {
    const shared = findCampaignBySharedCode(tx, code);
    if (shared) {
      if (shared.mode !== 'code') return CODE_MISSED;
      return this.claimInTx(tx, shared, actor.memberId, 'code', actor, now);
    }
    if (!/^[A-Z0-9-]{4,64}$/.test(code)) return CODE_MISSED;
    const used = useRedemptionCode(tx, code, actor.memberId, now);
    if (!used) return CODE_MISSED;
    const c = findCampaign(tx, used.campaignId)!;
    return this.claimInTx(tx, c, actor.memberId, 'code', actor, now);
  }

  /** Counts a wrong code against the member and the IP; the answer is 429 once the member is locked out. */
  private codeMissed(member: string, ip: string): AppError {
    const ipHot = this.ipMisses.miss(ipSubject(ip)) > 0;
    const lockedMs = ipHot ? this.memberMisses.lock(member) : this.memberMisses.miss(member);
    return lockedMs > 0 ? this.memberMisses.error(lockedMs) : new AppError('CODE_INVALID');
  }

  // ── automatic issuing ──────────────────────────────────────────────────────────────
  autoIssueRule() {
    const rule = findAutoIssueRule(this.db);
    return { trigger: 'registration' as const, enabled: rule?.enabled ?? false, templateId: rule?.templateId ?? null, bundleId: rule?.bundleId ?? null };
  }

  setAutoIssueRule(caller: Actor | undefined, input: { enabled: boolean; templateId: number | null; bundleId: number | null }) {
    const actor = requireAdmin(caller);
    if ((input.templateId !== null && input.bundleId !== null) || (input.enabled && input.templateId === null && input.bundleId === null)) {
      throw new AppError('VALIDATION_FAILED', { message: 'templateId: 請選擇一種票券或一個禮包', messageEn: 'templateId: choose one coupon template or one bundle', field: 'templateId' });
    }
    if (input.templateId && !this.coupons.describeTemplate(input.templateId, 'zh-TW')) throw new AppError('VALIDATION_FAILED', { message: 'templateId: 票券不存在', messageEn: 'templateId: no such template', field: 'templateId' });
    if (input.bundleId && !findBundle(this.db, input.bundleId)) throw new AppError('VALIDATION_FAILED', { message: 'bundleId: 禮包不存在', messageEn: 'bundleId: no such bundle', field: 'bundleId' });
    const before = this.autoIssueRule();
    transact(this.db, (tx) => {
      saveAutoIssueRule(tx, input);
      const diff = diffSnapshots({ enabled: before.enabled, templateId: before.templateId, bundleId: before.bundleId }, { enabled: input.enabled, templateId: input.templateId, bundleId: input.bundleId });
      writeAudit(tx, actor, { action: 'auto_issue.update', targetType: 'auto_issue_rule', targetId: 'registration', details: { ...input, diff } });
    });
    return this.autoIssueRule();
  }

  /**
   * What a welcome may promise from this domain (members/welcome.port.ts): the welcome offer —
   * configured and on (memberId null), or actually issued to this member on registering — and
   * a birthday-month campaign running now.
   */
  welcomeOffers(tx: DbOrTx, memberId: number | null, now = new Date()): { welcomeGift: string | null; birthdayGift: string | null } {
    const rule = findAutoIssueRule(tx);
    let welcomeGift: string | null = null;
    if (rule?.enabled && (rule.templateId || rule.bundleId)) {
      const name = this.offerName({ templateId: rule.templateId, bundleId: rule.bundleId }) || null;
      welcomeGift = memberId === null || countMemberCouponsFrom(tx, memberId, 'welcome') > 0 ? name : null;
    }
    const birthday = listCampaigns(tx).find((c) => c.audience.type === 'birth_month' && c.status === 'active' && c.startsAt <= now && c.endsAt > now);
    return { welcomeGift, birthdayGift: birthday?.name ?? null };
  }

  /**
   * The welcome coupon or bundle, in the registration's transaction (subscribed to
   * `member.registered` in main.ts). Out of stock is not a reason to refuse a registration: it
   * is skipped and logged in the audit trail instead. It sends no message of its own: the
   * welcome notification names it (welcomeOffers).
   */
  onRegistered(tx: DbOrTx, memberId: number): void {
    const rule = findAutoIssueRule(tx);
    if (!rule?.enabled) return;
    const offer: Offer | null = rule.templateId ? { templateId: rule.templateId } : rule.bundleId ? { bundleId: rule.bundleId } : null;
    if (!offer) return;
    const actor: Actor = { kind: 'system', label: 'worker' };
    try {
      transact(tx, (sp) => {
        this.issueOfferInTx(sp, offer, memberId, actor, 'welcome', null, new Date(), undefined, false);
      });
    } catch (error) {
      writeAudit(tx, actor, { action: 'auto_issue.skipped', targetType: 'member', targetId: memberId, details: { reason: error instanceof AppError ? error.code : 'error' } });
    }
  }

  // ── birthday packs ─────────────────────────────────────────────────────────────────
  /**
   * On the first day of each month (brand time), tells this month's birthday members that
   * their birthday pack is ready, once per campaign and month. Safe to call often.
   */
  notifyBirthdayPacks(now = new Date()): number {
    const today = localDate(now, this.config.brandTimezone);
    if (!today.endsWith('-01')) return 0;
    const month = today.slice(5, 7);
    let sent = 0;
    for (const c of listCampaigns(this.db)) {
      if (c.audience.type !== 'birth_month' || c.status !== 'active' || c.startsAt > now || c.endsAt <= now) continue;
      const flag = `birthday.notified.${c.id}.${today.slice(0, 7)}`;
      sent += transact(this.db, (tx) => {
        if (!claimFlag(tx, flag, true)) return 0;
        const born = listRegisteredMemberIdsBornIn(tx, month);
        for (const memberId of born) notify(tx, { memberId, kind: 'birthday_pack', variables: { campaignName: bilingual(c.name, c.nameEn) } });
        return born.length;
      });
    }
    return sent;
  }

  /** Admin console: issue an offer to one member (used by bulk jobs). */
  issueToMemberInTx(tx: DbOrTx, offer: Offer, memberId: number, actor: Actor, source: string, sourceRef: string, priority?: 'marketing', now = new Date()): IssuedCoupon[] {
    return this.issueOfferInTx(tx, offer, memberId, actor, source, sourceRef, now, priority);
  }

  /**
   * Bulk issuing a chunk at once (one stock update per template, no per-member savepoints);
   * false when it cannot be done whole, and the caller goes member by member instead.
   */
  issueChunkInTx(tx: DbOrTx, offer: Offer, memberIds: number[], actor: Actor, sourceRef: string, now: Date): boolean {
    const bundle = offer.bundleId ? findBundle(tx, offer.bundleId) : undefined;
    if (offer.bundleId && (!bundle || bundle.status !== 'active')) return false;
    const items = bundle ? bundle.items : [{ templateId: offer.templateId!, quantity: 1 }];
    const issued = this.coupons.issueBatchInTx(tx, items, memberIds, { source: 'bulk', sourceRef, actor, now });
    if (!issued) return false;
    const nameList = (lang: Lang) => items.map((item) => `${this.coupons.templateName(item.templateId, lang)}${item.quantity > 1 ? ` ×${item.quantity}` : ''}`);
    const names = bilingual(nameList('zh-TW').join('、'), nameList('en').join(', '));
    for (const [memberId, coupons] of issued) {
      if (bundle) notify(tx, { memberId, kind: 'bundle_received', variables: { bundleName: bilingual(bundle.name, bundle.nameEn), items: names }, priority: 'marketing' });
      else notify(tx, { memberId, kind: 'coupon_received', variables: { couponName: names, expiresAt: new Date(coupons[0]!.validUntil.getTime() - 1).toISOString() }, priority: 'marketing' });
    }
    return true;
  }

  findMemberIdByMobile(mobile: string): number | undefined {
    return findMemberByMobile(this.db, mobile)?.id;
  }

  /** Template names for bulk job displays. */
  offerName(offer: { templateId: number | null; bundleId: number | null }): string {
    if (offer.templateId) return this.coupons.describeTemplate(offer.templateId, 'zh-TW')?.name ?? '';
    return findBundle(this.db, offer.bundleId!)?.name ?? '';
  }
}

