import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateMember } from '../../bot-server/members/member.repo.ts';
import { templateInput } from '../helpers/coupons.ts';
import { makeAdmin, makeCampaign, makeMember, makeStore, makeTemplate, issueCoupon, type Auth } from '../helpers/factories.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

/** English mode: the brand's optional English names are what an English-language member sees, zh-TW otherwise. */

const EN = { 'accept-language': 'en' };
const ZH = { 'accept-language': 'zh-TW' };
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

let server: TestServer;
let admin: Auth;
beforeAll(async () => {
  server = await startTestServer({}, { seedDemo: false });
  admin = (await makeAdmin(server)).auth;
});
afterAll(async () => {
  await server?.stop();
});

describe('English names of coupons, stores, campaigns and bundles', () => {
  it('stores the English versions (blank = none) and shows both to the console', async () => {
    const store = await makeStore(server, admin, { name: '信義旗艦店', nameEn: 'Xinyi Flagship' });
    const blank = await makeStore(server, admin, { name: '板橋店', nameEn: '   ' });
    const stores = await server.client.call('consoleListStores', { headers: admin });
    const byId = new Map(stores.body.items.map((s) => [s.id, s]));
    expect(byId.get(store.id)).toMatchObject({ name: '信義旗艦店', nameEn: 'Xinyi Flagship' });
    expect(byId.get(blank.id)!.nameEn).toBeNull();

    const tpl = await makeTemplate(server, admin, { name: '拿鐵兌換券', nameEn: 'Free latte', terms: '限中杯', termsEn: 'Medium size only', storeIds: [store.id, blank.id] });
    expect(tpl).toMatchObject({ name: '拿鐵兌換券', nameEn: 'Free latte', terms: '限中杯', termsEn: 'Medium size only' });
    const plain = await makeTemplate(server, admin, { name: '滿千折百' });
    expect(plain.nameEn).toBeNull();
  });

  it('uses them in the wallet and coupon detail in English mode, falling back to zh-TW', async () => {
    const store = await makeStore(server, admin, { name: '大安店', nameEn: 'Da-an' });
    const other = await makeStore(server, admin, { name: '中和店' });
    const tpl = await makeTemplate(server, admin, { name: '下午茶 9 折', nameEn: 'Afternoon tea 10% off', terms: '週一至週五', termsEn: 'Weekdays', storeIds: [store.id, other.id] });
    const plain = await makeTemplate(server, admin, { name: '現金券' });
    const member = await makeMember(server);
    const coupon = await issueCoupon(server, admin, tpl.id, member.mobile);
    await issueCoupon(server, admin, plain.id, member.mobile);

    const en = await server.client.call('walletList', { headers: { ...member.auth, ...EN }, query: { tab: 'active' } });
    const names = en.body.items.map((c) => c.template.name).sort();
    expect(names).toEqual(['Afternoon tea 10% off', '現金券']);
    const zh = await server.client.call('walletList', { headers: { ...member.auth, ...ZH }, query: { tab: 'active' } });
    expect(zh.body.items.map((c) => c.template.name).sort()).toEqual(['下午茶 9 折', '現金券']);

    const detail = await server.client.call('walletCoupon', { headers: { ...member.auth, ...EN }, params: { id: coupon.id } });
    expect(detail.body.template).toMatchObject({ name: 'Afternoon tea 10% off', terms: 'Weekdays' });
    expect(detail.body.template.stores).toEqual([
      { id: store.id, name: 'Da-an' },
      { id: other.id, name: '中和店' },
    ]);
    const detailZh = await server.client.call('walletCoupon', { headers: { ...member.auth, ...ZH }, params: { id: coupon.id } });
    expect(detailZh.body.template).toMatchObject({ name: '下午茶 9 折', terms: '週一至週五' });
    expect(detailZh.body.template.stores?.[0]?.name).toBe('大安店');
    // The store picker follows the language too.
    const stores = await server.client.call('listStores', { headers: { ...member.auth, ...EN } });
    expect(stores.body.items.find((s) => s.id === store.id)?.name).toBe('Da-an');
  });

  it('uses them in the claim centre: campaign, its coupon and a bundle', async () => {
    const tpl = await makeTemplate(server, admin, { name: '冬季熱飲券', nameEn: 'Winter hot drink' });
    await makeCampaign(server, admin, { name: '冬季暖心活動', nameEn: 'Winter warm-up', description: '天冷來杯熱的', descriptionEn: 'A hot drink for a cold day', templateId: tpl.id });
    const bare = await makeTemplate(server, admin, { name: '蛋糕券' });
    await makeCampaign(server, admin, { name: '蛋糕節', templateId: bare.id });
    const bundle = await server.client.call('consoleCreateBundle', { headers: admin, body: { name: '開幕禮包', nameEn: 'Opening pack', description: '兩張券', descriptionEn: 'Two coupons', items: [{ templateId: tpl.id, quantity: 2 }] } });
    expect(bundle.status).toBe(201);
    expect(bundle.body).toMatchObject({ name: '開幕禮包', nameEn: 'Opening pack', descriptionEn: 'Two coupons' });
    await makeCampaign(server, admin, { name: '開幕活動', templateId: null, bundleId: bundle.body.id });
    const member = await makeMember(server);

    const en = await server.client.call('claimCentre', { headers: { ...member.auth, ...EN } });
    const winter = en.body.items.find((c) => c.name === 'Winter warm-up');
    expect(winter).toMatchObject({ description: 'A hot drink for a cold day', offer: { name: 'Winter hot drink' } });
    // No English version: the zh-TW names.
    expect(en.body.items.find((c) => c.name === '蛋糕節')?.offer.name).toBe('蛋糕券');
    const opening = en.body.items.find((c) => c.name === '開幕活動');
    expect(opening?.offer.name).toBe('Opening pack');
    expect(opening?.offer.items).toEqual([{ name: 'Winter hot drink', quantity: 2 }]);

    const zh = await server.client.call('claimCentre', { headers: { ...member.auth, ...ZH } });
    expect(zh.body.items.map((c) => c.name)).toContain('冬季暖心活動');
    expect(zh.body.items.find((c) => c.name === '冬季暖心活動')?.offer.name).toBe('冬季熱飲券');
  });

  it('names the coupon in English, with an unambiguous date, in a notification to an English-language member', async () => {
    const until = '2027-12-01T15:59:00.000Z'; // 1 Dec 2027, 23:59 in Taipei
    const tpl = await makeTemplate(server, admin, { name: '生日蛋糕券', nameEn: 'Birthday cake', validity: { type: 'fixed', from: new Date(Date.now() - 86_400_000).toISOString(), until } });
    const bare = await makeTemplate(server, admin, { name: '無英文名券', validity: { type: 'fixed', from: new Date(Date.now() - 86_400_000).toISOString(), until } });
    const english = await makeMember(server, { following: true });
    updateMember(server.db.db, english.memberId, { language: 'en' });
    const chinese = await makeMember(server, { following: true });

    await issueCoupon(server, admin, tpl.id, english.mobile);
    await issueCoupon(server, admin, bare.id, english.mobile);
    await issueCoupon(server, admin, tpl.id, chinese.mobile);
    const enMessages = await waitFor(async () => {
      const m = await server.messagesTo(english.userId);
      return m.length >= 2 ? m : null;
    });
    const zhMessages = await waitFor(async () => {
      const m = await server.messagesTo(chinese.userId);
      return m.length >= 1 ? m : null;
    });
    const text = (m: { message: Record<string, unknown> }) => JSON.stringify(m.message);
    const cake = enMessages.find((m) => text(m).includes('Birthday cake'));
    expect(cake, JSON.stringify(enMessages.map((m) => m.message.altText))).toBeDefined();
    expect(text(cake!)).not.toContain('生日蛋糕券');
    expect(text(cake!)).toContain('1 Dec 2027');
    expect(text(cake!)).not.toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);
    // The coupon with no English name falls back to its zh-TW name inside the English message.
    expect(enMessages.some((m) => text(m).includes('無英文名券'))).toBe(true);
    const zhCake = zhMessages.find((m) => text(m).includes('生日蛋糕券'));
    expect(zhCake).toBeDefined();
    expect(text(zhCake!)).not.toContain('Birthday cake');
    expect(text(zhCake!)).toContain('2027/12/01');
    // The header text is readable on the accent: white on a colour at least 4.5:1.
    const header = (cake!.message as { contents: { header: { backgroundColor: string; contents: { color: string }[] } } }).contents.header;
    expect(header.contents.every((c) => c.color === '#FFFFFF')).toBe(true);
    expect(CJK.test('Birthday cake')).toBe(false);
  });

  it('refuses an over-long English name with a field error', async () => {
    const res = await server.client.call('consoleCreateCouponTemplate', { headers: admin, body: templateInput({ nameEn: 'x'.repeat(61) }) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('nameEn');
  });
});
