import type { z } from 'zod';
import { isNoExpiry } from '../../shared/coupons/validity.ts';
import type { TConsoleGiftPage, TGiftList, TGiftSettings, TGiftView, TSendGiftResponse, ZConsoleGiftQuery, ZSendGiftRequest } from '../../shared/api/transfers.ts';
import { generateCode } from '../../shared/coupons/codes.ts';
import type { Lang } from '../../shared/coupons/rules.ts';
import { summarizeRules } from '../../shared/coupons/summary.ts';
import { zonedTime } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { bilingual, localized } from '../../shared/i18n/localized.ts';
import { maskMobile, normalizeMobile } from '../../shared/phone.ts';
import { actorRef, type Actor, type ActorRef } from '../auth/actor.ts';
import { requireAdmin, requireRegisteredMember } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import { findCouponById, findTemplateById, insertCoupon, insertCouponEvent, type CouponRow, type CouponTemplateRow } from '../coupons/coupon.repo.ts';
import type { GiftEligibility } from '../coupons/gift-eligibility.port.ts';
import type { GiftSending } from './gift-sending.port.ts';
import type { PendingGiftRecall } from '../mall/refund-ports.ts';
import { rulesOf } from '../coupons/presenters.ts';
import { secureIndex } from '../coupons/secure-random.ts';
import type { Config } from '../config.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import { commitGrouped } from '../db/group-commit.ts';
import type { TransferState } from '../db/schema.ts';
import { publish } from '../events/bus.ts';
import type { EventOf } from '../events/catalogue.ts';
import { findIdempotentResult, requestHash, storeIdempotentResult } from '../idempotency/idempotency.repo.ts';
import { Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';
import type { Links } from '../links.ts';
import { findMemberById, findMemberByMobile, findMembersByIds, type MemberRow } from '../members/member.repo.ts';
import { notify } from '../notifications/notify.ts';
import {
  acceptTransfer,
  attachRecipient,
  countPendingReceived,
  findGiftRow,
  findSettings,
  findTransfer,
  holdCoupon,
  insertTransfer,
  latestTransferOf,
  listConsoleTransfers,
  listDueReminders,
  listDueReturns,
  listMemberGifts,
  lockCoupon,
  markReminded,
  moveCoupon,
  pendingTransferOfCoupon,
  releaseCoupon,
  resolveTransfer,
  saveSettings,
  splitUses,
  type GiftListRow,
  type TransferRow,
} from './transfer.repo.ts';

const DAY_MS = 86_400_000;
/** A gift comes back at least this long before its coupon expires, so the sender can still use it. */
export const EXPIRY_MARGIN_MS = DAY_MS;
/** The friend is reminded this long before an unaccepted gift returns. */
export const REMIND_AHEAD_MS = DAY_MS;
const CODE_ATTEMPTS = 8;

type SendInput = z.output<typeof ZSendGiftRequest>;
type ConsoleQuery = z.output<typeof ZConsoleGiftQuery>;

/**
 * Gifts of a coupon to a friend by mobile number (好友轉贈). A gift is a row in `transfers`;
 * while it is pending its coupon is `transferring` (locked: the counter refuses it). Each step
 * out of pending — accept, decline, cancel, return — is one conditional update of that row in a
 * transaction with the coupon's move and ledger entries, so only one of them can ever happen.
 */
export class TransferService {
  private readonly db: Db;
  private readonly config: Config;
  private readonly links: Links;
  /** Every send counts against the sender, so numbers cannot be swept (LOCKOUTS.giftSend). */
  private readonly sends: Lockout;

  constructor(deps: { db: Db; config: Config; links: Links }) {
    this.db = deps.db;
    this.config = deps.config;
    this.links = deps.links;
    this.sends = new Lockout(deps.db, LOCKOUTS.giftSend);
  }

  // ── member ─────────────────────────────────────────────────────────────────────────

  /**
   * Sends a gift. The answer (body, status, wording) is the same whether or not the number
   * belongs to a member: the friend is told at once if they are one (a gift-received push),
   * otherwise the gift waits for whoever verifies that number. Each send counts towards a
   * per-member limit. With an idempotency key a replay answers the first result.
   */
  async send(caller: Actor | undefined, input: SendInput, options: { idempotencyKey?: string | undefined; lang: Lang }): Promise<TSendGiftResponse> {
    const me = requireRegisteredMember(caller);
    const scope = `gift:${me.memberId}`;
    const hash = options.idempotencyKey ? requestHash(input) : '';
    if (options.idempotencyKey) {
      const previous = findIdempotentResult(this.db, scope, options.idempotencyKey, hash);
      if (previous) return previous.response as TSendGiftResponse;
    }
    const sender = this.verifiedMember(me.memberId);
    const mobile = normalizeMobile(input.mobile);
    if (!mobile.ok) throw new AppError('MOBILE_INVALID', { field: 'mobile' });
    if (mobile.e164 === sender.mobile) throw new AppError('GIFT_TO_SELF', { field: 'mobile' });
    this.sends.check(`member:${me.memberId}`);
    // Counted before the lookup, outside the transaction: a refusal below still counts.
    this.sends.miss(`member:${me.memberId}`);
    const now = new Date();
    const gift = await commitGrouped(this.db, (tx) => {
      if (options.idempotencyKey) {
        const previous = findIdempotentResult(tx, scope, options.idempotencyKey, hash);
        if (previous) return previous.response as TSendGiftResponse;
      }
      const coupon = findCouponById(tx, input.couponId);
      // Another member's coupon answers like a missing one.
      if (!coupon || coupon.memberId !== me.memberId) throw new AppError('COUPON_NOT_FOUND');
      const t = findTemplateById(tx, coupon.templateId)!;
      const giftCoupon = this.lockForGift(tx, coupon, t, input.uses, now, actorRef(me));
      const returnAt = this.returnAtFor(giftCoupon.validUntil, now, tx);
      const recipient = findMemberByMobile(tx, mobile.e164);
      const recipientMemberId = recipient && recipient.mobileVerifiedAt !== null && recipient.registeredAt !== null ? recipient.id : null;
      const row = insertTransfer(tx, {
        sourceCouponId: coupon.id,
        giftCouponId: giftCoupon.id,
        templateId: t.id,
        senderMemberId: me.memberId,
        recipientMobile: mobile.e164,
        recipientMemberId,
        uses: giftCoupon.usesLeft,
        isPartial: giftCoupon.id !== coupon.id,
        giveNumber: this.givesOf(tx, coupon) + 1,
        message: input.message ? input.message : null,
        returnAt,
        sentAt: now,
      });
      insertCouponEvent(tx, { couponId: giftCoupon.id, type: 'transfer_locked', at: now, uses: giftCoupon.usesLeft, actorKind: 'member', actorId: String(me.memberId), details: { transferId: row.id } });
      if (recipientMemberId !== null) this.notifyReceived(tx, row, t, sender);
      publish(tx, { type: 'gift.sent', transferId: row.id, senderMemberId: me.memberId, recipientMobile: mobile.e164, recipientMemberId, at: now });
      const view = this.present(findGiftRow(tx, row.id)!, 'sent', options.lang);
      const response: TSendGiftResponse = { gift: view, share: this.shareFor(t, sender, view, options.lang) };
      if (options.idempotencyKey) storeIdempotentResult(tx, scope, options.idempotencyKey, hash, 201, response);
      return response;
    });
    return gift;
  }

  list(caller: Actor | undefined, tab: 'received' | 'sent', lang: Lang): TGiftList {
    const me = requireRegisteredMember(caller);
    const member = findMemberById(this.db, me.memberId);
    return {
      items: listMemberGifts(this.db, me.memberId, tab).map((r) => this.present(r, tab, lang)),
      pendingReceived: countPendingReceived(this.db, me.memberId),
      mobileVerified: isVerified(member),
      pendingDays: findSettings(this.db).pendingDays,
    };
  }

  /**
   * The friend accepts: the transfer leaves `pending` (only if still pending, theirs and in its
   * window), then the coupon moves to them under a fresh code, with both ledger entries and the
   * sender's 已送達 notice — one transaction.
   */
  async accept(caller: Actor | undefined, id: number, lang: Lang): Promise<TGiftView> {
    const me = requireRegisteredMember(caller);
    const now = Date.now();
    // The happy path is the one conditional update and the move; the reads that say why an
    // accept was refused happen only when it was.
    const accepted = await commitGrouped(this.db, (tx) => {
      const t = acceptTransfer(tx, { id, memberId: me.memberId, now });
      if (!t) throw this.whyNotAccepted(tx, id, me.memberId, now);
      const moved = this.moveToRecipient(tx, t, me.memberId, now);
      return { t, ...moved, sender: findMemberById(tx, t.senderMemberId) };
    });
    const { t, tpl, validUntil, sender } = accepted;
    const row: GiftListRow = { t, couponName: tpl.name, templateKind: tpl.kind, color: tpl.color, imageUrl: tpl.imageUrl, validUntil, couponMemberId: me.memberId, senderName: sender?.name ?? null, senderDisplayName: sender?.displayName ?? '' };
    return this.present(row, 'received', lang, tpl);
  }

  /** Why an accept's conditional update changed nothing, in the order a member should hear it. */
  private whyNotAccepted(tx: DbOrTx, id: number, memberId: number, now: number): AppError {
    const member = findMemberById(tx, memberId);
    if (!isVerified(member)) return new AppError('MOBILE_NOT_VERIFIED', { details: { verifyAt: '/profile' } });
    const found = findTransfer(tx, id);
    // Another's gift, or one sent to a number that is no longer this member's, answers like a missing one.
    if (!found || found.recipientMemberId !== memberId || found.recipientMobile !== member!.mobile) return new AppError('GIFT_NOT_FOUND');
    return notPending(found, now);
  }

  async decline(caller: Actor | undefined, id: number, lang: Lang): Promise<TGiftView> {
    const me = requireRegisteredMember(caller);
    const now = Date.now();
    await commitGrouped(this.db, (tx) => {
      this.findFor(tx, id, me.memberId, 'received');
      const t = resolveTransfer(tx, { id, state: 'declined', now, recipientMemberId: me.memberId });
      if (!t) throw notPending(findTransfer(tx, id)!, now);
      this.giveBack(tx, t, 'declined', now, { kind: 'member', id: String(me.memberId) });
    });
    return this.present(findGiftRow(this.db, id)!, 'received', lang);
  }

  /** The sender calls a pending gift back. */
  async cancel(caller: Actor | undefined, id: number, lang: Lang): Promise<TGiftView> {
    const me = requireRegisteredMember(caller);
    const now = Date.now();
    await commitGrouped(this.db, (tx) => {
      this.findFor(tx, id, me.memberId, 'sent');
      const t = resolveTransfer(tx, { id, state: 'cancelled', now, senderMemberId: me.memberId });
      if (!t) throw notPending(findTransfer(tx, id)!, now);
      this.giveBack(tx, t, 'cancelled', now, { kind: 'member', id: String(me.memberId) });
    });
    return this.present(findGiftRow(this.db, id)!, 'sent', lang);
  }

  /**
   * Returns one pending gift whose time is up (its window, or its coupon's expiry ahead): false
   * when it is no longer pending (accepted, declined, cancelled or returned by another run).
   */
  returnDue(tx: DbOrTx, t: TransferRow, now: number): boolean {
    const coupon = findCouponById(tx, t.giftCouponId);
    // Sent with returnAt capped by the coupon's expiry (a day ahead), or at the window's end.
    const reason = coupon && t.returnAt.getTime() >= coupon.validUntil.getTime() - EXPIRY_MARGIN_MS ? 'coupon_expiring' : 'window';
    const resolved = resolveTransfer(tx, { id: t.id, state: 'returned', now, returnReason: reason });
    if (!resolved) return false;
    this.giveBack(tx, resolved, 'returned', now, { kind: 'system', id: 'worker' });
    return true;
  }

  /** Due gifts after a cursor, for the return job. */
  dueReturns(db: DbOrTx, now: Date, afterId: number, limit: number): TransferRow[] {
    return listDueReturns(db, now, afterId, limit);
  }

  /** Tells friends whose gift returns within a day (once per gift). */
  remindDue(tx: DbOrTx, now: Date, limit: number): number {
    let reminded = 0;
    for (const t of listDueReminders(tx, now, REMIND_AHEAD_MS, limit)) {
      if (!markReminded(tx, t.id, now)) continue;
      const tpl = findTemplateById(tx, t.templateId)!;
      notify(tx, { memberId: t.recipientMemberId!, kind: 'gift_returning', variables: { couponName: bilingual(tpl.name, tpl.nameEn), senderName: nameOf(findMemberById(tx, t.senderMemberId)), returnAt: t.returnAt.toISOString() } });
      reminded += 1;
    }
    return reminded;
  }

  /**
   * In the transaction that verified a member's number (`member.mobile_verified`): the gifts
   * held for that number are now theirs to accept, and they are told.
   */
  onMobileVerified(tx: DbOrTx, event: EventOf<'member.mobile_verified'>): void {
    const held = attachRecipient(tx, event.mobile, event.memberId, event.at);
    for (const t of held) {
      const tpl = findTemplateById(tx, t.templateId)!;
      this.notifyReceived(tx, t, tpl, findMemberById(tx, t.senderMemberId)!);
    }
  }

  // ── console ────────────────────────────────────────────────────────────────────────

  settings(caller: Actor | undefined): TGiftSettings {
    requireAdmin(caller);
    return findSettings(this.db);
  }

  saveSettings(caller: Actor | undefined, input: TGiftSettings): TGiftSettings {
    const actor = requireAdmin(caller);
    transact(this.db, (tx) => {
      saveSettings(tx, input);
      writeAudit(tx, actor, { action: 'gift_settings.update', targetType: 'gift_settings', targetId: '1', details: { pendingDays: input.pendingDays } });
    });
    return findSettings(this.db);
  }

  /** The transfer log: who gave what to whom (numbers masked), its state and when. */
  log(caller: Actor | undefined, q: ConsoleQuery): TConsoleGiftPage {
    requireAdmin(caller);
    const pageSize = 50;
    const tz = this.config.brandTimezone;
    const { rows, total, byState } = listConsoleTransfers(
      this.db,
      { state: q.state, templateId: q.templateId, from: q.from ? zonedTime(q.from, 0, tz) : undefined, to: q.to ? zonedTime(q.to, 24 * 60, tz) : undefined },
      q.page,
      pageSize,
    );
    const ids = [...new Set(rows.flatMap((r) => [r.t.senderMemberId, ...(r.t.recipientMemberId ? [r.t.recipientMemberId] : [])]))];
    const people = new Map(findMembersByIds(this.db, ids).map((m) => [m.id, m]));
    const counts = { pending: 0, accepted: 0, declined: 0, cancelled: 0, returned: 0 } as Record<TransferState, number>;
    for (const s of byState) counts[s.state] = s.n;
    return {
      items: rows.map(({ t, couponName }) => {
        const sender = people.get(t.senderMemberId);
        const recipient = t.recipientMemberId ? people.get(t.recipientMemberId) : undefined;
        return {
          id: t.id,
          state: t.state,
          returnReason: t.returnReason,
          couponName,
          templateId: t.templateId,
          uses: t.uses,
          isPartial: t.isPartial,
          sender: { id: t.senderMemberId, name: nameOf(sender), mobile: sender?.mobile ? maskMobile(sender.mobile) : '' },
          recipient: { id: t.recipientMemberId, name: recipient ? nameOf(recipient) : null, mobile: maskMobile(t.recipientMobile) },
          sentAt: t.sentAt.toISOString(),
          returnAt: t.returnAt.toISOString(),
          resolvedAt: t.resolvedAt ? t.resolvedAt.toISOString() : null,
        };
      }),
      total,
      page: q.page,
      pageSize,
      byState: counts,
    };
  }

  // ── inside ─────────────────────────────────────────────────────────────────────────

  private verifiedMember(memberId: number): MemberRow & { mobile: string } {
    const member = findMemberById(this.db, memberId);
    if (!member || !isVerified(member)) throw new AppError('MOBILE_NOT_VERIFIED', { details: { verifyAt: '/profile' } });
    return member as MemberRow & { mobile: string };
  }

  /** The gift, if this member is its sender or (once known) its friend; another's answers like a missing one. */
  private findFor(tx: DbOrTx, id: number, memberId: number, side: 'sent' | 'received'): TransferRow {
    const t = findTransfer(tx, id);
    if (!t || (side === 'sent' ? t.senderMemberId : t.recipientMemberId) !== memberId) throw new AppError('GIFT_NOT_FOUND');
    return t;
  }

  /** For the mall (transfers/gift-sending.port.ts): a ticket bought as a gift goes to the friend by this flow, in the order's transaction. */
  readonly sending: GiftSending = {
    sendInTx: (tx, req) => {
      const coupon = findCouponById(tx, req.couponId);
      if (!coupon || coupon.memberId !== req.senderMemberId) throw new AppError('COUPON_NOT_FOUND');
      const sender = findMemberById(tx, req.senderMemberId)!;
      const t = findTemplateById(tx, coupon.templateId)!;
      const by: ActorRef = { kind: 'system', id: 'mall' };
      const giftCoupon = this.lockForGift(tx, coupon, t, undefined, req.now, by);
      const recipient = findMemberByMobile(tx, req.mobile);
      const recipientMemberId = recipient && recipient.mobileVerifiedAt !== null && recipient.registeredAt !== null ? recipient.id : null;
      const row = insertTransfer(tx, {
        sourceCouponId: coupon.id,
        giftCouponId: giftCoupon.id,
        templateId: t.id,
        senderMemberId: req.senderMemberId,
        recipientMobile: req.mobile,
        recipientMemberId,
        uses: giftCoupon.usesLeft,
        isPartial: false,
        giveNumber: this.givesOf(tx, coupon) + 1,
        message: req.message,
        returnAt: this.returnAtFor(giftCoupon.validUntil, req.now, tx),
        sentAt: req.now,
      });
      insertCouponEvent(tx, { couponId: giftCoupon.id, type: 'transfer_locked', at: req.now, uses: giftCoupon.usesLeft, actorKind: 'system', actorId: 'mall', details: { transferId: row.id } });
      if (recipientMemberId !== null) this.notifyReceived(tx, row, t, sender);
      publish(tx, { type: 'gift.sent', transferId: row.id, senderMemberId: req.senderMemberId, recipientMobile: req.mobile, recipientMemberId, at: req.now });
      return { transferId: row.id };
    },
  };

  /** For the wallet (coupons/gift-eligibility.port.ts): the send would be accepted now. */
  readonly eligibility: GiftEligibility = {
    canGive: (db, coupon, template, now) => template.transferable && coupon.status === 'active' && giftRefusal(coupon, template, this.givesOf(db, coupon), now) === null,
  };

  /** For mall refunds (mall/refund-ports.ts): a pending gift of a refunded ticket is called back in the refund's transaction. */
  readonly recall: PendingGiftRecall = {
    recallInTx: (tx, req) => {
      const pending = pendingTransferOfCoupon(tx, req.couponId);
      if (!pending || pending.senderMemberId !== req.senderMemberId) return false;
      const now = Date.now();
      const t = resolveTransfer(tx, { id: pending.id, state: 'cancelled', now, senderMemberId: req.senderMemberId, returnReason: req.reason });
      if (!t) return false;
      this.giveBack(tx, t, 'cancelled', now, { kind: 'system', id: 'mall' });
      return true;
    },
  };

  /** How many times this coupon has been given on (a part split off a coupon carries its count). */
  private givesOf(tx: DbOrTx, coupon: CouponRow): number {
    const latest = latestTransferOf(tx, coupon.id);
    if (!latest) return 0;
    return latest.state === 'accepted' ? latest.giveNumber : latest.giveNumber - 1;
  }

  /**
   * The coupon that travels, locked: the whole coupon (unused, unless the template allows
   * partial gifts), or `uses` split off it into a new coupon with the same dates — total uses
   * over both stay what they were, and the ledger shows both halves.
   */
  private lockForGift(tx: DbOrTx, coupon: CouponRow, t: CouponTemplateRow, uses: number | undefined, now: Date, by: ActorRef): CouponRow {
    const refuse = (reason: string, zh: string, en: string) => new AppError('GIFT_NOT_ALLOWED', { message: zh, messageEn: en, details: { reason } });
    const why = giftRefusal(coupon, t, this.givesOf(tx, coupon), now);
    if (why === 'NOT_TRANSFERABLE') throw refuse(why, '這張票券不開放轉贈', 'This coupon cannot be given to a friend');
    if (why === 'PENDING') throw new AppError('COUPON_TRANSFER_PENDING', { message: '這張票券正在轉贈中', messageEn: 'This coupon is already on its way to a friend' });
    if (why === 'NOT_ACTIVE') throw refuse(why, '這張票券已無法使用，不能轉贈', 'This coupon can no longer be used, so it cannot be given');
    if (why === 'EXPIRING') throw refuse(why, '這張票券即將到期，無法轉贈', 'This coupon expires too soon to be given');
    if (why === 'MAX_GIVES') throw refuse(why, t.maxTransfers === 1 ? '收到的禮物不能再轉贈' : `這張票券已轉贈 ${t.maxTransfers} 次，不能再轉贈`, 'This coupon has been given on as many times as allowed');
    const k = uses ?? coupon.usesLeft;
    if (!t.allowPartialTransfer && uses !== undefined && uses !== coupon.usesLeft) throw refuse('PARTIAL_NOT_ALLOWED', '這張票券只能整張轉贈', 'This coupon can only be given whole');
    if (why === 'NOT_UNUSED') throw refuse(why, '已使用過的票券不能轉贈', 'A coupon that was used cannot be given');
    if (k > coupon.usesLeft) throw new AppError('VALIDATION_FAILED', { message: `uses: 最多 ${coupon.usesLeft} 次`, messageEn: `uses: at most ${coupon.usesLeft}`, field: 'uses' });
    const nowMs = now.getTime();
    if (k === coupon.usesLeft) {
      if (!lockCoupon(tx, { couponId: coupon.id, memberId: coupon.memberId, now: nowMs, allowUsed: t.allowPartialTransfer })) throw changed();
      return { ...coupon, status: 'transferring' };
    }
    if (!splitUses(tx, { couponId: coupon.id, memberId: coupon.memberId, uses: k, now: nowMs })) throw changed();
    const part = this.insertPart(tx, t, { templateId: coupon.templateId, memberId: coupon.memberId, usesTotal: k, usesLeft: k, validFrom: coupon.validFrom, validUntil: coupon.validUntil, source: 'gift_split', sourceRef: String(coupon.id), issuedAt: now, updatedAt: now });
    holdCoupon(tx, part.id, now);
    insertCouponEvent(tx, { couponId: coupon.id, type: 'split_out', at: now, uses: k, actorKind: by.kind, actorId: by.id, details: { toCouponId: part.id } });
    insertCouponEvent(tx, { couponId: part.id, type: 'split_in', at: now, uses: k, actorKind: by.kind, actorId: by.id, details: { fromCouponId: coupon.id } });
    return { ...part, status: 'transferring' };
  }

  private insertPart(tx: DbOrTx, t: CouponTemplateRow, row: Omit<CouponRow, 'id' | 'status' | 'code'>): CouponRow {
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
      try {
        return insertCoupon(tx, { ...row, code: generateCode(t.codePattern, secureIndex) });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CODE_TAKEN')) throw error;
      }
    }
    throw new AppError('CODE_TAKEN');
  }

  /** The window's end, or a day before the coupon expires when that comes first. */
  private returnAtFor(validUntil: Date, now: Date, tx: DbOrTx): Date {
    return new Date(Math.min(now.getTime() + this.windowMs(tx), validUntil.getTime() - EXPIRY_MARGIN_MS));
  }

  private windowMs(db: DbOrTx): number {
    return findSettings(db).pendingDays * DAY_MS;
  }

  /**
   * The accepted gift's coupon becomes the friend's (a fresh code for generated codes), with both
   * ledger entries and the 已送達 notice. Returns the template and the coupon's end of validity
   * (for the answer, so it need not be read again).
   */
  private moveToRecipient(tx: DbOrTx, t: TransferRow, recipientId: number, now: number): { tpl: CouponTemplateRow; validUntil: Date } {
    const tpl = findTemplateById(tx, t.templateId)!;
    let moved: { validUntil: Date } | undefined;
    for (let attempt = 0; attempt < CODE_ATTEMPTS && !moved; attempt += 1) {
      // Imported partner codes stay what the partner issued; generated ones change, as the sender saw the old code.
      const code = tpl.codeMode === 'pattern' ? generateCode(tpl.codePattern, secureIndex) : null;
      try {
        moved = moveCoupon(tx, { couponId: t.giftCouponId, fromMemberId: t.senderMemberId, toMemberId: recipientId, code, now });
        if (!moved) throw new AppError('GIFT_NOT_PENDING', { message: '這份禮物的票券已無法轉贈', messageEn: 'The coupon of this gift can no longer be given' });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CODE_TAKEN')) throw error;
      }
    }
    if (!moved) throw new AppError('CODE_TAKEN');
    const at = new Date(now);
    insertCouponEvent(tx, { couponId: t.giftCouponId, type: 'transferred_out', at, uses: t.uses, actorKind: 'member', actorId: String(recipientId), details: { transferId: t.id, fromMemberId: t.senderMemberId } });
    insertCouponEvent(tx, { couponId: t.giftCouponId, type: 'transferred_in', at, uses: t.uses, actorKind: 'member', actorId: String(recipientId), details: { transferId: t.id, toMemberId: recipientId } });
    notify(tx, { memberId: t.senderMemberId, kind: 'coupon_transferred', variables: { couponName: bilingual(tpl.name, tpl.nameEn), recipientName: maskMobile(t.recipientMobile) } });
    publish(tx, { type: 'gift.accepted', transferId: t.id, couponId: t.giftCouponId, senderMemberId: t.senderMemberId, recipientMemberId: recipientId, uses: t.uses, at });
    return { tpl, validUntil: moved.validUntil };
  }

  /** The held coupon is the sender's to use again (a part split off stays its own coupon with its uses). */
  private giveBack(tx: DbOrTx, t: TransferRow, state: 'declined' | 'cancelled' | 'returned', now: number, by: ActorRef): void {
    releaseCoupon(tx, t.giftCouponId, now);
    const at = new Date(now);
    insertCouponEvent(tx, { couponId: t.giftCouponId, type: 'transfer_unlocked', at, uses: t.uses, actorKind: by.kind, actorId: by.id, details: { transferId: t.id, state } });
    if (state !== 'cancelled') {
      const tpl = findTemplateById(tx, t.templateId)!;
      notify(tx, { memberId: t.senderMemberId, kind: state === 'declined' ? 'gift_declined' : 'gift_returned', variables: { couponName: bilingual(tpl.name, tpl.nameEn), recipientName: maskMobile(t.recipientMobile) } });
    }
    publish(tx, { type: 'gift.returned', transferId: t.id, couponId: t.giftCouponId, senderMemberId: t.senderMemberId, state, at });
  }

  private notifyReceived(tx: DbOrTx, t: TransferRow, tpl: CouponTemplateRow, sender: MemberRow): void {
    const coupon = findCouponById(tx, t.giftCouponId)!;
    // validUntil is the first instant it no longer works: the notice names its last day, as the wallet does.
    notify(tx, { memberId: t.recipientMemberId!, kind: 'gift_received', variables: { couponName: bilingual(tpl.name, tpl.nameEn), senderName: nameOf(sender), ...(isNoExpiry(coupon.validUntil) ? {} : { expiresAt: new Date(coupon.validUntil.getTime() - 1).toISOString() }) } });
  }

  /** What the sender shares through LINE: the same for every number. */
  private shareFor(t: CouponTemplateRow, sender: MemberRow, gift: TGiftView, lang: Lang): TSendGiftResponse['share'] {
    const url = this.links.liff('/gifts');
    const who = nameOf(sender);
    const text =
      lang === 'zh-TW'
        ? `${who} 送你一份禮物：「${t.name}」！用這支手機號碼加入${this.config.brandName}會員並完成驗證，就能收下：${url}`
        : `${who} sent you a gift: "${localized(t.name, t.nameEn, 'en')}"! Join ${this.config.brandName} with this mobile number and verify it to accept: ${url}`;
    return { url, text: gift.message ? `${text}\n「${gift.message}」` : text };
  }

  private present(r: GiftListRow, direction: 'sent' | 'received', lang: Lang, template?: CouponTemplateRow): TGiftView {
    const t = r.t;
    const tpl = template ?? findTemplateById(this.db, t.templateId)!;
    // The coupon to open: the viewer's own only (the sender's while pending or back, the friend's once accepted).
    const viewer = direction === 'sent' ? t.senderMemberId : t.recipientMemberId;
    const couponId = r.couponMemberId === viewer ? t.giftCouponId : null;
    return {
      id: t.id,
      direction,
      state: t.state,
      returnReason: t.returnReason,
      coupon: { id: couponId, name: localized(r.couponName, tpl.nameEn, lang), summary: summarizeRules(rulesOf(tpl), lang), color: r.color, imageUrl: r.imageUrl, uses: t.uses, validUntil: r.validUntil.toISOString() },
      message: t.message,
      counterpart: direction === 'sent' ? maskMobile(t.recipientMobile) : (r.senderName ?? r.senderDisplayName),
      isPartial: t.isPartial,
      sentAt: t.sentAt.toISOString(),
      returnAt: t.returnAt.toISOString(),
      resolvedAt: t.resolvedAt ? t.resolvedAt.toISOString() : null,
    };
  }
}

/**
 * Why this coupon cannot be given now, or null when it can (the sender's choice of uses is
 * checked apart). One rule for the send and for the wallet's 「可轉贈」 and 「送給好友」.
 */
export function giftRefusal(coupon: CouponRow, t: CouponTemplateRow, gives: number, now: Date): 'NOT_TRANSFERABLE' | 'PENDING' | 'NOT_ACTIVE' | 'EXPIRING' | 'MAX_GIVES' | 'NOT_UNUSED' | null {
  if (!t.transferable) return 'NOT_TRANSFERABLE';
  if (coupon.status === 'transferring') return 'PENDING';
  if (coupon.status !== 'active' || coupon.usesLeft <= 0 || coupon.validUntil.getTime() <= now.getTime()) return 'NOT_ACTIVE';
  if (coupon.validUntil.getTime() - EXPIRY_MARGIN_MS <= now.getTime()) return 'EXPIRING';
  if (gives >= t.maxTransfers) return 'MAX_GIVES';
  if (!t.allowPartialTransfer && coupon.usesLeft !== coupon.usesTotal) return 'NOT_UNUSED';
  return null;
}

function isVerified(member: MemberRow | undefined): boolean {
  return !!member && member.mobile !== null && member.mobileVerifiedAt !== null;
}

function nameOf(member: { name: string | null; displayName: string } | undefined): string {
  return member?.name ?? member?.displayName ?? '';
}

function changed(): AppError {
  return new AppError('CONFLICT', { message: '票券狀態剛剛變更，請重新整理後再試', messageEn: 'The coupon just changed; reload and try again' });
}

/** Why a step found the gift no longer pending (or past its window). */
function notPending(t: TransferRow, now: number): AppError {
  if (t.state === 'pending' && t.returnAt.getTime() <= now) return new AppError('GIFT_NOT_PENDING', { message: '這份禮物已超過收下期限', messageEn: 'The time to accept this gift has passed', details: { state: 'returning' } });
  return new AppError('GIFT_NOT_PENDING', { details: { state: t.state } });
}

