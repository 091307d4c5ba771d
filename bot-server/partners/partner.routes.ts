import { Router, type Request, type Response } from 'express';
import { AppError } from '../../shared/errors.ts';
import { ZPartnerNotificationRequest } from '../../shared/api/notifications.ts';
import type { Actor } from '../auth/actor.ts';
import { validate } from '../http/validate.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { ZIdempotencyKey } from './idempotency.repo.ts';

function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!ZIdempotencyKey.test(key)) {
    throw new AppError('VALIDATION_FAILED', { message: 'Idempotency-Key: 8–128 個英數字或 . _ : -', messageEn: 'Idempotency-Key: 8–128 letters, digits or . _ : -', field: 'Idempotency-Key' });
  }
  return key;
}

/** The partner API: third-party systems (reservations, e-commerce, subscriptions) notify members. */
export function createPartnerRouter(deps: { notifications: NotificationService }): Router {
  const router = Router();
  router.post('/partner/notifications', (req: Request, res: Response) => {
    const actor = res.locals.actor as Actor | undefined;
    const key = idempotencyKeyOf(req);
    const body = validate(ZPartnerNotificationRequest, req.body ?? {});
    const result = deps.notifications.requestFromPartner(actor, body, key);
    res.status(result.status).json(result.body);
  });
  router.get('/partner/notifications/:id', (req: Request, res: Response) => {
    res.json(deps.notifications.partnerStatus(res.locals.actor as Actor | undefined, String(req.params.id)));
  });
  return router;
}
