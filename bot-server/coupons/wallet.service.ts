import type { TCouponView, TQrToken, TWallet } from '../../shared/api/coupons.ts';
import type { Lang } from '../../shared/coupons/rules.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireMember, requireRegisteredMember } from '../auth/policies.ts';
import { transact, type Db } from '../db/client.ts';
import { publish } from '../events/bus.ts';
import type { CouponCatalogue } from './catalogue.service.ts';
import type { GiftEligibility } from './gift-eligibility.port.ts';
import { findCouponById, insertCouponEvent, listDueCoupons, listMemberCoupons, markCouponExpired, type CouponRow } from './coupon.repo.ts';
import { issueRotatingCode } from '../auth/rotating-code.ts';
import { issueQrToken } from './qr-token.ts';

/** The member's wallet: their coupons by tab, one coupon, and its rotating QR token. */
export class CouponWallet {
  private readonly db: Db;
  private readonly qrSecret: Buffer;
  private readonly catalogue: CouponCatalogue;
  private gifts: GiftEligibility | null = null;

  constructor(deps: { db: Db; qrSecret: Buffer; catalogue: CouponCatalogue }) {
    this.db = deps.db;
    this.qrSecret = deps.qrSecret;
    this.catalogue = deps.catalogue;
  }

  list(caller: Actor | undefined, tab: 'active' | 'used' | 'expired', lang: Lang): TWallet {
    const member = requireRegisteredMember(caller);
    this.expireDue(member.memberId, new Date());
    const all = listMemberCoupons(this.db, member.memberId);
    // A coupon held by a pending gift (轉贈中) stays under 可使用, marked as such.
    const bucket = (c: CouponRow) => (c.status === 'active' || c.status === 'transferring' ? 'active' : c.status === 'used' ? 'used' : 'expired');
    const counts = { active: 0, used: 0, expired: 0 };
    for (const c of all) counts[bucket(c)] += 1;
    const items = all.filter((c) => bucket(c) === tab);
    if (tab !== 'active') items.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
    const now = new Date();
    return { items: items.map((c) => this.ownerView(c, lang, now)), counts };
  }

  coupon(caller: Actor | undefined, id: number, lang: Lang): TCouponView {
    this.expireDue(requireMember(caller).memberId, new Date());
    return this.ownerView(this.own(caller, id), lang, new Date());
  }

  /** Hands the wallet the transfers domain's gift rule (main.ts); until then nothing shows as giftable. */
  useGiftEligibility(gifts: GiftEligibility): void {
    this.gifts = gifts;
  }

  private ownerView(c: CouponRow, lang: Lang, now: Date): TCouponView {
    const template = this.catalogue.template(c.templateId);
    const canGive = !!this.gifts && template.transferable && c.status === 'active' && this.gifts.canGive(this.db, c, template, now);
    return { ...this.catalogue.couponView(c, lang), canGive };
  }

  qr(caller: Actor | undefined, id: number): TQrToken {
    const coupon = this.own(caller, id);
    if (coupon.status === 'transferring') throw new AppError('COUPON_TRANSFER_PENDING');
    if (coupon.status !== 'active') throw new AppError('COUPON_NOT_USABLE', { message: '此票券已無法使用', messageEn: 'This coupon can no longer be used' });
    const now = Date.now();
    const t = issueQrToken(this.qrSecret, coupon.id, now);
    // Same 30-second windows as the QR token, so both rotate together on the screen.
    const numeric = issueRotatingCode(this.qrSecret, 'coupon', coupon.id, now);
    const showStaticCode = this.catalogue.template(coupon.templateId).showStaticCode;
    return { token: t.token, code: coupon.code, numericCode: numeric.code, showStaticCode, refreshAt: t.refreshAt.toISOString(), expiresAt: t.expiresAt.toISOString() };
  }

  /**
   * Coupons whose date passed are marked expired (with a ledger entry and `coupon.expired`)
   * when their owner next looks; reading the wallet writes nothing when none are due.
   */
  private expireDue(memberId: number, now: Date): void {
    const due = listDueCoupons(this.db, memberId, now);
    if (due.length === 0) return;
    transact(this.db, (tx) => {
      for (const c of due) {
        if (!markCouponExpired(tx, c.id, now)) continue;
        insertCouponEvent(tx, { couponId: c.id, type: 'expired', at: now, actorKind: 'system' });
        publish(tx, { type: 'coupon.expired', couponId: c.id, templateId: c.templateId, memberId: c.memberId, at: now });
      }
    });
  }

  private own(caller: Actor | undefined, id: number): CouponRow {
    const member = requireMember(caller);
    const coupon = findCouponById(this.db, id);
    // Another member's coupon answers exactly like a missing one.
    if (!coupon || coupon.memberId !== member.memberId) throw new AppError('COUPON_NOT_FOUND');
    return coupon;
  }
}
