import type { TPublicConfig } from '../../../../shared/api/schemas.ts';
import type { TGiftView } from '../../../../shared/api/transfers.ts';
import { shareFlexOnLine } from '../../auth/share-target.ts';

/** Shares a gift's invite through LINE: a Flex card showing the gift, to one friend; 'unavailable' outside LINE. */
export function shareOnLine(config: TPublicConfig, gift: TGiftView, share: { url: string; text: string }, words: { alt: string; title: string; cta: string }): Promise<'sent' | 'cancelled' | 'unavailable'> {
  return shareFlexOnLine(config, giftFlex(gift, share, words), { isMultiple: false });
}

/** LINE's limits (LINE-PLATFORM.md; bot-server/sandbox/message-rules.ts checks them): alt text 1,500 characters, a button label 40. */
const ALT_TEXT_MAX = 1500;
const BUTTON_LABEL_MAX = 40;

/**
 * At most `max` UTF-16 units (the strictest way LINE may count; so also at most `max`
 * characters), cut between characters, never through an emoji's surrogate pair.
 */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/** The Flex bubble the friend receives in their chat: the coupon, the message and a button to the gift page. */
export function giftFlex(gift: TGiftView, share: { url: string }, words: { alt: string; title: string; cta: string }) {
  const body: Record<string, unknown>[] = [
    { type: 'text', text: words.title, weight: 'bold', size: 'lg', color: '#E5487A' },
    { type: 'text', text: gift.coupon.name, weight: 'bold', size: 'xl', wrap: true, margin: 'md' },
    { type: 'text', text: gift.coupon.summary, size: 'sm', color: '#555555', wrap: true },
  ];
  if (gift.message) body.push({ type: 'text', text: `「${gift.message}」`, size: 'md', wrap: true, margin: 'lg' });
  return {
    type: 'flex' as const,
    altText: clip(words.alt, ALT_TEXT_MAX),
    contents: {
      type: 'bubble',
      ...(gift.coupon.imageUrl ? { hero: { type: 'image', url: gift.coupon.imageUrl, size: 'full', aspectRatio: '20:13', aspectMode: 'cover' } } : {}),
      body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
      footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', style: 'primary', color: '#E5487A', action: { type: 'uri', label: clip(words.cta, BUTTON_LABEL_MAX), uri: share.url } }] },
    },
  };
}
