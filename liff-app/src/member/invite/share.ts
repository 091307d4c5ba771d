import type { TPublicConfig } from '../../../../shared/api/schemas.ts';
import { shareFlexOnLine } from '../../auth/share-target.ts';

/**
 * Shares the member's invite through LINE (liff.shareTargetPicker with a Flex card), when this
 * page runs inside LINE and the LIFF app allows it; anywhere else (the sandbox, a desktop
 * browser) the caller falls back to copying the plain link.
 */
export function shareInvite(config: TPublicConfig, url: string, words: { alt: string; title: string; body: string; cta: string }): Promise<'sent' | 'cancelled' | 'unavailable'> {
  return shareFlexOnLine(config, inviteFlex(url, words), { isMultiple: true });
}

/** The Flex bubble friends receive: who invites them and a button to the registration page. */
export function inviteFlex(url: string, words: { alt: string; title: string; body: string; cta: string }) {
  return {
    type: 'flex' as const,
    altText: words.alt.slice(0, 400),
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: [
          { type: 'text', text: words.title, weight: 'bold', size: 'lg', color: '#067A37', wrap: true },
          { type: 'text', text: words.body, size: 'md', color: '#374151', wrap: true },
        ],
      },
      footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', style: 'primary', color: '#067A37', action: { type: 'uri', label: words.cta.slice(0, 40), uri: url } }] },
    },
  };
}
