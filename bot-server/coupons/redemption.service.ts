import { randomUUID } from 'node:crypto';
import { bilingual } from '../../shared/i18n/localized.ts';
import type { TRedemptionView, TValidation } from '../../shared/api/coupons.ts';
import { normalizeCode } from '../../shared/coupons/codes.ts';
import { evaluateCoupon, type Basket, type Lang, type Verdict } from '../../shared/coupons/rules.ts';
import { localDate, zonedTime } from '../../shared/dates.ts';
import { passDay } from '../../shared/coupons/pass.ts';
import { returnPassDayUses, takePassDayUses } from './pass.repo.ts';
import { AppError } from '../../shared/errors.ts';
import { actorRef, type Actor } from '../auth/actor.ts';
import { authorizeCounter, authorizeReversal, authorizeStaffAtCounter, type CounterProof, type ReversalProof } from '../auth/policies.ts';
import type { Config } from '../config.ts';
import { type Db, type DbOrTx } from '../db/client.ts';
import { commitGrouped } from '../db/group-commit.ts';
import { publish } from '../events/bus.ts';
import { findIdempotentResult, requestHash, storeIdempotentResult } from '../idempotency/idempotency.repo.ts';
import { Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';
import { findMemberById } from '../members/member.repo.ts';
import { cancelPendingNotification, notify } from '../notifications/notify.ts';
import type { CouponCatalogue } from './catalogue.service.ts';
import { findCouponByCode, findCouponById, findRedemption, insertCouponEvent, insertRedemption, listStoreRedemptions, prepareTakeUses, restoreUses, voidRedemptionRow, type CouponRow, type RedemptionRow } from './coupon.repo.ts';
import { memberNameOf, presentRedemption, presentVerdict, rulesOf, UNDO_WINDOW_MS } from './presenters.ts';
import { looksLikeRotatingCode, verifyRotatingCode } from '../auth/rotating-code.ts';
import { looksLikeQrToken, verifyQrToken } from './qr-token.ts';

export interface CounterInput {
  storeId: number;
  code: string;
  orderAmount?: number | undefined;
  lines?: { sku: string; category?: string | undefined; unitPrice: number; quantity: number }[] | undefined;
}

/**
 * Redemption at the counter (the staff scanner) and by a POS: validate, redeem, undo or void,
 * today's list. Every operation at a counter takes a CounterProof from authorize(): the
 * policies module decides who may work which store's counter, once.
 */
export class CounterRedemptions {
  private readonly db: Db;
  private readonly config: Config;
  private readonly qrSecret: Buffer;
  private readonly catalogue: CouponCatalogue;
  private readonly takeUses: ReturnType<typeof prepareTakeUses>;
  /** Unknown codes at the counter lock out the staff member or POS key that typed them (LOCKOUTS.counterActor). */
  private readonly misses: Lockout;

  constructor(deps: { db: Db; config: Config; qrSecret: Buffer; catalogue: CouponCatalogue }) {
    this.db = deps.db;
    this.config = deps.config;
    this.qrSecret = deps.qrSecret;
    this.catalogue = deps.catalogue;
    this.takeUses = prepareTakeUses(deps.db);
    this.misses = new Lockout(deps.db, LOCKOUTS.counterActor);
  }

  /** The caller at this store's counter (staff, admin, POS key), or the refusal. */
  authorize(caller: Actor | undefined, storeId: number): CounterProof {
    return authorizeCounter(caller, storeId, this.catalogue);
  }

  /** The same, for what only people at the counter do (today's list), not POS keys. */
  authorizeStaff(caller: Actor | undefined, storeId: number): CounterProof {
    return authorizeStaffAtCounter(caller, storeId, this.catalogue);
  }

  validate(counter: CounterProof, input: CounterInput, lang: Lang): TValidation {
    const coupon = this.resolve(counter.actor, input.code);
    const verdict = this.evaluate(coupon, counter.storeId, input, new Date());
    const member = findMemberById(this.db, coupon.memberId);
    return { coupon: this.catalogue.couponView(coupon, lang), member: { name: memberNameOf(member) }, verdict: this.verdict(verdict, lang) };
  }

  /**
   * Redeems uses of a coupon: the rule verdict first, then one conditional update in a
   * transaction with the redemption row, the ledger entry and the owner's notification.
   * With an idempotency key a replay answers the first result.
   */
  async redeem(counter: CounterProof, input: CounterInput & { uses: number }, options: { idempotencyKey?: string | undefined; lang: Lang }): Promise<{ status: number; body: TRedemptionView }> {
    const { actor, storeId } = counter;
    if (input.storeId !== storeId) throw new AppError('FORBIDDEN');
    const scope = `redeem:${guessKey(actor)}`;
    const hash = options.idempotencyKey ? requestHash(input) : '';
    if (options.idempotencyKey) {
      const previous = findIdempotentResult(this.db, scope, options.idempotencyKey, hash);
      if (previous) return { status: previous.status, body: previous.response as TRedemptionView };
    }
    const coupon = this.resolve(actor, input.code);
    const now = new Date();
    // A pass's uses left today: read once, for the verdict and the check on the uses asked for.
    const dayLeft = this.catalogue.dayUsesLeft(coupon, now);
    const verdict = this.evaluate(coupon, storeId, input, now, dayLeft);
    if (!verdict.ok) {
      const view = this.verdict(verdict, options.lang);
      const code = verdict.reason === 'USED_UP' ? 'COUPON_ALREADY_USED' : verdict.reason === 'TRANSFER_PENDING' ? 'COUPON_TRANSFER_PENDING' : verdict.reason === 'USED_TODAY' ? 'PASS_USED_TODAY' : 'COUPON_NOT_USABLE';
      throw new AppError(code, { message: view.message, messageEn: this.verdict(verdict, 'en').message, details: { reason: verdict.reason, shortBy: view.shortBy } });
    }
    // A rule that depends on the amount (minimum spend, percent off, named items) is not redeemed blind.
    if (verdict.discount === null && verdict.kind !== 'exchange') {
      throw new AppError('COUPON_NOT_USABLE', {
        message: '請輸入本次消費金額，才能計算折扣並確認門檻',
        messageEn: 'Enter the order amount so the discount and minimum spend can be checked',
        field: 'orderAmount',
        details: { reason: 'AMOUNT_REQUIRED' },
      });
    }
    if (input.uses > coupon.usesLeft) {
      throw new AppError('COUPON_NOT_USABLE', { message: `此票券只剩 ${coupon.usesLeft} 次`, messageEn: `Only ${coupon.usesLeft} uses left`, details: { reason: 'NOT_ENOUGH_USES' } });
    }
    const t = this.catalogue.template(coupon.templateId);
    if (dayLeft !== undefined && input.uses > dayLeft) {
      throw new AppError('COUPON_NOT_USABLE', { message: `此方案今日只剩 ${dayLeft} 次`, messageEn: `Only ${dayLeft} left today on this pass`, details: { reason: 'NOT_ENOUGH_USES_TODAY' } });
    }
    const storeName = this.catalogue.storeName(storeId);
    const id = randomUUID();
    const body = await commitGrouped(this.db, (tx) => {
      if (options.idempotencyKey) {
        const previous = findIdempotentResult(tx, scope, options.idempotencyKey, hash);
        if (previous) return previous.response as TRedemptionView;
      }
      // A pass's day allowance first: one conditional upsert, so a second counter the same brand day loses.
      if (t.pass && !takePassDayUses(tx, coupon.id, passDay(now, this.config.brandTimezone), input.uses, t.pass.usesPerDay)) {
        throw new AppError('PASS_USED_TODAY', { details: { reason: 'USED_TODAY' } });
      }
      const taken = this.takeUses.get({ id: coupon.id, uses: input.uses, now: now.getTime() });
      if (!taken) {
        // A gift sent between the verdict and this update locked the coupon (status `transferring`).
        if (findCouponById(tx, coupon.id)?.status === 'transferring') throw new AppError('COUPON_TRANSFER_PENDING', { details: { reason: 'TRANSFER_PENDING' } });
        throw new AppError('COUPON_ALREADY_USED', { message: '此票券剛剛已被使用，剩餘次數不足', messageEn: 'This coupon was just used; not enough uses left' });
      }
      const discount = verdict.discount;
      const channel = actor.kind === 'apiKey' ? 'pos' : 'scanner';
      const orderAmount = input.orderAmount ?? (input.lines ? input.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0) : null);
      const by = actorRef(actor);
      insertRedemption(tx, {
        id,
        couponId: coupon.id,
        storeId,
        uses: input.uses,
        discount,
        orderAmount,
        channel,
        staffMemberId: actor.kind === 'member' ? actor.memberId : null,
        apiKeyId: actor.kind === 'apiKey' ? actor.keyId : null,
        createdAt: now,
      });
      insertCouponEvent(tx, { couponId: coupon.id, type: 'redeemed', at: now, uses: input.uses, storeId, actorKind: by.kind, actorId: by.id, redemptionId: id, details: { discount } });
      // The outbox row shares the redemption's id, so an undo can still stop it.
      notify(tx, {
        id,
        memberId: coupon.memberId,
        kind: 'coupon_redeemed',
        variables: { couponName: bilingual(t.name, t.nameEn), storeName: bilingual(storeName, this.catalogue.storeName(storeId, 'en')), redeemedAt: now.toISOString(), usesLeft: taken.usesLeft, ...redemptionExtras(discount, this.catalogue.stores().find((s) => s.id === storeId)?.address) },
      });
      publish(tx, { type: 'coupon.redeemed', redemptionId: id, couponId: coupon.id, templateId: coupon.templateId, memberId: coupon.memberId, storeId, uses: input.uses, usesLeft: taken.usesLeft, discount, orderAmount, channel, actor: by, at: now });
      const view = presentRedemption({
        // The answer names the amount as the counter told it (lines are not summed into it).
        redemption: { id, couponId: coupon.id, storeId, uses: input.uses, discount, orderAmount: input.orderAmount ?? null, channel, createdAt: now, voidedAt: null },
        couponName: t.name,
        code: coupon.code,
        memberName: memberNameOf(findMemberById(tx, coupon.memberId)),
        storeName,
        usesLeft: taken.usesLeft,
        unit: t.unit,
      });
      if (options.idempotencyKey) storeIdempotentResult(tx, scope, options.idempotencyKey, hash, 201, view);
      return view;
    });
    return { status: 201, body };
  }

  /**
   * Undo (staff, within 10 minutes) or void (POS, any time): the uses come back, the ledger
   * records it, and a redeemed-notification not yet sent is stopped — nobody is told twice.
   */
  async reverse(caller: Actor | undefined, redemptionId: string, reason: string): Promise<TRedemptionView> {
    if (!caller) throw new AppError('UNAUTHENTICATED');
    const now = new Date();
    const r = await commitGrouped(this.db, (tx) => {
      const found = findRedemption(tx, redemptionId);
      if (!found) throw new AppError('NOT_FOUND', { message: '找不到這筆核銷', messageEn: 'No such redemption' });
      const proof = authorizeReversal(caller, found, { now, undoWindowMs: UNDO_WINDOW_MS });
      this.reverseInTx(tx, proof, found, reason, now);
      return findRedemption(tx, redemptionId)!;
    });
    const coupon = findCouponById(this.db, r.couponId)!;
    return presentRedemption({
      redemption: r,
      couponName: this.catalogue.templateName(coupon.templateId),
      code: coupon.code,
      memberName: memberNameOf(findMemberById(this.db, coupon.memberId)),
      storeName: this.catalogue.storeName(r.storeId),
      usesLeft: coupon.usesLeft,
      unit: this.catalogue.template(coupon.templateId).unit,
    });
  }

  /** Gives the uses back once (a second reversal of the same redemption changes nothing). */
  private reverseInTx(tx: DbOrTx, proof: ReversalProof, r: RedemptionRow, reason: string, now: Date): void {
    if (!voidRedemptionRow(tx, r.id, reason, now)) return;
    restoreUses(tx, r.couponId, r.uses, now);
    const coupon = findCouponById(tx, r.couponId)!;
    const template = this.catalogue.template(coupon.templateId);
    if (template.pass) returnPassDayUses(tx, r.couponId, passDay(r.createdAt, this.config.brandTimezone), r.uses);
    const by = actorRef(proof.actor);
    insertCouponEvent(tx, { couponId: r.couponId, type: 'redemption_voided', at: now, uses: r.uses, storeId: r.storeId, actorKind: by.kind, actorId: by.id, redemptionId: r.id, details: { reason } });
    cancelPendingNotification(tx, r.id, 'redemption undone before sending');
    publish(tx, { type: 'coupon.redemption_reversed', redemptionId: r.id, couponId: r.couponId, memberId: coupon.memberId, storeId: r.storeId, uses: r.uses, discount: r.discount, reason, actor: by, at: now });
  }

  /** Today's (brand time) redemptions at a store, newest first, for the scanner. */
  today(counter: CounterProof): TRedemptionView[] {
    const since = zonedTime(localDate(new Date(), this.config.brandTimezone), 0, this.config.brandTimezone);
    return listStoreRedemptions(this.db, counter.storeId, since).map((row) =>
      presentRedemption({ redemption: row.r, couponName: row.couponName, code: row.code, memberName: row.memberName ?? row.memberDisplayName, storeName: row.storeName, usesLeft: row.usesLeft, unit: row.unit }),
    );
  }

  private verdict(v: Verdict, lang: Lang) {
    return presentVerdict(v, lang, this.config.brandTimezone, this.catalogue.storeName);
  }

  private evaluate(coupon: CouponRow, storeId: number, input: CounterInput, at: Date, dayUsesLeft = this.catalogue.dayUsesLeft(coupon, at)): Verdict {
    const t = this.catalogue.template(coupon.templateId);
    const basket: Basket | undefined = input.lines ? { lines: input.lines } : input.orderAmount !== undefined ? { subtotal: input.orderAmount } : undefined;
    return evaluateCoupon({ rules: rulesOf(t), coupon: { ...coupon, dayUsesLeft }, storeId, at, timeZone: this.config.brandTimezone, basket });
  }

  /**
   * A typed or scanned code, or a rotating QR token, to its coupon. Unknown codes count as
   * guesses of the caller alone (the staff member or the POS key), so one till's typos never
   * stop another till or a colleague at the same store. Staff and keys are granted by an
   * admin, not self-made, so there is no IP backstop here.
   */
  private resolve(caller: Actor, input: string): CouponRow {
    const guesser = guessKey(caller);
    this.misses.check(guesser);
    const value = input.trim();
    if (looksLikeQrToken(value)) {
      const verdict = verifyQrToken(this.qrSecret, value);
      if (!verdict.ok) {
        if (verdict.reason === 'EXPIRED') throw new AppError('QR_EXPIRED');
        throw this.missed(guesser);
      }
      const coupon = findCouponById(this.db, verdict.couponId);
      if (!coupon) throw new AppError('COUPON_NOT_FOUND');
      return coupon;
    }
    // The rotating numeric code (barcode or typed); a static code of the same shape still resolves below.
    if (looksLikeRotatingCode(value, 'coupon')) {
      const verdict = verifyRotatingCode(this.qrSecret, 'coupon', value);
      if (verdict.ok) {
        const coupon = findCouponById(this.db, verdict.id);
        if (coupon) return coupon;
      }
      if (!verdict.ok && verdict.reason === 'EXPIRED' && !findCouponByCode(this.db, normalizeCode(value))) throw new AppError('QR_EXPIRED');
    }
    const coupon = findCouponByCode(this.db, normalizeCode(value));
    if (!coupon) throw this.missed(guesser);
    return coupon;
  }

  /** Counts an unknown code; the answer is 429 once the caller is locked out. */
  private missed(guesser: string): AppError {
    const lockedMs = this.misses.miss(guesser);
    return lockedMs > 0 ? this.misses.error(lockedMs) : new AppError('COUPON_NOT_FOUND');
  }
}

function guessKey(caller: Actor): string {
  return caller.kind === 'apiKey' ? `key:${caller.keyId}` : caller.kind === 'member' ? `member:${caller.memberId}` : 'system';
}

/** The redeemed notice's optional variables: the discount taken (「折抵 NT$50」) and the store's address; left out when unknown. */
function redemptionExtras(discount: number | null, storeAddress: string | undefined): Record<string, unknown> {
  return { ...(discount ? { discount } : {}), ...(storeAddress ? { storeAddress } : {}) };
}
