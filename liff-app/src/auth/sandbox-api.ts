/** The sandbox's own controls (not part of our API contract): test users and ID tokens. */

export interface SandboxUser {
  userId: string;
  displayName: string;
  pictureUrl: string | null;
  isFollowing: boolean;
}

export class SandboxRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'SandboxRequestError';
    this.status = status;
  }
}

async function sandboxJson<T>(path: string, init?: { method: string; body: unknown }): Promise<T> {
  const response = await fetch(path, {
    method: init?.method ?? 'GET',
    headers: { accept: 'application/json', ...(init ? { 'content-type': 'application/json' } : {}) },
    ...(init ? { body: JSON.stringify(init.body) } : {}),
  });
  const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!response.ok) throw new SandboxRequestError(response.status, payload.error?.message ?? `HTTP ${response.status}`);
  return payload as T;
}

export async function listSandboxUsers(): Promise<SandboxUser[]> {
  const state = await sandboxJson<{ users: SandboxUser[] }>('/sandbox/api/state');
  return state.users;
}

export function createSandboxUser(displayName: string): Promise<SandboxUser> {
  return sandboxJson<SandboxUser>('/sandbox/api/users', { method: 'POST', body: { displayName } });
}

export function mintSandboxIdToken(userId: string): Promise<{ idToken: string; user: SandboxUser }> {
  return sandboxJson('/sandbox/liff/id-token', { method: 'POST', body: { userId } });
}
