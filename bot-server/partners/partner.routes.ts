import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { bind } from '../http/route.ts';
import type { NotificationService } from '../notifications/notification.service.ts';

/** The partner API: third-party systems (reservations, e-commerce, subscriptions) notify members. */
export function createPartnerRouter(deps: { notifications: NotificationService }): Router {
  const router = Router();
  bind(router, api.partnerNotify, ({ actor, input, idempotencyKey, res }) => {
    const result = deps.notifications.requestFromPartner(actor, input, idempotencyKey);
    res.status(result.status);
    return result.body;
  });
  bind(router, api.partnerNotificationStatus, ({ actor, params }) => deps.notifications.partnerStatus(actor, params.id!));
  return router;
}
