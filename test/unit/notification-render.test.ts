import { describe, expect, it } from 'vitest';
import { validateMessages } from '../../bot-server/sandbox/message-rules.ts';
import { KINDS, NOTIFICATION_KINDS, variablesOf } from '../../shared/notifications/kinds.ts';
import { defaultTemplate, formatValue, renderNotification, toFlexMessage, validateTemplate } from '../../shared/notifications/render.ts';

const ctx = { lang: 'zh-TW' as const, timeZone: 'Asia/Taipei', brandName: '好日子咖啡', liffUrl: (p: string) => `https://liff.line.me/123-abc${p}` };

describe('notification templates', () => {
  it('every shipped default is valid in both languages', () => {
    for (const kind of NOTIFICATION_KINDS) expect(validateTemplate(defaultTemplate(kind)), kind).toEqual([]);
  });

  it('refuses unknown variables, naming the ones that exist', () => {
    const t = defaultTemplate('coupon_received');
    t.content['zh-TW'].body = '{{memberName}} 您的 {{coupon}} 到了';
    const problems = validateTemplate(t);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('content.zh-TW.body');
    expect(problems[0]!.message['zh-TW']).toContain('沒有 {{coupon}} 這個變數');
    expect(problems[0]!.message.en).toContain('couponName');
  });

  it('refuses over-long text, empty text, broken braces, bad links and colours', () => {
    const t = defaultTemplate('welcome');
    t.content.en.title = 'x'.repeat(61);
    t.content['zh-TW'].ctaLabel = ' ';
    t.content['zh-TW'].altText = '歡迎 {{memberName';
    t.ctaTarget = 'javascript:alert(1)';
    t.heroImageUrl = 'http://insecure.example.com/a.png';
    t.accentColor = 'green';
    expect(validateTemplate(t).map((p) => p.field).sort()).toEqual(
      ['accentColor', 'content.en.title', 'content.zh-TW.altText', 'content.zh-TW.ctaLabel', 'ctaTarget', 'heroImageUrl'].sort(),
    );
  });

  it('formats dates in brand time, money as NT$, integers grouped', () => {
    expect(formatValue({ type: 'date', required: true, label: { 'zh-TW': '', en: '' }, example: '' }, '2026-12-31T16:30:00Z', ctx)).toBe('2027/01/01');
    expect(formatValue({ type: 'money', required: true, label: { 'zh-TW': '', en: '' }, example: 0 }, 12345, ctx)).toBe('NT$12,345');
    expect(formatValue({ type: 'integer', required: true, label: { 'zh-TW': '', en: '' }, example: 0 }, 1280, ctx)).toBe('1,280');
  });

  it('renders a personal message with the member name and a LIFF CTA link', () => {
    const rendered = renderNotification(defaultTemplate('gift_received'), { memberName: '陳美玲', senderName: '王小明', couponName: '大杯拿鐵兌換券', expiresAt: '2026-12-31T15:59:59Z' }, ctx);
    expect(rendered.title).toBe('王小明 送您一份禮物');
    expect(rendered.body).toBe('陳美玲 您好，王小明 送給您「大杯拿鐵兌換券」，使用期限至 2026/12/31。');
    expect(rendered.ctaUrl).toBe('https://liff.line.me/123-abc/gifts');
    expect(rendered.altText).toBe('王小明 送您「大杯拿鐵兌換券」');
  });

  it('stays inside LINE limits whatever the variables hold (altText ≤ 1,500, bubble ≤ 30 KB)', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const t = defaultTemplate(kind);
      t.heroImageUrl = `https://cdn.example.com/${'a'.repeat(900)}.png`;
      const huge = Object.fromEntries(Object.keys(variablesOf(kind)).map((k) => [k, '長'.repeat(5000)]));
      for (const lang of ['zh-TW', 'en'] as const) {
        const message = toFlexMessage(renderNotification(t, huge, { ...ctx, lang }), '好日子咖啡');
        expect(validateMessages([message]), `${kind} ${lang}`).toEqual([]);
        expect([...(message.altText as string)].length).toBeLessThanOrEqual(1500);
        expect(Buffer.byteLength(JSON.stringify(message.contents))).toBeLessThan(30 * 1024);
      }
    }
  });

  it('every kind declares the variables its default template uses', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const known = Object.keys(variablesOf(kind));
      for (const lang of ['zh-TW', 'en'] as const) {
        const all = Object.values(KINDS[kind].defaults[lang]).join(' ');
        for (const m of all.matchAll(/\{\{(\w+)\}\}/g)) expect(known, `${kind}.${m[1]}`).toContain(m[1]);
      }
    }
  });
});
