import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot-server/config.ts';
import { ipSubject, Lockout } from '../../bot-server/limits/lockout.ts';
import { LOCKOUTS } from '../../bot-server/limits/rules.ts';
import { lockouts } from '../../bot-server/db/schema.ts';
import { createTemplate, issueByMobile } from '../helpers/coupons.ts';
import { followingMember, registeredMembersWithSessions, registerMember, requestSmsCode, signInAs, signInNewUser, uniqueMobile } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'U0000000000000000000000000000a005';
const STAFF = 'U0000000000000000000000000000a004'; // staff at 信義店 and 南西店 in the demo
const DEMO_MEMBER_MOBILE = '0912345678'; // 王小明
type Err = { error: { code: string; message: string; field?: string; details?: { retryAfterSeconds?: number } } };
type Res = { status: number; body: Err; headers: Headers };

let server: TestServer;
let admin: Record<string, string>;
let stores: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, NOTIFY_DISPATCHER: 'off' });
  admin = (await signInAs(server, ADMIN)).auth;
  const list = await server.client.call('consoleListStores', { headers: admin });
  stores = Object.fromEntries(list.body.items.map((s) => [s.code, s.id]));
});
afterAll(async () => {
  await server.stop();
});

/** A 429 says when to come back, in the header and in the body, and they agree. */
function expectLockedOut(res: Res, maxSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe('RATE_LIMITED');
  const header = Number(res.headers.get('retry-after'));
  expect(header).toBeGreaterThan(0);
  expect(header).toBeLessThanOrEqual(maxSeconds);
  expect(header).toBe(res.body.error.details?.retryAfterSeconds);
}

async function codeCampaign(target: TestServer, auth: Record<string, string>, codes: number): Promise<string[]> {
  const t = await createTemplate(target, auth, { name: `兌換碼券 ${Math.random().toString(36).slice(2, 6)}` });
  const now = Date.now();
  const c = await target.client.call('consoleCreateCampaign', { headers: auth, body: { name: '兌換碼活動', mode: 'code', templateId: t.id, generateCodes: codes, startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 7 * 86_400_000).toISOString() } });
  if (c.status !== 201) throw new Error(JSON.stringify(c.body));
  const csv = await (await fetch(target.url(`/api/console/campaigns/${c.body.id}/codes.csv`), { headers: auth })).text();
  return csv.replace(/^\uFEFF/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
}

const redeemCode = (target: TestServer, auth: Record<string, string>, code: string, ip?: string) =>
  target.client.call('redeemCode', { headers: { ...auth, ...(ip ? { 'x-forwarded-for': ip } : {}) }, body: { code } }) as Promise<Res>;

/** Misses until the member is locked out; returns the answer that locked them. */
async function missUntilLocked(target: TestServer, auth: Record<string, string>, ip?: string): Promise<Res> {
  let last: Res | undefined;
  for (let i = 0; i < LOCKOUTS.codeMember.maxMisses; i += 1) {
    last = await redeemCode(target, auth, `WRONG${i}${Math.random().toString(36).slice(2, 8).toUpperCase()}`, ip);
    if (i < LOCKOUTS.codeMember.maxMisses - 1) expect(last.body.error.code).toBe('CODE_INVALID');
  }
  return last!;
}

describe('no membership oracles', () => {
  it('a partner key asking for unknown members is locked out after a few dozen misses, with Retry-After; other keys are not', async () => {
    const key = async (name: string) => ({ authorization: `Bearer ${(await server.client.call('consoleCreateApiKey', { headers: admin, body: { name, scopes: ['partner'] } })).body.key}` });
    const sweeper = await key('掃號碼');
    const honest = await key('訂位系統');
    const notify = (auth: Record<string, string>, mobile: string) =>
      server.client.call('partnerNotify', { headers: auth, body: { member: { mobile }, kind: 'reservation', variables: { store: '信義店', time: '2026-11-28T10:30:00Z', partySize: 2 } } }) as Promise<Res>;
    const unknown = (i: number) => `0988${String(100_000 + i).padStart(6, '0')}`;

    const { maxMisses } = LOCKOUTS.partnerLookup;
    for (let i = 0; i < maxMisses - 1; i += 1) {
      const res = await notify(sweeper, unknown(i));
      expect(res.status).toBe(404); // a genuinely unknown member still hears so
      expect(res.body.error.code).toBe('MEMBER_NOT_FOUND');
    }
    expectLockedOut(await notify(sweeper, unknown(maxMisses)), LOCKOUTS.partnerLookup.lockMs / 1000);
    // While locked out, a known member gets the same 429: 202 against 429 tells nothing either.
    const known = await notify(sweeper, DEMO_MEMBER_MOBILE);
    expectLockedOut(known, LOCKOUTS.partnerLookup.lockMs / 1000);
    expect(known.body.error.message).toMatch(/請 \d+ 分鐘後再試/);

    expect((await notify(honest, DEMO_MEMBER_MOBILE)).status).toBe(202);
    expect((await notify(honest, unknown(1))).body.error.code).toBe('MEMBER_NOT_FOUND');
  });

  it('PATCH /api/me with numbers other members hold: no answer tells who holds a number, and repeated tries are locked out', async () => {
    const holder = await signInNewUser(server, 'Holder');
    const held = uniqueMobile();
    await registerMember(server, holder.auth, { mobile: held });
    const prober = await signInNewUser(server, 'Prober');
    await registerMember(server, prober.auth);
    const patch = (body: Record<string, unknown>, lang?: string) =>
      server.client.call('updateProfile', { headers: { ...prober.auth, ...(lang ? { 'accept-language': lang } : {}) }, body }) as Promise<Res>;

    // Without the SMS code texted to the number, a held number and a free one answer alike.
    const first = await patch({ mobile: held });
    const free = await patch({ mobile: uniqueMobile() });
    expect(first.status).toBe(400);
    expect(first.body.error).toMatchObject({ code: 'MOBILE_CODE_REQUIRED', field: 'code' });
    expect({ ...free.body.error, requestId: undefined }).toEqual({ ...first.body.error, requestId: undefined });
    // Whoever got the code (holds the phone) hears that another account verified it; trying again and again is locked out.
    const code = await requestSmsCode(server, prober.auth, held);
    let last = await patch({ mobile: held, code });
    expect(last.body.error.code).toBe('MOBILE_TAKEN');
    for (let i = 2; i < LOCKOUTS.mobileTaken.maxMisses; i += 1) {
      last = await patch({ mobile: held, code });
      expect(last.body.error.code).toBe('MOBILE_TAKEN');
    }
    last = await patch({ mobile: held, code });
    expectLockedOut(last, LOCKOUTS.mobileTaken.lockMs / 1000);
    // Locked out of mobile changes altogether (a free number would answer differently)...
    expectLockedOut(await patch({ mobile: uniqueMobile() }), LOCKOUTS.mobileTaken.lockMs / 1000);
    // ...but the rest of the profile still works.
    expect((await patch({ name: '改名字' })).status).toBe(200);
  });

  it('registration with a number another member holds is locked out the same way', async () => {
    const user = await signInNewUser(server, 'Registrant');
    const code = await requestSmsCode(server, user.auth, DEMO_MEMBER_MOBILE);
    const register = (mobile: string) =>
      server.client.call('register', { headers: user.auth, body: { name: '新會員', mobile, code, birthday: '1990-01-01', consent: true } }) as Promise<Res>;
    for (let i = 1; i < LOCKOUTS.mobileTaken.maxMisses; i += 1) expect((await register(DEMO_MEMBER_MOBILE)).body.error.code).toBe('MOBILE_TAKEN');
    expectLockedOut(await register(DEMO_MEMBER_MOBILE), LOCKOUTS.mobileTaken.lockMs / 1000);
    expectLockedOut(await register(uniqueMobile()), LOCKOUTS.mobileTaken.lockMs / 1000);
  });
});

describe('fair lock-outs behind one NAT', () => {
  it("members' wrong codes from one IP never stop another member's right code from that IP", async () => {
    const nat = '203.0.113.50';
    const codes = await codeCampaign(server, admin, 3);
    // Enough guessers behind the NAT to push the IP past its backstop.
    const guessers = registeredMembersWithSessions(server, Math.ceil(LOCKOUTS.codeIp.maxMisses / LOCKOUTS.codeMember.maxMisses));
    for (let i = 0; i < guessers.length; i += 5) {
      const locked = await Promise.all(guessers.slice(i, i + 5).map((g) => missUntilLocked(server, g.auth, nat)));
      for (const res of locked) expectLockedOut(res, LOCKOUTS.codeMember.lockMs / 1000);
    }
    const [innocent, typo, elsewhere] = registeredMembersWithSessions(server, 3);
    const ok = await redeemCode(server, innocent!.auth, codes[0]!, nat);
    expect(ok.status).toBe(201);
    // Past the backstop, a miss from that IP locks its member at once (no eight guesses per fresh account)...
    expectLockedOut(await redeemCode(server, typo!.auth, 'NOTACODE42', nat), LOCKOUTS.codeMember.lockMs / 1000);
    expectLockedOut(await redeemCode(server, typo!.auth, codes[1]!, nat), LOCKOUTS.codeMember.lockMs / 1000);
    // ...and another address is not affected at all.
    expect((await redeemCode(server, elsewhere!.auth, 'NOTACODE42', '198.51.100.7')).body.error.code).toBe('CODE_INVALID');
    expect((await redeemCode(server, elsewhere!.auth, codes[2]!, '198.51.100.7')).status).toBe(201);
  });

  it("a POS key's typos lock out that key only: a colleague and another key at the same store redeem right codes", async () => {
    const posKey = async (name: string) => ({ authorization: `Bearer ${(await server.client.call('consoleCreateApiKey', { headers: admin, untypedBody: { name, scopes: ['pos'], storeIds: [stores.XINYI] } })).body.key}` });
    const till1 = await posKey('POS 信義 1 號機');
    const till2 = await posKey('POS 信義 2 號機');
    const staff = (await signInAs(server, STAFF)).auth;
    const template = await createTemplate(server, admin, { name: '櫃台券' });
    const coupon = async () => {
      const { userId } = await followingMember(server, '持券人');
      const { auth } = await signInAs(server, userId);
      const mobile = uniqueMobile();
      await registerMember(server, auth, { mobile });
      return issueByMobile(server, admin, template.id, mobile);
    };
    const [c1, c2, c3] = [await coupon(), await coupon(), await coupon()];

    let last: Res | undefined;
    for (let i = 0; i < LOCKOUTS.counterActor.maxMisses; i += 1) {
      last = (await server.client.call('posValidate', { headers: till1, untypedBody: { storeId: stores.XINYI, code: `TYPO${i}XYZW` } })) as Res;
      if (i < LOCKOUTS.counterActor.maxMisses - 1) expect(last.body.error.code).toBe('COUPON_NOT_FOUND');
    }
    expectLockedOut(last!, LOCKOUTS.counterActor.lockMs / 1000);
    expect(last!.body.error.message).toContain('錯誤次數過多');
    expectLockedOut((await server.client.call('posRedeem', { headers: till1, untypedBody: { storeId: stores.XINYI, code: c1.code } })) as Res, LOCKOUTS.counterActor.lockMs / 1000);

    expect((await server.client.call('posRedeem', { headers: till2, untypedBody: { storeId: stores.XINYI, code: c2.code } })).status).toBe(201);
    expect((await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: stores.XINYI, code: c3.code } })).status).toBe(201);
  });
});

describe('lock-outs live in the database', () => {
  it('stores no code, phone number or member id in clear', () => {
    const keys = server.db.db.select({ key: lockouts.key }).from(lockouts).all().map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^[a-z.]+:[A-Za-z0-9_-]{32}$/);
  });

  it('counts misses in a window from the first miss, locks for the lock time, then starts again', () => {
    const rule = { name: 'test.window', maxMisses: 3, windowMs: 60_000, lockMs: 300_000 };
    const limit = new Lockout(server.db.db, rule);
    const t0 = Date.now();
    expect(limit.miss('a', t0)).toBe(0);
    expect(limit.miss('a', t0 + 1000)).toBe(0);
    // The window is over: the count starts again instead of locking.
    expect(limit.miss('a', t0 + 61_000)).toBe(0);
    expect(limit.miss('a', t0 + 62_000)).toBe(0);
    expect(limit.miss('a', t0 + 63_000)).toBe(300_000);
    expect(limit.lockedForMs('a', t0 + 63_000 + 299_000)).toBe(1000);
    expect(() => limit.check('a', t0 + 63_000 + 240_000)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 60 } }));
    expect(limit.lockedForMs('b', t0 + 63_000)).toBe(0);
    const after = t0 + 63_000 + 300_000;
    expect(limit.lockedForMs('a', after)).toBe(0);
    expect(limit.miss('a', after)).toBe(0); // a fresh count, not locked again at once
    expect(limit.lock('b', t0)).toBe(300_000);
  });

  it('a lock-out survives a restart, and two servers on one database file share misses and lock-outs', async () => {
    const env = { ADMIN_LINE_USER_IDS: ADMIN, NOTIFY_DISPATCHER: 'off', WORKERS: 'off' };
    const first = await startTestServer(env);
    const dir = first.dir;
    let second: TestServer | undefined;
    let third: TestServer | undefined;
    try {
      const firstAdmin = (await signInAs(first, ADMIN)).auth;
      const codes = await codeCampaign(first, firstAdmin, 3);
      const [locked, split, free] = registeredMembersWithSessions(first, 3);
      expectLockedOut(await missUntilLocked(first, locked!.auth), LOCKOUTS.codeMember.lockMs / 1000);
      await first.close(); // keeps the directory, unlike stop()

      second = await startTestServer(env, { dir });
      third = await startTestServer(env, { dir, seedDemo: false });
      // The restarted server still refuses the locked-out member, even with a right code.
      expectLockedOut(await redeemCode(second, locked!.auth, codes[0]!), LOCKOUTS.codeMember.lockMs / 1000);
      expectLockedOut(await redeemCode(third, locked!.auth, codes[0]!), LOCKOUTS.codeMember.lockMs / 1000);
      // Misses made on two servers add up.
      const half = LOCKOUTS.codeMember.maxMisses / 2;
      for (let i = 0; i < LOCKOUTS.codeMember.maxMisses - 1; i += 1) {
        const res = await redeemCode(i < half ? second : third, split!.auth, `SPLIT${i}ABCD`);
        expect(res.body.error.code).toBe('CODE_INVALID');
      }
      expectLockedOut(await redeemCode(second, split!.auth, 'SPLITLASTX'), LOCKOUTS.codeMember.lockMs / 1000);
      expectLockedOut(await redeemCode(third, split!.auth, codes[1]!), LOCKOUTS.codeMember.lockMs / 1000);
      // Nobody else is affected.
      expect((await redeemCode(third, free!.auth, codes[2]!)).status).toBe(201);
    } finally {
      await third?.close();
      await second?.close();
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the IP backstop', () => {
  it('counts an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 one', () => {
    expect(ipSubject('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(ipSubject('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(ipSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipSubject('2001:db8:1:3::1')).not.toBe(ipSubject('2001:db8:1:2::1'));
    expect(ipSubject('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(ipSubject('203.0.113.5')).toBe('203.0.113.5');
    expect(ipSubject('::1')).toBe('0:0:0:0::/64');
  });
});

describe('TRUST_PROXY', () => {
  const problems = (value: string): string[] => {
    try {
      loadConfig({ TRUST_PROXY: value });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('takes what Express accepts: loopback (default), a hop count, true/false, addresses and subnets', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8 ,fd00::/8,192.168.1.10,172.16.0.0/255.240.0.0' }).trustProxy).toBe('loopback,10.0.0.0/8,fd00::/8,192.168.1.10,172.16.0.0/255.240.0.0');
  });

  it('refuses anything else with a readable message naming the bad entry', () => {
    expect(problems('nginx')).toEqual([expect.stringMatching(/^TRUST_PROXY: must be loopback, a hop count such as 1, true or false, or comma-separated addresses and subnets .*"nginx"/)]);
    expect(problems('10.0.0.0/33')[0]).toContain('"10.0.0.0/33"');
    expect(problems('loopback,300.1.1.1')[0]).toContain('"300.1.1.1"');
    expect(problems('10.0.0.1/8/8')).toHaveLength(1);
  });
});
