import { randomBytes } from 'node:crypto';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
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
  const session = await server.client.call('createSession', { body: { idToken: idToken.body.idToken } });
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
  const res = await server.client.call('register', { headers: auth, body: { name: '測試會員', mobile: uniqueMobile(), birthday: '1992-06-15', consent: true, ...overrides } });
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

/**
 * Many registered members with sessions at once, written straight to the database (signing
 * 500 members in over HTTP would dominate a concurrency test). Sessions are real rows.
 */
export function registeredMembersWithSessions(server: TestServer, n: number, birthday = '1990-06-15'): { memberId: number; auth: Record<string, string> }[] {
  const out: { memberId: number; auth: Record<string, string> }[] = [];
  server.db.db.transaction((tx) => {
    for (let i = 0; i < n; i += 1) {
      counter += 1;
      const now = new Date();
      const member = insertMember(tx, { lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: `Bulk ${counter}`, name: `會員${counter}`, mobile: `+88693${String(counter).padStart(7, '0')}`, birthday, registeredAt: now, consentAt: now, isFollowing: true });
      const token = randomBytes(32).toString('base64url');
      insertSession(tx, { tokenHash: hashToken(token), memberId: member.id, expiresAt: new Date(Date.now() + 3600_000) });
      out.push({ memberId: member.id, auth: { authorization: `Bearer ${token}` } });
    }
  });
  return out;
}
