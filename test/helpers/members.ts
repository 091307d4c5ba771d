import { randomBytes } from 'node:crypto';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { normalizeMobile } from '../../shared/phone.ts';
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

/** A client address of its own for each caller, so a suite's many sign-ups do not trip the per-IP SMS backstop. */
export function testIp(): string {
  counter += 1;
  return `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`;
}

/** Every text the sandbox's SMS provider received for a number (as typed or E.164), oldest first. */
export async function smsInbox(server: TestServer, mobile: string): Promise<{ id: string; to: string; body: string; at: string }[]> {
  const n = normalizeMobile(mobile);
  if (!n.ok) throw new Error(`not a mobile: ${mobile}`);
  const res = await server.json<{ messages: { id: string; to: string; body: string; at: string }[] }>(`/sandbox/sms/messages?to=${encodeURIComponent(n.e164)}`);
  return res.body.messages;
}

/** The 6-digit code in the newest text to a number. */
export async function latestSmsCode(server: TestServer, mobile: string): Promise<string> {
  const last = (await smsInbox(server, mobile)).at(-1);
  const code = last?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no SMS code was texted to ${mobile}`);
  return code;
}

/** Asks for an SMS code for the number as this member and reads it from the sandbox inbox, as a person reads their phone. */
export async function requestSmsCode(server: TestServer, auth: Record<string, string>, mobile: string): Promise<string> {
  const res = await server.client.call('requestMobileCode', { headers: { ...auth, 'x-forwarded-for': testIp() }, body: { mobile } });
  if (res.status !== 200) throw new Error(`SMS code request failed: ${res.status} ${JSON.stringify(res.body)}`);
  return latestSmsCode(server, mobile);
}

/** Registers through the API with the number confirmed by its SMS code (requested and read from the sandbox inbox unless `code` is given). */
export async function registerMember(server: TestServer, auth: Record<string, string>, overrides: Record<string, unknown> = {}) {
  const mobile = typeof overrides.mobile === 'string' ? overrides.mobile : uniqueMobile();
  const code = typeof overrides.code === 'string' ? overrides.code : await requestSmsCode(server, auth, mobile);
  const res = await server.client.call('register', { headers: auth, body: { name: '測試會員', birthday: '1992-06-15', consent: true, ...overrides, mobile, code } });
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
      const member = insertMember(tx, { lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: `Bulk ${counter}`, name: `會員${counter}`, mobile: `+88693${String(counter).padStart(7, '0')}`, mobileVerifiedAt: now, birthday, registeredAt: now, consentAt: now, isFollowing: true });
      const token = randomBytes(32).toString('base64url');
      insertSession(tx, { tokenHash: hashToken(token), memberId: member.id, expiresAt: new Date(Date.now() + 3600_000) });
      out.push({ memberId: member.id, auth: { authorization: `Bearer ${token}` } });
    }
  });
  return out;
}
