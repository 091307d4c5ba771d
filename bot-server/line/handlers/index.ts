import type { webhook } from '@line/bot-sdk';
import { handleFollow } from './follow.ts';
import { handleMessage } from './message.ts';
import { handlePostback } from './postback.ts';
import type { EventHandler } from './types.ts';
import { handleUnfollow } from './unfollow.ts';

/** One handler per event type; events not listed are acknowledged and logged. */
export const eventHandlers: Partial<Record<string, EventHandler<webhook.Event>>> = {
  follow: handleFollow as EventHandler<webhook.Event>,
  unfollow: handleUnfollow as EventHandler<webhook.Event>,
  message: handleMessage as EventHandler<webhook.Event>,
  postback: handlePostback as EventHandler<webhook.Event>,
};
