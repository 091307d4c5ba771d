import type { Lang } from '../../shared/coupons/rules.ts';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { CouponCatalogue } from './catalogue.service.ts';
import { CouponCodesCsv } from './codes-csv.service.ts';
import type { BatchRequest, CouponIssuer, IssuedCoupon, IssueRequest } from './issuing.port.ts';
import { CouponIssuing } from './issuing.service.ts';
import { CounterRedemptions } from './redemption.service.ts';
import { CouponWallet } from './wallet.service.ts';

/**
 * The coupons domain, assembled: each part changes for its own reasons and shares only the
 * catalogue (templates and store names, cached).
 * - `catalogue`  templates (console) and the reference-data cache
 * - `issuing`    issuing (the CouponIssuer port other domains get), voiding, the console's list
 * - `redemption` the counter and the POS: validate, redeem, undo/void, today's list
 * - `wallet`     the member's coupons and QR tokens
 * - `codes`      CSV export of issued codes, import of a partner's codes
 * The class is also a CouponIssuer (delegating to `issuing`), for callers that hold the whole.
 */
export class CouponService implements CouponIssuer {
  readonly catalogue: CouponCatalogue;
  readonly issuing: CouponIssuing;
  readonly redemption: CounterRedemptions;
  readonly wallet: CouponWallet;
  readonly codes: CouponCodesCsv;

  constructor(deps: { db: Db; config: Config; qrSecret: Buffer }) {
    this.catalogue = new CouponCatalogue({ db: deps.db, timeZone: deps.config.brandTimezone });
    this.issuing = new CouponIssuing({ db: deps.db, config: deps.config, catalogue: this.catalogue });
    this.redemption = new CounterRedemptions({ db: deps.db, config: deps.config, qrSecret: deps.qrSecret, catalogue: this.catalogue });
    this.wallet = new CouponWallet({ db: deps.db, qrSecret: deps.qrSecret, catalogue: this.catalogue });
    this.codes = new CouponCodesCsv({ db: deps.db, catalogue: this.catalogue });
  }

  issueInTx(tx: DbOrTx, req: IssueRequest): IssuedCoupon {
    return this.issuing.issueInTx(tx, req);
  }

  issueBatchInTx(tx: DbOrTx, items: { templateId: number; quantity: number }[], memberIds: number[], req: BatchRequest): Map<number, IssuedCoupon[]> | null {
    return this.issuing.issueBatchInTx(tx, items, memberIds, req);
  }

  templateName(templateId: number, lang: Lang = 'zh-TW'): string {
    return this.issuing.templateName(templateId, lang);
  }

  describeTemplate(templateId: number, lang: Lang) {
    return this.issuing.describeTemplate(templateId, lang);
  }

  voidUnusedInTx(tx: DbOrTx, couponId: number, reason: string, actor: Actor): boolean {
    return this.issuing.voidUnusedInTx(tx, couponId, reason, actor);
  }

  voidForRefundInTx(tx: DbOrTx, req: { couponId: number; memberId: number; usesLeft: number; reason: string; actor: Actor }): boolean {
    return this.issuing.voidForRefundInTx(tx, req);
  }
}
