import type { TPublicConfig } from '../../../../shared/api/schemas.ts';

/**
 * Three ways to read a coupon: LINE's own scanner inside the LINE app (liff.scanCodeV2), the
 * camera through qr-scanner elsewhere, or a photo. qr-scanner and the LIFF scanner module load
 * only when needed, in their own chunks.
 */

export type LiffScan = () => Promise<string | null>;

/**
 * LINE's scanner when this page runs inside the LINE app and the LIFF app allows it (Full size,
 * "Scan QR" enabled in the LINE Developers console). The shared LIFF instance (auth/liff-sdk.ts)
 * registers only the sign-in modules, so the scanCodeV2 and isApiAvailable modules are added to
 * it here. Never in sandbox mode: the mock stands in for sign-in only.
 */
export async function liffScanner(config: TPublicConfig): Promise<LiffScan | null> {
  if (config.sandbox) return null;
  try {
    const [{ liff }, { default: ScanCodeV2 }, { default: IsApiAvailable }] = await Promise.all([
      import('../../auth/liff-sdk.ts'),
      import('@line/liff/scan-code-v2'),
      import('@line/liff/is-api-available'),
    ]);
    liff.use(new ScanCodeV2());
    liff.use(new IsApiAvailable());
    // liff.init ran at sign-in (auth/liff-production.ts); without it nothing here is usable.
    const ready = await Promise.race([liff.ready.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 4000))]);
    if (!ready) return null;
    if (!liff.isInClient() || !liff.isApiAvailable('scanCodeV2')) return null;
    return async () => (await liff.scanCodeV2()).value ?? null;
  } catch {
    return null;
  }
}

export type CameraProblem = 'denied' | 'missing' | 'unavailable';

/** Why the camera could not start, in one of three words the page explains. */
export function cameraProblem(error: unknown): CameraProblem {
  const name = (error as { name?: string } | null)?.name ?? '';
  const text = String((error as { message?: string } | null)?.message ?? error);
  if (name === 'NotAllowedError' || name === 'SecurityError' || /denied|permission/i.test(text)) return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || /not found|no camera/i.test(text)) return 'missing';
  return 'unavailable';
}

// qr-scanner ships ES module code but CommonJS-looking types: under NodeNext, TypeScript sees
// its default export one level down. At run time (Vite) `default` is the class itself.
type QrScannerNamespace = (typeof import('qr-scanner'))['default'];
export type QrScannerClass = QrScannerNamespace extends { default: infer C } ? C : QrScannerNamespace;

export async function loadQrScanner(): Promise<QrScannerClass> {
  const mod = (await import('qr-scanner')) as unknown as { default: QrScannerClass & { default?: QrScannerClass } };
  return mod.default.default ?? mod.default;
}

/** Reads a QR code from a photo; null when there is none in it. */
export async function scanPhoto(file: File): Promise<string | null> {
  const QrScanner = await loadQrScanner();
  try {
    const result = await QrScanner.scanImage(file, { returnDetailedScanResult: true, alsoTryWithoutScanRegion: true });
    return result.data || null;
  } catch {
    return null;
  }
}

/** Codes are typed from the grouped display ("CA12 3456 78"): upper-case, no spaces. */
export function normalizeTyped(value: string): string {
  return value.toUpperCase().replace(/\s+/g, '');
}
