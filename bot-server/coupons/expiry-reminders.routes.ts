import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { bind } from '../http/route.ts';
import type { CouponExpiryReminders } from './expiry-reminders.ts';

/** The console's coupon expiry reminder settings. */
export function createCouponRemindersRouter(deps: { reminders: CouponExpiryReminders }): Router {
  const router = Router();
  bind(router, api.consoleCouponReminders, ({ actor }) => deps.reminders.getSettings(actor));
  bind(router, api.consoleSaveCouponReminders, ({ actor, input }) => deps.reminders.saveSettings(actor, input));
  return router;
}
