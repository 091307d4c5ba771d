import type { webhook } from '@line/bot-sdk';
import { userIdOf, type EventHandler } from './types.ts';

/** Unfollow means the user blocked the account: mark them blocked so nothing is pushed. */
export const handleUnfollow: EventHandler<webhook.UnfollowEvent> = async (event, ctx) => {
  const userId = userIdOf(event);
  if (!userId) return;
  const member = ctx.members.recordUnfollow(userId, new Date(event.timestamp));
  ctx.log.info({ memberId: member?.id ?? null }, 'member blocked the account');
};
