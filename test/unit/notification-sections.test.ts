import { describe, expect, it } from 'vitest';
import { welcomeVariables } from '../../bot-server/members/welcome.port.ts';
import { registrationBenefits, welcomeMessage } from '../../bot-server/line/flex/bot-replies.ts';
import { defaultTemplate, markAsTest, renderNotification, resolveSections, validateTemplate } from '../../shared/notifications/render.ts';

const ctx = { lang: 'zh-TW' as const, timeZone: 'Asia/Taipei', brandName: '好日子咖啡', liffUrl: (p: string) => `https://liff.line.me/123-abc${p}` };
const en = { ...ctx, lang: 'en' as const };

describe('conditional sections in templates', () => {
  it('drops a section whose variable is missing, empty or 0, keeps it otherwise; ^ is the opposite', () => {
    const text = '已使用{{#usesLeft}}，剩餘 {{usesLeft}} 次{{/usesLeft}}{{^usesLeft}}（已用完）{{/usesLeft}}。';
    expect(resolveSections(text, { usesLeft: 0 })).toBe('已使用（已用完）。');
    expect(resolveSections(text, {})).toBe('已使用（已用完）。');
    expect(resolveSections(text, { usesLeft: '' })).toBe('已使用（已用完）。');
    expect(resolveSections(text, { usesLeft: 4 })).toBe('已使用，剩餘 {{usesLeft}} 次。');
    expect(resolveSections('{{#a}}A{{#b}}B{{/b}}{{/a}}', { a: 1 })).toBe('A');
    expect(resolveSections('{{#a}}A{{#b}}B{{/b}}{{/a}}', { a: 1, b: 'x' })).toBe('AB');
  });

  it('the redeemed notice: no 「剩餘 0 次」 for a single-use coupon, the discount when known', () => {
    const t = defaultTemplate('coupon_redeemed');
    const base = { memberName: '王小明', couponName: 'NT$50 現金券', storeName: '信義店', redeemedAt: '2026-11-23T07:30:00Z' };
    const single = renderNotification(t, { ...base, usesLeft: 0, discount: 50 }, ctx);
    expect(single.body).not.toContain('剩餘');
    expect(single.body).toContain('在信義店使用，折抵 NT$50。');
    const multi = renderNotification(t, { ...base, usesLeft: 4 }, ctx);
    expect(multi.body).toContain('使用，剩餘 4 次。');
    expect(multi.body).not.toContain('折抵');
    expect(renderNotification(t, { ...base, usesLeft: 0 }, en).body).not.toMatch(/Uses left/);
  });

  it('the received notice can name what the coupon gives and its stores', () => {
    const t = defaultTemplate('coupon_received');
    const r = renderNotification(t, { memberName: '王小明', couponName: '滿千折百', couponSummary: '滿 NT$1,000 折 NT$100', storeNames: '信義店', expiresAt: '2026-12-31T15:59:59Z' }, ctx);
    expect(r.body).toBe('王小明 您好，「滿千折百」已放入您的票券夾（滿 NT$1,000 折 NT$100），使用期限至 2026/12/31。限信義店使用。');
    expect(renderNotification(t, { couponName: '滿千折百' }, ctx).body).toBe('您好，「滿千折百」已放入您的票券夾。');
  });

  it('validation accepts sections, refuses an unclosed one or an unknown variable in a tag, and old templates stay valid', () => {
    const t = defaultTemplate('coupon_redeemed');
    expect(validateTemplate(t)).toEqual([]);
    t.content['zh-TW'].body = '{{#usesLeft}}剩餘 {{usesLeft}} 次';
    expect(validateTemplate(t)[0]!.message['zh-TW']).toContain('須以 {{/usesLeft}} 結束');
    t.content['zh-TW'].body = '{{#nope}}x{{/nope}}';
    expect(validateTemplate(t)[0]!.message['zh-TW']).toContain('沒有 {{nope}} 這個變數');
    t.content['zh-TW'].body = '「{{couponName}}」已在{{storeName}}使用，剩餘 {{usesLeft}} 次。';
    expect(validateTemplate(t)).toEqual([]);
  });

  it('a test send is marked in the title and the notification text', () => {
    const r = markAsTest(renderNotification(defaultTemplate('coupon_received'), { couponName: 'A' }, ctx), 'zh-TW');
    expect(r.title).toBe('【測試】您獲得了一張票券');
    expect(r.altText.startsWith('【測試】')).toBe(true);
    expect(markAsTest(renderNotification(defaultTemplate('coupon_received'), { couponName: 'A' }, en), 'en').title).toBe('[TEST] A coupon for you');
  });
});

describe('the welcomes say only what is on', () => {
  const none = { welcomeGift: null, birthdayGift: null, points: false };
  const all = { welcomeGift: 'NT$50 現金券', birthdayGift: '壽星生日禮', points: true };

  it('the welcome notice: features off say nothing more than thanks; on, each is named', () => {
    const t = defaultTemplate('welcome');
    const off = renderNotification(t, { memberName: '小明', ...welcomeVariables(none) }, ctx).body;
    expect(off).toBe('小明 您好，感謝您完成註冊。');
    const on = renderNotification(t, { memberName: '小明', ...welcomeVariables(all) }, ctx).body;
    expect(on).toContain('入會禮「NT$50 現金券」已放入您的票券夾');
    expect(on).toContain('「壽星生日禮」');
    expect(on).toContain('累積點數');
    expect(renderNotification(t, { memberName: 'Ming', ...welcomeVariables(none) }, en).body).toBe('Hi Ming, thanks for registering.');
  });

  it('the follow reply lists only what is on', () => {
    expect(registrationBenefits(none)).toBe('完成會員註冊，即可使用票券夾與領券中心。');
    expect(registrationBenefits({ ...none, birthdayGift: '壽星禮' })).toBe('完成會員註冊，即可在生日當月領取生日禮。');
    expect(registrationBenefits(all)).toBe('完成會員註冊，即可領取入會禮「NT$50 現金券」、在生日當月領取生日禮、消費累積點數。');
    const message = JSON.stringify(welcomeMessage({ brandName: '好日子', displayName: 'Kevin', registered: false, registerUrl: 'https://x/register', walletUrl: 'https://x/wallet', offers: none }));
    expect(message).not.toMatch(/點數|生日禮|專屬優惠/);
  });
});
