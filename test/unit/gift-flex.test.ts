import { describe, expect, it } from 'vitest';
import { LIMITS, validateMessages } from '../../bot-server/sandbox/message-rules.ts';
import type { TGiftView } from '../../shared/api/transfers.ts';
import { GIFT_MESSAGE_MAX } from '../../shared/api/transfers.ts';
import { giftFlex } from '../../liff-app/src/member/gifts/share.ts';
import { giftStrings } from '../../liff-app/src/member/gifts/strings.ts';

/** The gift card shared with liff.shareTargetPicker is one LINE accepts, even at the longest a member can make it. */

function gift(overrides: Partial<TGiftView['coupon']> & { message?: string | null } = {}): TGiftView {
  const { message = null, ...coupon } = overrides;
  return {
    id: 1,
    direction: 'sent',
    state: 'pending',
    returnReason: null,
    coupon: { id: 9, name: 'NT$50 現金券', summary: '折 NT$50', color: '#06C755', imageUrl: null, uses: 1, validUntil: '2027-01-01T00:00:00.000Z', ...coupon },
    message,
    counterpart: '0922***444',
    isPartial: false,
    sentAt: '2026-12-01T00:00:00.000Z',
    returnAt: '2026-12-08T00:00:00.000Z',
    resolvedAt: null,
  };
}

const share = { url: 'https://liff.line.me/2000000000-abcdEFGH/app/gifts', text: '' };

describe('the gift Flex card', () => {
  it('passes LINE\'s message rules in both languages, with and without an image and a message', () => {
    for (const lang of ['zh-TW', 'en'] as const) {
      const s = giftStrings[lang].flex;
      const words = { alt: s.alt.replace('{{sender}}', '王小明').replace('{{coupon}}', 'NT$50 現金券'), title: s.title, cta: s.cta };
      for (const g of [gift(), gift({ imageUrl: 'https://cdn.example.com/coupons/cash50.png', message: '生日快樂！🎂' })]) {
        const message = giftFlex(g, share, words);
        expect(validateMessages([message]), `${lang} ${g.message ?? 'no message'}`).toEqual([]);
        // shareTargetPicker takes only uri actions in a Flex message.
        expect(JSON.stringify(message)).not.toMatch(/"type":"(postback|message|datetimepicker)"/);
      }
    }
  });

  it('stays inside the limits at the longest: a 60-character emoji message, a long name, long alt text and label', () => {
    const longest = gift({ name: '超'.repeat(100), summary: '說明'.repeat(200), imageUrl: `https://cdn.example.com/${'a'.repeat(900)}.png`, message: '🎁'.repeat(GIFT_MESSAGE_MAX) });
    const message = giftFlex(longest, share, { alt: `🎁${'名'.repeat(2000)}`, title: '🎁 送你一份禮物', cta: '收'.repeat(39) + '🎁🎁' });
    expect(validateMessages([message])).toEqual([]);
    expect(message.altText.length).toBeLessThanOrEqual(LIMITS.altTextLength);
    expect(message.altText.length).toBeGreaterThan(LIMITS.altTextLength - 2);
    const label = (message.contents.footer.contents[0] as { action: { label: string } }).action.label;
    // 39 characters fill 39 of the 40 units; an emoji (two units) would overrun, so it is left out whole, not halved.
    expect(label).toBe('收'.repeat(39));
    expect(message.altText).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(Buffer.byteLength(JSON.stringify(message.contents))).toBeLessThan(LIMITS.bubbleBytes);
  });
});
