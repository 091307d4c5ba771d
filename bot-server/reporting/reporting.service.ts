import type { TMember360, TOverview, TOverviewDay, TOverviewFigures } from '../../shared/api/insights.ts';
import { addDays, localDate, utcOffsetMinutes, zonedTime } from '../../shared/dates.ts';
import { isNotificationKind, KINDS } from '../../shared/notifications/kinds.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { countClaimsPerDay, listCampaignsEndingBefore, listMemberClaims } from '../campaigns/campaign-stats.repo.ts';
import { countIssuedPerDay, countRedeemedPerDay, listMemberRedemptions } from '../coupons/coupon-stats.repo.ts';
import type { CouponService } from '../coupons/coupon.service.ts';
import type { Db } from '../db/client.ts';
import { presentMemberDetail } from '../http/presenters.ts';
import { countJoinedPerDay, countMembers } from '../members/member-stats.repo.ts';
import type { MemberService } from '../members/member.service.ts';
import { countOutboxPerDay, listMemberOutbox } from '../notifications/outbox-stats.repo.ts';
import type { StoreService } from '../stores/store.service.ts';

type Lang = 'zh-TW' | 'en';
const DAYS = 30;
const ENDING_SOON_DAYS = 7;
const LIST_LIMIT = 50;

/**
 * The console's reports: figures that span domains, each read through the owning domain's
 * read methods (its stats repo or service) and put together here. It writes nothing.
 */
export class ReportingService {
  private readonly o: { db: Db; timeZone: string; members: MemberService; coupons: CouponService; stores: StoreService; audit: AuditService };
  constructor(deps: { db: Db; timeZone: string; members: MemberService; coupons: CouponService; stores: StoreService; audit: AuditService }) {
    this.o = deps;
  }

  /**
   * Today, the last 7 and the last 30 brand-local days (today included): members joined,
   * coupons issued and redeemed, the share of the period's coupons used, claims, notifications
   * sent and failed; a 30-day series for the charts and the campaigns ending within a week.
   */
  overview(caller: Actor | undefined, now = new Date()): TOverview {
    requireAdmin(caller);
    const { db, timeZone } = this.o;
    const today = localDate(now, timeZone);
    const first = addDays(today, -(DAYS - 1));
    const since = zonedTime(first, 0, timeZone);
    const offset = utcOffsetMinutes(now, timeZone);
    const days = new Map<string, TOverviewDay & { used: number }>();
    for (let i = 0; i < DAYS; i += 1) {
      const day = addDays(first, i);
      days.set(day, { day, joined: 0, issued: 0, redeemed: 0, claims: 0, sent: 0, failed: 0, used: 0 });
    }
    const add = (rows: { day: string; n: number }[], key: 'joined' | 'redeemed' | 'claims') => {
      for (const r of rows) {
        const d = days.get(r.day);
        if (d) d[key] += r.n;
      }
    };
    add(countJoinedPerDay(db, since, offset), 'joined');
    add(countRedeemedPerDay(db, since, offset), 'redeemed');
    add(countClaimsPerDay(db, since, offset), 'claims');
    for (const r of countIssuedPerDay(db, since, offset)) {
      const d = days.get(r.day);
      if (!d) continue;
      d.issued += r.n;
      d.used += r.used;
    }
    for (const r of countOutboxPerDay(db, since, offset)) {
      const d = days.get(r.day);
      if (!d) continue;
      if (r.status === 'sent') d.sent += r.n;
      else if (r.status === 'failed') d.failed += r.n;
    }
    const series = [...days.values()];
    const figures = (n: number): TOverviewFigures => {
      const slice = series.slice(-n);
      const sum = (key: keyof TOverviewDay | 'used') => slice.reduce((total, d) => total + (d[key] as number), 0);
      const issued = sum('issued');
      return {
        from: slice[0]!.day,
        to: today,
        joined: sum('joined'),
        issued,
        redeemed: sum('redeemed'),
        redemptionRate: issued === 0 ? null : sum('used') / issued,
        claims: sum('claims'),
        notificationsSent: sum('sent'),
        notificationsFailed: sum('failed'),
      };
    };
    const endingSoon = listCampaignsEndingBefore(db, now, new Date(now.getTime() + ENDING_SOON_DAYS * 86_400_000)).map((c) => ({
      id: c.id,
      name: c.name,
      mode: c.mode,
      endsAt: c.endsAt.toISOString(),
      remaining: c.totalStock === null ? null : Math.max(0, c.totalStock - c.claimedCount),
    }));
    return {
      timeZone,
      today,
      members: countMembers(db),
      periods: { today: figures(1), days7: figures(7), days30: figures(DAYS) },
      perDay: series.map(({ used: _used, ...d }) => d),
      endingSoon,
    };
  }

  /** Everything about one member an admin needs before acting: profile, wallet, redemptions, claims, notifications and audit entries. */
  member360(caller: Actor | undefined, memberId: number, lang: Lang): TMember360 {
    requireAdmin(caller);
    const member = this.o.members.get(memberId);
    const { db } = this.o;
    const wallet = this.o.coupons.issuing.listCoupons(caller, { memberId, page: 1, pageSize: LIST_LIMIT }, lang);
    const active = this.o.coupons.issuing.listCoupons(caller, { memberId, status: 'active', page: 1, pageSize: 1 }, lang);
    const storeNames = new Map(this.o.stores.list({ includeInactive: true }).map((s) => [s.id, s.name]));
    const redemptions = listMemberRedemptions(db, memberId, LIST_LIMIT);
    const claims = listMemberClaims(db, memberId, LIST_LIMIT);
    const notifications = listMemberOutbox(db, memberId, LIST_LIMIT);
    return {
      member: presentMemberDetail(member, this.o.members.rolesOf(member)),
      counts: { coupons: wallet.total, activeCoupons: active.total, redemptions: redemptions.length, claims: claims.length, notifications: notifications.length },
      wallet: wallet.items,
      redemptions: redemptions.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        couponId: r.couponId,
        couponName: r.couponName,
        code: r.code,
        storeName: storeNames.get(r.storeId) ?? `#${r.storeId}`,
        uses: r.uses,
        discount: r.discount,
        channel: r.channel,
        isVoided: r.voidedAt !== null,
      })),
      claims: claims.map((c) => ({ id: c.id, at: c.at.toISOString(), campaignId: c.campaignId, campaignName: c.campaignName, via: c.via, coupons: c.couponIds.length })),
      notifications: notifications.map((n) => ({
        id: n.id,
        kind: n.kind,
        kindLabel: isNotificationKind(n.kind) ? KINDS[n.kind].label[lang] : n.kind,
        status: n.status,
        reason: n.reason,
        createdAt: n.createdAt.toISOString(),
        sentAt: n.sentAt ? n.sentAt.toISOString() : null,
        isTest: n.source === 'test',
      })),
      audit: this.o.audit.forMember(memberId, LIST_LIMIT, lang),
    };
  }
}
