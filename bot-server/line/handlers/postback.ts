import type { webhook } from '@line/bot-sdk';
import { replyToCommand } from './message.ts';
import { handleRichMenuPostback } from '../../richmenus/postbacks.ts';
import type { EventHandler } from './types.ts';

/** Postbacks carry `action=...` (from rich menus and Flex buttons). */
export const handlePostback: EventHandler<webhook.PostbackEvent> = async (event, ctx) => {
  if (await handleRichMenuPostback(event, ctx)) return;
  const params = new URLSearchParams(event.postback.data);
  const action = params.get('action');
  if (!event.replyToken) return;
  switch (action) {
    case 'wallet':
      await replyToCommand({ kind: 'wallet', lang: params.get('lang') === 'en' ? 'en' : 'zh-TW' }, event.replyToken, ctx);
      return;
    case 'help':
      await replyToCommand({ kind: 'help' }, event.replyToken, ctx);
      return;
    default:
      ctx.log.info({ action }, 'postback action not handled');
  }
};
