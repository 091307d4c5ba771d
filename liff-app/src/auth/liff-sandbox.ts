import { mintSandboxIdToken } from './sandbox-api.ts';

/**
 * Sandbox sign-in: the sandbox mints a real, verifiable ID token for the chosen test user, and
 * that token is what reaches our API, exactly as LIFF's would. LINE's SDK is not loaded at all
 * in sandbox mode (it would only hand the same token back, for ~30 KB on the first load); the
 * production path (liff-production.ts) is the one that needs it.
 */
export async function sandboxIdToken(_liffId: string, userId: string): Promise<string> {
  const { idToken } = await mintSandboxIdToken(userId);
  return idToken;
}
