import type { webhook } from '@line/bot-sdk';
import { welcomeMessage } from '../flex/bot-replies.ts';
import { userIdOf, type EventHandler } from './types.ts';

/** Follow or unblock: create or reactivate the member with their LINE profile, then welcome them. */
export const handleFollow: EventHandler<webhook.FollowEvent> = async (event, ctx) => {
  const userId = userIdOf(event);
  if (!userId) return;
  const profile = await ctx.line.getProfile(userId);
  const { member, isNew } = ctx.members.recordFollow(userId, profile, new Date(event.timestamp));
  ctx.log.info({ memberId: member.id, isNew, isUnblocked: event.follow?.isUnblocked ?? false }, 'member followed');
  if (!event.replyToken) return;
  await ctx.line.reply(event.replyToken, [
    welcomeMessage({
      brandName: ctx.config.brandName,
      displayName: member.name ?? member.displayName,
      registered: member.registeredAt !== null,
      registerUrl: ctx.links.liff('/register'),
      walletUrl: ctx.links.liff('/wallet'),
      offers: ctx.describeWelcome?.() ?? { welcomeGift: null, birthdayGift: null, points: false },
    }),
  ]);
};
