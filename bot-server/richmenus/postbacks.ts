import type { messagingApi, webhook } from '@line/bot-sdk';
import { readableAccent } from '../../shared/a11y/contrast.ts';
import { RICH_MENU_PAGES, type TRichMenuPage } from '../../shared/api/richmenus.ts';
import { RICH_MENU_PAGE_TARGETS } from '../../shared/richmenus/pages.ts';
import type { HandlerContext } from '../line/handlers/types.ts';

const ACCENT = readableAccent('#06C755');

/** A one-button Flex bubble that opens one of our pages. */
export function pageLinkMessage(page: TRichMenuPage, url: string, brandName: string, lang: 'zh-TW' | 'en'): messagingApi.FlexMessage {
  const target = RICH_MENU_PAGE_TARGETS[page];
  const name = target[lang];
  const label = lang === 'en' ? `Open ${name}` : `開啟${name}`;
  return {
    type: 'flex',
    altText: `${brandName}｜${name}：${url}`,
    contents: {
      type: 'bubble',
      size: 'kilo',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          { type: 'text', text: brandName, size: 'xs', color: '#555555' },
          { type: 'text', text: name, size: 'lg', weight: 'bold', wrap: true },
        ],
      },
      footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', style: 'primary', color: ACCENT, action: { type: 'uri', label: label.slice(0, 20), uri: url } }] },
    },
  };
}

function isPage(value: string | null): value is TRichMenuPage {
  return value !== null && (RICH_MENU_PAGES as readonly string[]).includes(value);
}

/**
 * Postbacks from rich menus: a tab switch (LINE sends `params.newRichMenuAliasId` and a status)
 * is acknowledged with no reply — the menu already changed in the member's chat; `action=<page>`
 * replies with that page's link. Answers false for postbacks it does not own (`action=wallet`
 * and `action=help` stay with the bot's own replies).
 */
export async function handleRichMenuPostback(event: webhook.PostbackEvent, ctx: HandlerContext): Promise<boolean> {
  const params = event.postback.params as { newRichMenuAliasId?: string; status?: string } | undefined;
  const data = new URLSearchParams(event.postback.data);
  if (params?.newRichMenuAliasId !== undefined || data.get('action') === 'switch') {
    ctx.log.info({ alias: params?.newRichMenuAliasId ?? data.get('to'), status: params?.status ?? null }, 'rich menu tab switched');
    return true;
  }
  const action = data.get('action');
  if (action === 'wallet' || !isPage(action)) return false;
  if (!event.replyToken) return true;
  const lang = data.get('lang') === 'en' ? 'en' : 'zh-TW';
  await ctx.line.reply(event.replyToken, [pageLinkMessage(action, ctx.links.liff(RICH_MENU_PAGE_TARGETS[action].path), ctx.config.brandName, lang)]);
  return true;
}
