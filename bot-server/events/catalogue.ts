/**
 * The domain events: what happened, told by the domain it happened in, inside the transaction
 * that made the change (see README.md next to this file for who publishes and who listens).
 * Payloads carry ids and facts (amounts, stores, times), never rows or views: a subscriber
 * that needs more reads it in the same transaction.
 */

import type { ActorRef } from '../auth/actor.ts';

export type { ActorRef };

export interface MemberRegistered {
  type: 'member.registered';
  memberId: number;
  lineUserId: string;
  /** YYYY-MM-DD. */
  birthday: string;
  at: Date;
}

export interface MemberFollowed {
  type: 'member.followed';
  memberId: number;
  lineUserId: string;
  /** First follow (a new member row) rather than an unblock. */
  isNew: boolean;
  at: Date;
}

export interface MemberUnfollowed {
  type: 'member.unfollowed';
  memberId: number;
  lineUserId: string;
  at: Date;
}

export interface CouponIssued {
  type: 'coupon.issued';
  couponId: number;
  templateId: number;
  memberId: number;
  /** 'admin', 'welcome', 'campaign:claim', 'campaign:code', 'bulk', 'demo' … */
  source: string;
  sourceRef: string | null;
  validUntil: Date;
  actor: ActorRef;
  at: Date;
}

export interface CouponRedeemed {
  type: 'coupon.redeemed';
  redemptionId: string;
  couponId: number;
  templateId: number;
  memberId: number;
  storeId: number;
  uses: number;
  usesLeft: number;
  /** NT$ off; null for an exchange voucher. */
  discount: number | null;
  /** NT$, as told by the counter (or the sum of its lines); null when not told. */
  orderAmount: number | null;
  channel: 'scanner' | 'pos';
  actor: ActorRef;
  at: Date;
}

export interface CouponRedemptionReversed {
  type: 'coupon.redemption_reversed';
  redemptionId: string;
  couponId: number;
  memberId: number;
  storeId: number;
  /** Uses given back. */
  uses: number;
  discount: number | null;
  reason: string;
  actor: ActorRef;
  at: Date;
}

export interface CouponVoided {
  type: 'coupon.voided';
  couponId: number;
  templateId: number;
  memberId: number;
  reason: string;
  actor: ActorRef;
  at: Date;
}

export interface CouponExpired {
  type: 'coupon.expired';
  couponId: number;
  templateId: number;
  memberId: number;
  at: Date;
}

export interface CampaignClaimed {
  type: 'campaign.claimed';
  claimId: number;
  campaignId: number;
  memberId: number;
  via: 'claim' | 'code' | 'auto' | 'bulk';
  couponIds: number[];
  /** The birthday year for birthday packs, '' otherwise. */
  period: string;
  at: Date;
}

export interface NotificationEnqueued {
  type: 'notification.enqueued';
  notificationId: string;
  memberId: number;
  /** A NotificationKind (shared/notifications/kinds.ts). */
  kind: string;
  priority: 'transactional' | 'marketing';
  dueAt: Date;
}

/** A job was queued for the job runner (bulk issuing today); its after-commit hook wakes the runner. */
export interface JobQueued {
  type: 'job.queued';
  kind: string;
  key: string;
}

/** A member's mobile was confirmed by an SMS one-time code (published by the verification, in its transaction). */
export interface MemberMobileVerified {
  type: 'member.mobile_verified';
  memberId: number;
  /** E.164. */
  mobile: string;
  at: Date;
}

/** A coupon was given to a friend by mobile number and waits for them (bot-server/transfers). */
export interface GiftSent {
  type: 'gift.sent';
  transferId: number;
  senderMemberId: number;
  /** E.164. */
  recipientMobile: string;
  /** The member holding that verified number, or null: not a member yet (an invite). */
  recipientMemberId: number | null;
  at: Date;
}

/** The friend accepted a gift: the coupon is theirs now. */
export interface GiftAccepted {
  type: 'gift.accepted';
  transferId: number;
  couponId: number;
  senderMemberId: number;
  recipientMemberId: number;
  uses: number;
  at: Date;
}

/** A gift went back to the sender: declined, cancelled by the sender, or returned unaccepted. */
export interface GiftReturned {
  type: 'gift.returned';
  transferId: number;
  couponId: number;
  senderMemberId: number;
  state: 'declined' | 'cancelled' | 'returned';
  at: Date;
}

// ── points (bot-server/points) ──

/** A POS sale was recorded (POST /api/pos/purchases): tiers count the spend, missions the visit. */
export interface PurchaseRecorded {
  type: 'purchase.recorded';
  purchaseId: string;
  memberId: number;
  storeId: number;
  /** NT$ total before coupons and points. */
  amount: number;
  /** NT$ the member paid. */
  paid: number;
  /** The basket as the POS sent it (missions match SKUs and categories without reading the sale back); `net` is NT$ quantity × unit price less the line's discount. */
  lines: { sku: string; category: string | null; quantity: number; net: number }[];
  /** When the sale happened (the POS's `occurredAt`, else the time it was recorded). */
  occurredAt: Date;
  at: Date;
}

/** A whole or partial return of a recorded sale. */
export interface PurchaseRefunded {
  type: 'purchase.refunded';
  purchaseId: string;
  refundId: string;
  memberId: number;
  /** NT$ refunded by this return. */
  amount: number;
  at: Date;
}

/** A member's points changed: earned, spent, expired, adjusted or reversed (`delta` counts pending points too). */
export interface PointsChanged {
  type: 'points.changed';
  memberId: number;
  delta: number;
  /** The spendable balance after the change. */
  balance: number;
  reason: string;
  at: Date;
}

/**
 * A member's tier changed: an upgrade at a purchase (or an evaluation that found more), a
 * downgrade at evaluation, or an admin's manual assignment. Published in the transaction that
 * changed it (per-tier rich menus link on it). Ids are the brand's tiers (the lowest tier's id
 * for a member at the bottom).
 */
export interface TierChanged {
  type: 'tier.changed';
  memberId: number;
  fromTierId: number;
  toTierId: number;
  direction: 'up' | 'down' | 'manual';
  at: Date;
}

// ── referrals (bot-server/referrals) ──

/** A referral earned its rewards (the friend registered, or used a first coupon, as the programme says): missions count the referrer's friends. */
export interface ReferralQualified {
  type: 'referral.qualified';
  referralId: number;
  referrerId: number;
  friendId: number;
  at: Date;
}

// ── mall (bot-server/mall) ──

/** A mall order was paid (its tickets issued and its points taken in the same transaction). */
export interface OrderPaid {
  type: 'order.paid';
  orderId: number;
  reference: string;
  memberId: number;
  /** NT$ captured (0 for an all-points order). */
  cash: number;
  points: number;
  productIds: number[];
  couponIds: number[];
  /** The friend's mobile (E.164) for a gift order, else null. */
  giftMobile: string | null;
  at: Date;
}

export type DomainEvent =
  | MemberRegistered
  | MemberFollowed
  | MemberUnfollowed
  | CouponIssued
  | CouponRedeemed
  | CouponRedemptionReversed
  | CouponVoided
  | CouponExpired
  | CampaignClaimed
  | NotificationEnqueued
  | JobQueued
  | MemberMobileVerified
  | GiftSent
  | GiftAccepted
  | GiftReturned
  | PurchaseRecorded
  | PurchaseRefunded
  | PointsChanged
  | ReferralQualified
  | TierChanged
  | OrderPaid;

export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
