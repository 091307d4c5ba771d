import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, requireIdParam as id } from '../http/route.ts';
import type { TransferService } from './transfer.service.ts';

/** Gifts: the member's send form and inbox, and the console's settings and transfer log. */
export function createTransferRouter(deps: { transfers: TransferService }): Router {
  const { transfers } = deps;
  const router = Router();
  bind(router, api.giftSend, ({ actor, input, idempotencyKey, req }) => transfers.send(actor, input, { idempotencyKey, lang: preferredLang(req) }), { status: 201 });
  bind(router, api.giftList, ({ actor, input, req }) => transfers.list(actor, input.tab, preferredLang(req)));
  bind(router, api.giftAccept, ({ actor, params, req }) => transfers.accept(actor, id(params), preferredLang(req)));
  bind(router, api.giftDecline, ({ actor, params, req }) => transfers.decline(actor, id(params), preferredLang(req)));
  bind(router, api.giftCancel, ({ actor, params, req }) => transfers.cancel(actor, id(params), preferredLang(req)));
  bind(router, api.consoleGiftSettings, ({ actor }) => transfers.settings(actor));
  bind(router, api.consoleSaveGiftSettings, ({ actor, input }) => transfers.saveSettings(actor, input));
  bind(router, api.consoleGifts, ({ actor, input }) => transfers.log(actor, input));
  return router;
}
