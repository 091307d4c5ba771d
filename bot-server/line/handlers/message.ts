import type { webhook } from '@line/bot-sdk';
import { helpMessage, walletLinkMessage } from '../flex/bot-replies.ts';
import type { HandlerContext } from './types.ts';
import type { EventHandler } from './types.ts';

type Command = { kind: 'wallet'; lang: 'zh-TW' | 'en' } | { kind: 'help' };

const COMMANDS: { pattern: RegExp; command: Command }[] = [
  { pattern: /^(我的)?(票券|優惠券|折價券|票夾|票券夾)$/, command: { kind: 'wallet', lang: 'zh-TW' } },
  { pattern: /^(my )?(coupons?|wallet)$/i, command: { kind: 'wallet', lang: 'en' } },
  { pattern: /^(說明|幫助|help|\?|？)$/i, command: { kind: 'help' } },
];

/** Recognises the few typed commands; anything else is left for the brand's staff to answer. */
export function parseCommand(text: string): Command | undefined {
  const normalized = text.trim().replace(/\s+/g, ' ');
  return COMMANDS.find((c) => c.pattern.test(normalized))?.command;
}

async function replyToCommand(command: Command, replyToken: string, ctx: HandlerContext): Promise<void> {
  if (command.kind === 'wallet') {
    await ctx.line.reply(replyToken, [
      walletLinkMessage({ brandName: ctx.config.brandName, walletUrl: ctx.links.liff('/wallet'), claimUrl: ctx.links.liff('/claim'), lang: command.lang }),
    ]);
    return;
  }
  await ctx.line.reply(replyToken, [helpMessage({ brandName: ctx.config.brandName, walletUrl: ctx.links.liff('/wallet'), profileUrl: ctx.links.liff('/profile') })]);
}

export const handleMessage: EventHandler<webhook.MessageEvent> = async (event, ctx) => {
  if (event.message.type !== 'text' || !event.replyToken) {
    ctx.log.info({ messageType: event.message.type }, 'message not handled');
    return;
  }
  const command = parseCommand((event.message as webhook.TextMessageContent).text);
  if (!command) {
    ctx.log.info('free text left for staff');
    return;
  }
  await replyToCommand(command, event.replyToken, ctx);
};

export { replyToCommand };
