import type { TPublicConfig } from '../../../../shared/api/schemas.ts';
import type { TGiftView } from '../../../../shared/api/transfers.ts';

/**
 * Sharing a gift's invite through LINE: liff.shareTargetPicker with a Flex card showing the
 * gift, when this page runs inside LINE and the LIFF app allows it (the share-target-picker
 * module is added to the shared LIFF instance here, in its own chunk). Anywhere else — the
 * sandbox, a desktop browser — the caller falls back to the plain link.
 */
export async function shareOnLine(config: TPublicConfig, gift: TGiftView, share: { url: string; text: string }, words: { alt: string; title: string; cta: string }): Promise<'sent' | 'cancelled' | 'unavailable'> {
  if (config.sandbox) return 'unavailable';
  try {
    const [{ liff }, { default: ShareTargetPicker }, { default: IsApiAvailable }] = await Promise.all([
      import('../../auth/liff-sdk.ts'),
      import('@line/liff/share-target-picker'),
      import('@line/liff/is-api-available'),
    ]);
    liff.use(new ShareTargetPicker());
    liff.use(new IsApiAvailable());
    const ready = await Promise.race([liff.ready.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 4000))]);
    if (!ready || !liff.isApiAvailable('shareTargetPicker')) return 'unavailable';
    // Our bubble is plain JSON in LINE's Flex format; the SDK's message union is stricter than what it takes.
    const message = giftFlex(gift, share, words) as unknown as Parameters<typeof liff.shareTargetPicker>[0][number];
    const result = await liff.shareTargetPicker([message], { isMultiple: false });
    return result ? 'sent' : 'cancelled';
  } catch {
    return 'unavailable';
  }
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
