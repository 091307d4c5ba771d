import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobileCodes, members } from '../../bot-server/db/schema.ts';
import { LOCKOUTS } from '../../bot-server/limits/rules.ts';
import { MitakeSmsSender, parseMitakeAnswer } from '../../bot-server/mobiles/mitake.ts';
import { SmsError } from '../../bot-server/mobiles/sms-sender.ts';
import { SANDBOX_SMS_CREDENTIALS } from '../../bot-server/sandbox/index.ts';
import { latestSmsCode, registeredMembersWithSessions, registerMember, requestSmsCode, signInNewUser, smsInbox, testIp, uniqueMobile } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

type Err = { error: { code: string; message: string; field?: string; details?: { triesLeft?: number; retryAfterSeconds?: number } } };
type Auth = Record<string, string>;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
});
afterAll(async () => {
  await server.stop();
});

const DEMO_MOBILE = '0912345678'; // 王小明, verified in the demo seed
const e164 = (national: string) => `+886${national.slice(1)}`;

const ask = (auth: Auth, mobile: string, ip = testIp()) => server.client.call('requestMobileCode', { headers: { ...auth, 'x-forwarded-for': ip }, body: { mobile } });
const register = (auth: Auth, mobile: string, code: string) => server.client.call('register', { headers: auth, untypedBody: { name: '驗證測試', mobile, code, birthday: '1990-01-01', consent: true } });
const errorOf = (res: { body: unknown }) => (res.body as Err).error;
const codeRow = (memberId: number) => server.db.db.select().from(mobileCodes).where(eq(mobileCodes.memberId, memberId)).all().at(-1)!;
const memberRow = (id: number) => server.db.db.select().from(members).where(eq(members.id, id)).get()!;
async function memberIdOf(auth: Auth): Promise<number> {
  return (await server.client.call('getMe', { headers: auth })).body.id;
}
/** A code that is not the one texted. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('registration confirms the mobile number with an SMS code', () => {
  it('texts a 6-digit code, stores only its HMAC, and registers with it (verified)', async () => {
    const { auth } = await signInNewUser(server, 'Verify');
    const mobile = uniqueMobile();
    const sent = await ask(auth, `${mobile.slice(0, 4)}-${mobile.slice(4, 7)}-${mobile.slice(7)}`);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ mobile, expiresInSeconds: 300, resendAfterSeconds: 60 });
    const inbox = await smsInbox(server, mobile);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.to).toBe(e164(mobile));
    const code = await latestSmsCode(server, mobile);
    const id = await memberIdOf(auth);
    expect(codeRow(id).codeHash).not.toContain(code);
    expect(JSON.stringify(codeRow(id))).not.toContain(code);

    const noCode = await server.client.call('register', { headers: auth, untypedBody: { name: '驗證測試', mobile, birthday: '1990-01-01', consent: true } });
    expect(noCode.status).toBe(400);
    expect(errorOf(noCode).field).toBe('code');

    const res = await register(auth, mobile, code);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ isRegistered: true, isMobileVerified: true, mobile });
    expect(memberRow(id).mobileVerifiedAt).toBeInstanceOf(Date);
    expect(codeRow(id).status).toBe('used');
  });

  it('a wrong code says how many tries are left; the 5th wrong try kills the code, even for the right digits', async () => {
    const { auth } = await signInNewUser(server, 'Wrong');
    const mobile = uniqueMobile();
    const code = await requestSmsCode(server, auth, mobile);
    for (let i = 1; i < 5; i += 1) {
      const res = await register(auth, mobile, wrong(code));
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'VERIFICATION_CODE_WRONG', field: 'code', details: { triesLeft: 5 - i } });
    }
    expect(errorOf(await register(auth, mobile, wrong(code))).code).toBe('VERIFICATION_TOO_MANY_TRIES');
    const right = await register(auth, mobile, code);
    expect(right.status).toBe(400);
    expect(errorOf(right).code).toBe('VERIFICATION_TOO_MANY_TRIES');
    expect((await server.client.call('getMe', { headers: auth })).body.isRegistered).toBe(false);
  });

  it('parallel wrong guesses never get more than 5 tries', async () => {
    const { auth } = await signInNewUser(server, 'Parallel');
    const mobile = uniqueMobile();
    const code = await requestSmsCode(server, auth, mobile);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => register(auth, mobile, String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'))));
    expect(answers.filter((a) => errorOf(a).code === 'VERIFICATION_CODE_WRONG')).toHaveLength(4);
    expect(codeRow(await memberIdOf(auth)).attempts).toBe(5);
  });

  it('an expired code (older than 5 minutes) is refused; a code for another number does not fit', async () => {
    const { auth } = await signInNewUser(server, 'Expired');
    const mobile = uniqueMobile();
    const code = await requestSmsCode(server, auth, mobile);
    expect(errorOf(await register(auth, uniqueMobile(), code)).code).toBe('VERIFICATION_CODE_EXPIRED');
    const id = await memberIdOf(auth);
    server.db.db.update(mobileCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(mobileCodes.memberId, id)).run();
    const res = await register(auth, mobile, code);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('VERIFICATION_CODE_EXPIRED');
  });

  it('a new code can be asked for after 60 s, and only the newest one works', async () => {
    const { auth } = await signInNewUser(server, 'Resend');
    const mobile = uniqueMobile();
    const first = await requestSmsCode(server, auth, mobile);
    const again = await ask(auth, mobile);
    expect(again.status).toBe(429);
    expect(errorOf(again).code).toBe('RATE_LIMITED');
    const wait = Number(again.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    const id = await memberIdOf(auth);
    server.db.db.update(mobileCodes).set({ createdAt: new Date(Date.now() - 61_000) }).where(eq(mobileCodes.memberId, id)).run();
    const second = await requestSmsCode(server, auth, mobile);
    expect(await smsInbox(server, mobile)).toHaveLength(2);
    // The first code no longer fits: only the newest one is compared.
    if (second !== first) expect(errorOf(await register(auth, mobile, first)).code).toBe('VERIFICATION_CODE_WRONG');
    expect((await register(auth, mobile, second)).status).toBe(200);
  });
});

describe('send limits and uniform answers', () => {
  it('the same answer for a member\'s verified number and a number nobody has', async () => {
    const a = await signInNewUser(server, 'Probe');
    const held = await ask(a.auth, DEMO_MOBILE);
    const free = await ask(a.auth, uniqueMobile());
    expect(held.status).toBe(free.status);
    expect(Object.keys(held.body).sort()).toEqual(Object.keys(free.body).sort());
    expect({ ...held.body, mobile: 'x' }).toEqual({ ...free.body, mobile: 'x' });
  });

  it('per number: 5 codes an hour, whoever asks', async () => {
    const mobile = uniqueMobile();
    for (let i = 0; i < LOCKOUTS.smsNumber.maxMisses; i += 1) expect((await ask((await signInNewUser(server, 'N')).auth, mobile)).status).toBe(200);
    const res = await ask((await signInNewUser(server, 'N')).auth, mobile);
    expect(res.status).toBe(429);
    expect(errorOf(res).message).toContain('這個號碼');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(3000);
  });

  it('per member: 8 codes an hour, whatever the numbers', async () => {
    const { auth } = await signInNewUser(server, 'M');
    for (let i = 0; i < LOCKOUTS.smsMember.maxMisses; i += 1) expect((await ask(auth, uniqueMobile())).status).toBe(200);
    const res = await ask(auth, uniqueMobile());
    expect(res.status).toBe(429);
    expect(errorOf(res).code).toBe('RATE_LIMITED');
  });

  it('per IP: a backstop of 60 codes an hour; other addresses go on', async () => {
    const ip = '10.250.1.1';
    const many = registeredMembersWithSessions(server, LOCKOUTS.smsIp.maxMisses / 2);
    for (const m of many) {
      for (let k = 0; k < 2; k += 1) expect((await ask(m.auth, uniqueMobile(), ip)).status).toBe(200);
    }
    const fresh = await signInNewUser(server, 'IP');
    expect((await ask(fresh.auth, uniqueMobile(), ip)).status).toBe(429);
    expect((await ask(fresh.auth, uniqueMobile(), '10.250.1.2')).status).toBe(200);
  });

  it('only Taiwan mobiles get codes; a landline is refused with the field named', async () => {
    const { auth } = await signInNewUser(server, 'Land');
    const landline = await ask(auth, '02-2345-6789');
    expect(landline.status).toBe(400);
    expect(errorOf(landline).field).toBe('mobile');
    expect((await ask(auth, '+81 90-1234-5678')).status).toBe(400);
  });
});

describe('a number verified by another member', () => {
  it('is refused plainly at the confirm step, without saying whose it is', async () => {
    const { auth } = await signInNewUser(server, 'Taken');
    const code = await requestSmsCode(server, auth, DEMO_MOBILE);
    const res = await register(auth, DEMO_MOBILE, code);
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'MOBILE_TAKEN', field: 'mobile' });
    expect(errorOf(res).message).toContain('另一個會員帳號');
    expect(errorOf(res).message).not.toContain('王');
    // The refusal rolled the code's use back with the registration: another number works after.
    expect((await server.client.call('getMe', { headers: auth })).body.isRegistered).toBe(false);
  });

  it('a number only typed in by a member from before verification goes to whoever proves they hold it', async () => {
    const old = await signInNewUser(server, 'Legacy');
    const mobile = uniqueMobile();
    const me = (await registerMember(server, old.auth, { mobile })) as { id: number };
    server.db.db.update(members).set({ mobileVerifiedAt: null }).where(eq(members.id, me.id)).run();
    expect((await server.client.call('getMe', { headers: old.auth })).body.isMobileVerified).toBe(false);
    const owner = await signInNewUser(server, 'Owner');
    const res = await register(owner.auth, mobile, await requestSmsCode(server, owner.auth, mobile));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mobile, isMobileVerified: true });
    expect(memberRow(me.id).mobile).toBeNull();
  });
});

describe('verifying or changing the number from the profile', () => {
  it('a new number needs its code; an existing member verifies theirs with one', async () => {
    const { auth } = await signInNewUser(server, 'Change');
    const me = (await registerMember(server, auth)) as { id: number };
    const next = uniqueMobile();
    const bare = await server.client.call('updateProfile', { headers: auth, body: { mobile: next } });
    expect(bare.status).toBe(400);
    expect(errorOf(bare).code).toBe('MOBILE_CODE_REQUIRED');
    const changed = await server.client.call('updateProfile', { headers: auth, body: { mobile: next, code: await requestSmsCode(server, auth, next) } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ mobile: next, isMobileVerified: true });

    server.db.db.update(members).set({ mobileVerifiedAt: null }).where(eq(members.id, me.id)).run();
    server.db.db.update(mobileCodes).set({ createdAt: new Date(Date.now() - 61_000) }).where(eq(mobileCodes.memberId, me.id)).run();
    const wrongTry = await server.client.call('confirmMobile', { headers: auth, body: { mobile: next, code: '000000' } });
    expect(wrongTry.status).toBe(400);
    const code = await requestSmsCode(server, auth, next);
    const ok = await server.client.call('confirmMobile', { headers: auth, body: { mobile: next, code } });
    expect(ok.status).toBe(200);
    expect(ok.body.isMobileVerified).toBe(true);
  });
});

describe('the Mitake adapter against the sandbox stand-in, over HTTP', () => {
  const sender = () => new MitakeSmsSender({ ...SANDBOX_SMS_CREDENTIALS, baseUrl: server.url('/sandbox/sms/mitake') });

  it('sends in Mitake\'s format and reads its answer; a repeated clientid is sent once', async () => {
    const mobile = uniqueMobile();
    const first = await sender().send({ to: e164(mobile), body: '測試簡訊 123456', clientId: 'test-dup-1' });
    expect(first.providerMessageId).toMatch(/^\d{10}$/);
    const repeat = await sender().send({ to: e164(mobile), body: '測試簡訊 123456', clientId: 'test-dup-1' });
    expect(repeat.providerMessageId).toBe(`#${first.providerMessageId}`);
    expect(await smsInbox(server, mobile)).toHaveLength(1);
    expect((await smsInbox(server, mobile))[0]!.body).toBe('測試簡訊 123456');
  });

  it('refusals come back as SmsError with Mitake\'s status code', async () => {
    const bad = new MitakeSmsSender({ username: 'sandbox', password: 'wrong', baseUrl: server.url('/sandbox/sms/mitake') });
    await expect(bad.send({ to: '+886912000001', body: 'x', clientId: 'c1' })).rejects.toMatchObject({ name: 'SmsError', providerCode: 'e', retryable: false });
    await expect(sender().send({ to: '+886912000001', body: '長'.repeat(400), clientId: 'c2' })).rejects.toMatchObject({ providerCode: 'x' });
    await expect(sender().send({ to: '+81901234567', body: 'x', clientId: 'c3' })).rejects.toBeInstanceOf(SmsError);
    const down = new MitakeSmsSender({ ...SANDBOX_SMS_CREDENTIALS, baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    await expect(down.send({ to: '+886912000001', body: 'x', clientId: 'c4' })).rejects.toMatchObject({ providerCode: 'network', retryable: true });
  });

  it('the stand-in checks the request as Mitake does', async () => {
    const post = async (form: Record<string, string>, charset = 'UTF-8') => {
      const res = await fetch(server.url(`/sandbox/sms/mitake/api/mtk/SmSend?CharsetURL=${charset}`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
      return parseMitakeAnswer(await res.text());
    };
    const creds = { ...SANDBOX_SMS_CREDENTIALS };
    expect((await post({ password: creds.password, dstaddr: '0912000002', smbody: 'x' })).statuscode).toBe('c');
    expect((await post({ ...creds, dstaddr: '02-23456789', smbody: 'x' })).statuscode).toBe('v');
    expect((await post({ ...creds, dstaddr: '0912000002', smbody: '' })).statuscode).toBe('u');
    expect((await post({ ...creds, dstaddr: '0912000002', smbody: 'x' }, 'Big5')).statuscode).toBe('y');
    expect(await post({ ...creds, dstaddr: '0912000002', smbody: 'hello' })).toMatchObject({ statuscode: '1', msgid: expect.stringMatching(/^\d+$/), AccountPoint: expect.any(String) });
    expect((await server.json('/sandbox/sms/messages?to=nope')).status).toBe(400);
  });

  it('a provider that refuses answers 503 SMS_UNAVAILABLE, and the code is not left usable', async () => {
    const broken = await startTestServer({ NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SMS_PROVIDER: 'mitake', MITAKE_USERNAME: 'sandbox', MITAKE_PASSWORD: 'wrong-password', MITAKE_API_BASE_URL: server.url('/sandbox/sms/mitake') }, { seedDemo: false });
    try {
      const { auth } = await signInNewUser(broken, 'Broken');
      const res = await broken.client.call('requestMobileCode', { headers: auth, body: { mobile: uniqueMobile() } });
      expect(res.status).toBe(503);
      expect(errorOf(res).code).toBe('SMS_UNAVAILABLE');
      expect(broken.db.db.select().from(mobileCodes).all().map((r) => r.status)).toEqual(['failed']);
    } finally {
      await broken.stop();
    }
  });
});
