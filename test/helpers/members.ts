import type { TestServer } from './server.ts';

let counter = 0;

/** A fresh sandbox user and a session for them, through the real ID-token flow. */
export async function signInNewUser(server: TestServer, displayName = 'Tester'): Promise<{ userId: string; token: string; auth: Record<string, string> }> {
  counter += 1;
  const user = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: `${displayName} ${counter}` } });
  return signInAs(server, user.body.userId);
}

export async function signInAs(server: TestServer, userId: string): Promise<{ userId: string; token: string; auth: Record<string, string> }> {
  const idToken = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId } });
  const session = await server.json<{ token: string }>('/api/session', { body: { idToken: idToken.body.idToken } });
  if (session.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(session.body)}`);
  return { userId, token: session.body.token, auth: { authorization: `Bearer ${session.body.token}` } };
}

/** A unique valid Taiwan mobile number for tests. */
const mobileBase = Math.floor(Math.random() * 500_000);
export function uniqueMobile(): string {
  counter += 1;
  // 0912 / 0933 numbers are valid Taiwan mobiles; the counter keeps them unique in a run.
  const mobile = `0912${String((mobileBase + counter * 7) % 1_000_000).padStart(6, '0')}`;
  return mobile === '0912345678' ? uniqueMobile() : mobile; // the demo's 王小明
}

export async function registerMember(server: TestServer, auth: Record<string, string>, overrides: Record<string, unknown> = {}) {
  const res = await server.json<Record<string, unknown>>('/api/me/registration', {
    headers: auth,
    body: { name: '測試會員', mobile: uniqueMobile(), birthday: '1992-06-15', consent: true, ...overrides },
  });
  if (res.status !== 200) throw new Error(`registration failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A sandbox user who followed the account (so a member row exists and pushes are delivered). */
export async function followingMember(server: TestServer, displayName = 'Follower'): Promise<{ userId: string; memberId: number }> {
  counter += 1;
  const user = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: `${displayName} ${counter}` } });
  await server.actAs({ type: 'follow', userId: user.body.userId });
  const member = server.services.members.findByLineUserId(user.body.userId);
  if (!member) throw new Error('follow did not create the member');
  return { userId: user.body.userId, memberId: member.id };
}
