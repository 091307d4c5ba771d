import type { TPublicConfig } from '../../../shared/api/schemas.ts';

/**
 * Sends a Flex message through liff.shareTargetPicker when this page runs inside LINE and the
 * LIFF app allows it (the share-target-picker module is added to the shared LIFF instance here,
 * in its own chunk). Anywhere else — the sandbox, a desktop browser — it answers 'unavailable'
 * and the caller falls back to the plain link.
 */
export async function shareFlexOnLine(config: TPublicConfig, message: Record<string, unknown>, options: { isMultiple: boolean }): Promise<'sent' | 'cancelled' | 'unavailable'> {
  if (config.sandbox) return 'unavailable';
  try {
    const [{ liff }, { default: ShareTargetPicker }, { default: IsApiAvailable }] = await Promise.all([
      import('./liff-sdk.ts'),
      import('@line/liff/share-target-picker'),
      import('@line/liff/is-api-available'),
    ]);
    liff.use(new ShareTargetPicker());
    liff.use(new IsApiAvailable());
    const ready = await Promise.race([liff.ready.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 4000))]);
    if (!ready || !liff.isApiAvailable('shareTargetPicker')) return 'unavailable';
    // Our bubble is plain JSON in LINE's Flex format; the SDK's message union is stricter than what it takes.
    const result = await liff.shareTargetPicker([message as unknown as Parameters<typeof liff.shareTargetPicker>[0][number]], options);
    return result ? 'sent' : 'cancelled';
  } catch {
    return 'unavailable';
  }
}
