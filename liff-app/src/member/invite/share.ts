import type { TPublicConfig } from '../../../../shared/api/schemas.ts';

/**
 * Shares the member's invite through LINE (liff.shareTargetPicker with a Flex card), when this
 * page runs inside LINE and the LIFF app allows it; anywhere else (the sandbox, a desktop
 * browser) the caller falls back to copying the plain link.
 */
export async function shareInvite(config: TPublicConfig, url: string, words: { alt: string; title: string; body: string; cta: string }): Promise<'sent' | 'cancelled' | 'unavailable'> {
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
    const message = inviteFlex(url, words) as unknown as Parameters<typeof liff.shareTargetPicker>[0][number];
    const result = await liff.shareTargetPicker([message], { isMultiple: true });
    return result ? 'sent' : 'cancelled';
  } catch {
    return 'unavailable';
  }
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
