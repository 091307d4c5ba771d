import type { Lang } from '../../shared/coupons/rules.ts';
import type { Actor } from '../auth/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import type { CouponRow } from './coupon.repo.ts';

/**
 * What other domains (campaigns: claims, redemption codes, the welcome offer, bulk jobs) may
 * ask of coupons, inside their own transaction. Campaigns depend on this interface only; the
 * composition root (main.ts) hands them the coupons domain's implementation.
 *
 * A command port rather than an event: a claim answers its member with the coupons it issued
 * (ids and codes) in the same request, and a refusal (out of stock, over the limit) must
 * reach the claim as the error it is; an event has no answer. The bulk path issues a chunk
 * of members in one call that is refused whole (null) when it cannot be done, with no
 * per-coupon dispatch on a path that writes half a million rows.
 */
export interface CouponIssuer {
  /**
   * Issues one coupon in `tx`: stock, per-member limit, a unique code, the ledger entry and
   * (unless `notify: false`) the "coupon received" notification. Throws the refusal.
   */
  issueInTx(tx: DbOrTx, req: IssueRequest): IssuedCoupon;
  /**
   * The same templates to many members in one go (bulk): null, having changed nothing, when
   * the chunk cannot be issued whole (a template with a per-member limit, imported codes, or
   * not enough stock); the caller then goes member by member. Sends no notifications.
   */
  issueBatchInTx(tx: DbOrTx, items: { templateId: number; quantity: number }[], memberIds: number[], req: BatchRequest): Map<number, IssuedCoupon[]> | null;
  /**
   * Takes back a coupon another domain gave (a referral reward whose reason was undone) in
   * `tx`: voided with its ledger entry and `coupon.voided`, only while it is active and not
   * used at all (one conditional update). False, having changed nothing, otherwise.
   */
  voidUnusedInTx(tx: DbOrTx, couponId: number, reason: string, actor: Actor): boolean;
  /**
   * Voids a coupon a mall refund takes back, in `tx`: only while it is active, still
   * `memberId`'s and has exactly `usesLeft` uses left (what the refund priced) — one conditional
   * update, so a redemption or a gift that got there first makes it false, having changed
   * nothing. Writes the ledger entry (the uses given up) and `coupon.voided`.
   */
  voidForRefundInTx(tx: DbOrTx, req: { couponId: number; memberId: number; usesLeft: number; reason: string; actor: Actor }): boolean;
  /** A template's name for messages (cached for a few seconds). */
  /** In English when asked and the brand wrote one; zh-TW otherwise. */
  templateName(templateId: number, lang?: Lang): string;
  /** A template's name, colour and rule summary, read now; undefined when there is no such template. */
  describeTemplate(templateId: number, lang: Lang): { id: number; name: string; color: string; summary: string; kind: 'amount_off' | 'percent_off' | 'exchange' } | undefined;
}

export interface IssueRequest {
  templateId: number;
  memberId: number;
  source: string;
  sourceRef?: string | null;
  actor: Actor;
  /** Send the "coupon received" notification (bundles send one for all instead). */
  notify?: boolean;
  /** Bulk issuing notifies with marketing priority (quiet hours, quota reserve). */
  priority?: 'transactional' | 'marketing';
  now?: Date;
}

export interface BatchRequest {
  source: string;
  sourceRef: string;
  actor: Actor;
  now: Date;
}

/** An issued coupon, with its template's name as the issuing transaction read it. */
export type IssuedCoupon = CouponRow & { templateName: string };
