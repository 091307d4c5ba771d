import { LiffMockPlugin } from '@line/liff-mock';
import { liff } from './liff-sdk.ts';
import { mintSandboxIdToken } from './sandbox-api.ts';

/** What @line/liff-mock adds to `liff` (its types do not augment the pluggable core). */
interface LiffMock {
  $mock: { set(updater: (previous: Record<string, unknown>) => Record<string, unknown>): void };
  init(config: { liffId: string; mock: true }): Promise<void>;
}

let initialized: Promise<void> | undefined;

function initMock(liffId: string): Promise<void> {
  initialized ??= (async () => {
    liff.use(new LiffMockPlugin());
    await (liff as unknown as LiffMock).init({ liffId, mock: true });
  })();
  return initialized;
}

/**
 * Sandbox sign-in: the sandbox mints a real, verifiable ID token for the chosen test user and
 * the LIFF mock hands it out as LIFF would. Only the token ever reaches our API.
 */
export async function sandboxIdToken(liffId: string, userId: string): Promise<string> {
  const [{ idToken, user }] = await Promise.all([mintSandboxIdToken(userId), initMock(liffId)]);
  (liff as unknown as LiffMock).$mock.set((previous) => ({
    ...previous,
    getProfile: { userId: user.userId, displayName: user.displayName, pictureUrl: user.pictureUrl ?? undefined, statusMessage: '' },
    getIDToken: idToken,
  }));
  liff.login();
  return liff.getIDToken() ?? '';
}
