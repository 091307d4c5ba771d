import { KINDS } from '../../shared/notifications/kinds.ts';
import type { DbOrTx } from '../db/client.ts';
import { publish } from '../events/bus.ts';
import { enqueueNotification, revisePendingVariables, skipPendingNotification, type NotificationRequest } from './outbox.repo.ts';

/**
 * Asks for a notification in the caller's transaction (the transactional outbox: the state
 * change and its notification commit or roll back together) and publishes
 * `notification.enqueued`, whose after-commit hook wakes the dispatcher. Every domain that
 * notifies a member calls this, not the outbox repo.
 */
export function notify(tx: DbOrTx, request: NotificationRequest): { id: string } {
  const { id } = enqueueNotification(tx, request);
  publish(tx, {
    type: 'notification.enqueued',
    notificationId: id,
    memberId: request.memberId,
    kind: request.kind,
    priority: request.priority ?? KINDS[request.kind].priority,
    dueAt: request.dueAt ?? new Date(),
  });
  return { id };
}

/** Stops a notification that has not been sent yet (e.g. the "redeemed" one of an undone redemption). */
export function cancelPendingNotification(tx: DbOrTx, id: string, reason: string): boolean {
  return skipPendingNotification(tx, id, reason);
}

/**
 * Rewrites what a notification not sent yet will say (an expiry reminder listing several
 * coupons, after one of them was used): false once the dispatcher has taken it.
 */
export function revisePendingNotification(tx: DbOrTx, id: string, variables: Record<string, unknown>): boolean {
  return revisePendingVariables(tx, id, variables);
}

export type { NotificationRequest };
