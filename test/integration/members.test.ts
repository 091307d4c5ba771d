import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMember, requestSmsCode, signInNewUser, uniqueMobile } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { makeAdmin } from '../helpers/factories.ts';

let server: TestServer;
let admin: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  admin = (await makeAdmin(server)).auth;
});
afterAll(async () => {
  await server.stop();
});

type Err = { error: { code: string; message: string; field?: string } };

describe('registration and profile', () => {
  it('registers with a normalised mobile number and shows it back in the national form', async () => {
    const { auth } = await signInNewUser(server);
    const code = await requestSmsCode(server, auth, '+886 911-222-333');
    const res = await server.client.call('register', { headers: auth, body: { name: ' 林小華 ', mobile: '+886 911-222-333', code, birthday: '1999-02-28', consent: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '林小華', mobile: '0911222333', birthday: '1999-02-28', isRegistered: true });
  });

  it.each([
    [{ mobile: '02-2345-6789' }, 'mobile', '手機號碼格式不正確'],
    [{ mobile: '' }, 'mobile', '請輸入手機號碼'],
    [{ birthday: '2001-02-29' }, 'birthday', '請輸入正確的生日'],
    [{ birthday: '2999-01-01' }, 'birthday', '生日不可在未來'],
    [{ consent: false }, 'consent', '請閱讀並同意會員條款'],
    [{ name: '' }, 'name', '請輸入姓名'],
    [{ name: '名'.repeat(41) }, 'name', '姓名最多 40 字'],
  ])('refuses %j with a message on the field', async (override, field, message) => {
    const { auth } = await signInNewUser(server);
    const res = await server.client.call('register', { headers: auth, untypedBody: { name: '測試', mobile: uniqueMobile(), code: '123456', birthday: '1990-01-01', consent: true, ...override } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(res.body.error.message).toContain(message);
  });

  it('refuses a mobile number another member holds, even when two registrations race', async () => {
    const a = await signInNewUser(server);
    const b = await signInNewUser(server);
    const mobile = uniqueMobile();
    const body = { name: '搶號碼', mobile, birthday: '1990-01-01', consent: true };
    const codeA = await requestSmsCode(server, a.auth, mobile);
    const codeB = await requestSmsCode(server, b.auth, mobile);
    const [ra, rb] = await Promise.all([
      server.client.call('register', { headers: a.auth, untypedBody: { ...body, code: codeA } }),
      server.client.call('register', { headers: b.auth, untypedBody: { ...body, code: codeB } }),
    ]);
    const statuses = [ra.status, rb.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect(loser.body.error).toMatchObject({ code: 'MOBILE_TAKEN', field: 'mobile' });
    // Only someone who received the code texted to the number gets this far: they are told plainly, never whose it is.
    expect(loser.body.error.message).toContain('另一個會員帳號');
  });

  it('a repeated registration (double tap) answers the same; a different one is refused', async () => {
    const { auth } = await signInNewUser(server);
    const mobile = uniqueMobile();
    const body = { name: '雙擊', mobile, code: await requestSmsCode(server, auth, mobile), birthday: '1990-01-01', consent: true };
    expect((await server.client.call('register', { headers: auth, untypedBody: body })).status).toBe(200);
    expect((await server.client.call('register', { headers: auth, untypedBody: body })).status).toBe(200);
    const other = await server.client.call('register', { headers: auth, untypedBody: { ...body, name: '別人' } });
    expect(other.status).toBe(409);
  });

  it('edits name and mobile (re-checking uniqueness) but not the birthday', async () => {
    const first = await signInNewUser(server);
    const taken = uniqueMobile();
    await registerMember(server, first.auth, { mobile: taken });
    const { auth } = await signInNewUser(server);
    await registerMember(server, auth);
    const clash = await server.client.call('updateProfile', { headers: auth, body: { mobile: taken, code: await requestSmsCode(server, auth, taken) } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('MOBILE_TAKEN');
    const fresh = uniqueMobile();
    const ok = await server.client.call('updateProfile', { headers: auth, body: { name: '新名字', mobile: fresh, code: await requestSmsCode(server, auth, fresh) } });
    expect(ok.body).toMatchObject({ name: '新名字', mobile: fresh });
    const birthday = await server.client.call('updateProfile', { headers: auth, untypedBody: { birthday: '2000-01-01' } });
    expect(birthday.status).toBe(400);
  });

  it('a member only ever reads and changes themself', async () => {
    const a = await signInNewUser(server);
    await registerMember(server, a.auth, { name: '甲' });
    const b = await signInNewUser(server);
    await registerMember(server, b.auth, { name: '乙' });
    const meB = await server.client.call('getMe', { headers: b.auth });
    expect(meB.body.name).toBe('乙');
    // There is no member-id parameter to tamper with; console routes refuse members.
    for (const path of [`/api/console/members/${meB.body.id}`, '/api/console/members', '/api/console/staff', '/api/console/audit', '/api/console/stores']) {
      const res = await server.json<Err>(path, { headers: a.auth });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const write = await server.client.call('consoleSetRoles', { headers: a.auth, body: { isAdmin: true, staffStoreIds: [] }, params: { id: meB.body.id } });
    expect(write.status).toBe(403);
  });
});

describe('roles, stores and the audit log', () => {
  it('an admin makes a member staff at a store; the member sees it; the audit log says who and when', async () => {
    const staff = await signInNewUser(server, 'Amy');
    await registerMember(server, staff.auth, { name: '店員小美' });
    const found = await server.json<{ items: { id: number; name: string }[]; total: number }>('/api/console/members?q=' + encodeURIComponent('店員小美'), { headers: admin });
    expect(found.body.total).toBe(1);
    const memberId = found.body.items[0]!.id;
    const stores = await server.client.call('consoleListStores', { headers: admin });
    const xinyi = stores.body.items.find((s) => s.name === '信義店')!;
    const set = await server.client.call('consoleSetRoles', { headers: admin, body: { isAdmin: false, staffStoreIds: [xinyi.id] }, params: { id: memberId } });
    expect(set.status).toBe(200);
    expect(set.body.roles.staffStores).toEqual([{ id: xinyi.id, name: '信義店' }]);
    const me = await server.client.call('getMe', { headers: staff.auth });
    expect(me.body.roles.staffStores).toEqual([{ id: xinyi.id, name: '信義店' }]);
    const staffList = await server.client.call('consoleListStaff', { headers: admin });
    expect(staffList.body.items.map((m) => m.id)).toContain(memberId);
    const audit = await server.client.call('consoleAuditLog', { headers: admin });
    expect(audit.body.items[0]).toMatchObject({ action: 'staff.update', targetId: String(memberId), actor: { kind: 'member' }, details: { addedStoreIds: [xinyi.id] } });
  });

  it('unknown stores are refused and an admin cannot remove their own admin role', async () => {
    const me = await server.client.call('getMe', { headers: admin });
    const res = await server.client.call('consoleSetRoles', { headers: admin, body: { isAdmin: false, staffStoreIds: [] }, params: { id: me.body.id } });
    expect(res.status).toBe(403);
    const member = await signInNewUser(server);
    const target = await server.client.call('getMe', { headers: member.auth });
    const unknown = await server.client.call('consoleSetRoles', { headers: admin, body: { isAdmin: false, staffStoreIds: [99999] }, params: { id: target.body.id } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('staffStoreIds');
  });

  it('searches members by mobile in any typed form', async () => {
    const { auth } = await signInNewUser(server);
    const mobile = uniqueMobile();
    await registerMember(server, auth, { name: '電話搜尋', mobile });
    const dashed = `${mobile.slice(0, 4)}-${mobile.slice(4, 7)}-${mobile.slice(7)}`;
    const res = await server.client.call('consoleSearchMembers', { headers: admin, query: { q: dashed } });
    expect(res.body.items).toEqual([expect.objectContaining({ name: '電話搜尋', mobile })]);
    const partial = await server.client.call('consoleSearchMembers', { headers: admin, query: { q: mobile.slice(-6) } });
    expect(partial.body.items.map((i) => i.name)).toContain('電話搜尋');
    const wildcard = await server.client.call('consoleSearchMembers', { headers: admin, query: { q: '%' } });
    expect(wildcard.body.total).toBe(0);
  });

  it('creates and edits stores with validation and audit', async () => {
    const created = await server.client.call('consoleCreateStore', { headers: admin, body: { code: 'banqiao', name: '板橋店', address: '新北市板橋區', openingHours: '10:00–22:00' } });
    expect(created.status).toBe(201);
    expect(created.body.code).toBe('BANQIAO');
    const dup = await server.client.call('consoleCreateStore', { headers: admin, body: { code: 'BANQIAO', name: '又一間' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('code');
    const bad = await server.client.call('consoleCreateStore', { headers: admin, body: { code: 'B', name: '' } });
    expect(bad.status).toBe(400);
    const extra = await server.client.call('consoleCreateStore', { headers: admin, untypedBody: { code: 'OK1', name: 'x', hacker: true } });
    expect(extra.status).toBe(400);
    const closed = await server.client.call('consoleUpdateStore', { headers: admin, body: { isActive: false }, params: { id: created.body.id } });
    expect(closed.body.isActive).toBe(false);
    const { auth } = await signInNewUser(server);
    const publicList = await server.client.call('listStores', { headers: auth });
    expect(publicList.body.items.map((s) => s.code)).not.toContain('BANQIAO');
    const audit = await server.client.call('consoleAuditLog', { headers: admin });
    expect(audit.body.items.slice(0, 2).map((a) => a.action)).toEqual(['store.update', 'store.create']);
  });
});
