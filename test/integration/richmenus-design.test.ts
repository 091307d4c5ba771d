import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRichMenuDesignInput, TRichMenuProblem, TRichMenuRender, TRichMenuVersionInput } from '../../shared/api/richmenus.ts';
import { cuts, RICH_MENU_DIMENSIONS, templatesFor } from '../../shared/richmenus/layouts.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { JobRunner } from '../../bot-server/jobs/runner.ts';
import { encodeWithinLimit } from '../../bot-server/richmenus/render.ts';
import { RICH_MENU_PUBLISH_JOB, RICH_MENU_RELINK_JOB, RICH_MENU_TICK_JOB } from '../../bot-server/richmenus/richmenu.service.ts';
import { makeAdmin, type Auth } from '../helpers/factories.ts';
import { pageArea, sixAreaMenu } from '../helpers/richmenus.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The designer's rules (every LINE limit with the message a marketer sees), the server-rendered
// image (size, dimensions, bytes, labels drawn inside their own areas, pixel-exact boundaries),
// the brand's own image upload, and a scheduled menu switching on time in brand time.

let server: TestServer;
let admin: Auth;

beforeAll(async () => {
  server = await startTestServer({ WORKERS: 'off', NOTIFY_DISPATCHER: 'off' });
  admin = (await makeAdmin(server)).auth;
});
afterAll(async () => {
  await server?.stop();
});

const version = (menus: TRichMenuDesignInput[], audiences: TRichMenuVersionInput['audiences'] = { default: menus[0]!.key }): TRichMenuVersionInput => ({ name: 'test', menus, audiences });

async function problemsOf(input: TRichMenuVersionInput): Promise<TRichMenuProblem[]> {
  const res = await server.client.call('consoleValidateRichMenuVersion', { headers: admin, body: input });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { problems: TRichMenuProblem[] }).problems;
}

function png(width: number, height: number): string {
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#06C755';
  g.fillRect(0, 0, width, height);
  return canvas.toBuffer('image/png').toString('base64');
}

describe('standard grids', () => {
  it('cut the image at integer boundaries shared by neighbours, tiling it exactly', () => {
    expect(cuts(2500, [1, 1, 1])).toEqual([0, 833, 1666, 2500]);
    for (const size of ['large', 'compact'] as const) {
      const { width, height } = RICH_MENU_DIMENSIONS[size];
      for (const t of templatesFor(size)) {
        const area = t.cells.reduce((n, c) => n + c.width * c.height, 0);
        expect(area, `${size} ${t.template}`).toBe(width * height);
        for (const c of t.cells) {
          expect([c.x, c.y, c.width, c.height].every(Number.isInteger)).toBe(true);
          expect(c.x + c.width).toBeLessThanOrEqual(width);
          expect(c.y + c.height).toBeLessThanOrEqual(height);
        }
      }
    }
  });
});

describe('validation: every LINE limit, with the message a marketer sees', () => {
  it('chat-bar text: required, at most 14 characters (a CJK character counts one)', async () => {
    expect(await problemsOf(version([sixAreaMenu('a', { chatBarText: '十四個字的選單列文字剛剛好喔' })]))).toEqual([]);
    const [p] = await problemsOf(version([sixAreaMenu('a', { chatBarText: '十五個字的選單列文字太長了啦喔' })]));
    expect(p).toMatchObject({ code: 'CHAT_BAR_TEXT_TOO_LONG', path: 'menus.0.chatBarText', 'zh-TW': '選單列文字最多 14 字（目前 15 字）', en: 'The chat-bar text can be at most 14 characters (now 15)', severity: 'error' });
    expect((await problemsOf(version([sixAreaMenu('a', { chatBarText: ' ' })])))[0]).toMatchObject({ code: 'CHAT_BAR_TEXT_REQUIRED', 'zh-TW': expect.stringContaining('選單列文字') });
  });

  it('areas: at most 20, one per cell of the layout, inside the image', async () => {
    const custom = await problemsOf(version([sixAreaMenu('a', { layout: { kind: 'custom', rows: 5, columns: 5 } })]));
    expect(custom[0]).toMatchObject({ code: 'CUSTOM_GRID_INVALID', en: expect.stringContaining('at most 20 areas') });
    const mismatch = await problemsOf(version([sixAreaMenu('a', { layout: { kind: 'template', template: 'grid_2x2' } })]));
    expect(mismatch[0]).toMatchObject({ code: 'AREA_COUNT_MISMATCH', 'zh-TW': '這個版型有 4 格，請為每一格設定動作（目前 6 格）' });
    const wrongSize = await problemsOf(version([sixAreaMenu('a', { size: 'compact' })]));
    expect(wrongSize[0]).toMatchObject({ code: 'TEMPLATE_NOT_FOR_SIZE' });

    const upload = await server.client.call('consoleUploadRichMenuImage', { headers: admin, body: { contentType: 'image/png', dataBase64: png(1200, 810) } });
    expect(upload.status).toBe(201);
    const imageId = (upload.body as { id: number }).id;
    const drawn = (n: number, bounds = { x: 0, y: 0, width: 50, height: 50 }) =>
      version([{ key: 'img', name: 'img', chatBarText: '選單', size: 'large', layout: { kind: 'image', imageId }, areas: Array.from({ length: n }, () => ({ ...pageArea('', 'wallet'), bounds })) }]);
    expect(await problemsOf(drawn(20))).toEqual([]);
    expect((await problemsOf(drawn(21)))[0]).toMatchObject({ code: 'TOO_MANY_AREAS', 'zh-TW': '一個選單最多 20 個區塊（目前 21 個）' });
    expect((await problemsOf(drawn(1, { x: 1100, y: 0, width: 101, height: 50 })))[0]).toMatchObject({ code: 'AREA_OUT_OF_BOUNDS', path: 'menus.0.areas.0.bounds' });
    expect((await problemsOf(drawn(0)))[0]).toMatchObject({ code: 'NO_AREAS' });
  });

  it('actions: a real URL, texts within LINE lengths, a tab switch to a tab that exists', async () => {
    const withAction = (action: unknown) => version([sixAreaMenu('a', { areas: [{ label: 'x', action: action as never }, ...sixAreaMenu().areas.slice(1)] })]);
    expect((await problemsOf(withAction({ type: 'uri', uri: 'https://not a url' })))[0]).toMatchObject({ code: 'URI_INVALID', en: expect.stringContaining('https://') });
    expect((await problemsOf(withAction({ type: 'uri', uri: 'javascript:alert(1)' })))[0]).toMatchObject({ code: 'URI_INVALID' });
    expect(await problemsOf(withAction({ type: 'uri', uri: 'https://example.com/menu?x=1' }))).toEqual([]);
    expect((await problemsOf(withAction({ type: 'message', text: '字'.repeat(301) })))[0]).toMatchObject({ code: 'MESSAGE_TEXT_TOO_LONG' });
    expect((await problemsOf(withAction({ type: 'postback', data: 'd'.repeat(301) })))[0]).toMatchObject({ code: 'POSTBACK_DATA_TOO_LONG' });
    expect((await problemsOf(withAction({ type: 'switch', to: 'nowhere' })))[0]).toMatchObject({ code: 'SWITCH_TARGET_UNKNOWN', 'zh-TW': '找不到要切換的分頁「nowhere」' });
    expect((await problemsOf(withAction({ type: 'switch', to: 'a' })))[0]).toMatchObject({ code: 'SWITCH_TO_SELF' });
  });

  it('tab keys are LINE aliases (^[a-z0-9_-]{1,32}$), once each; audiences name menus that exist', async () => {
    const bad = await server.client.call('consoleValidateRichMenuVersion', { headers: admin, body: version([sixAreaMenu('Main Tab')]) });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { message: string } }).error.message).toContain('代稱');
    expect((await problemsOf(version([sixAreaMenu('a'), sixAreaMenu('a')])))[0]).toMatchObject({ code: 'MENU_KEY_DUPLICATE' });
    expect((await problemsOf(version([sixAreaMenu('a')], { default: 'a', unregistered: 'join' })))[0]).toMatchObject({ code: 'AUDIENCE_MENU_UNKNOWN', path: 'audiences.unregistered' });
  });

  it('warns (without blocking) when a label does not reach AA contrast', async () => {
    const pale = sixAreaMenu('a');
    pale.areas[0] = { ...pale.areas[0]!, color: '#9CA3AF', background: '#FFFFFF' };
    const problems = await problemsOf(version([pale]));
    expect(problems).toEqual([expect.objectContaining({ code: 'LOW_CONTRAST', severity: 'warning', path: 'menus.0.areas.0.color' })]);
  });
});

describe('the brand’s own image', () => {
  const upload = (contentType: string, dataBase64: string) => server.client.call('consoleUploadRichMenuImage', { headers: admin, body: { contentType, dataBase64 } as never });
  const codes = (res: { body: unknown }) => ((res.body as { error: { details: { problems: { code: string }[] } } }).error.details.problems ?? []).map((p) => p.code);

  it('accepts a PNG that meets LINE’s rules, and names every rule another breaks', async () => {
    const ok = await upload('image/png', png(2500, 843));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ width: 2500, height: 843, size: 'compact', contentType: 'image/png' });
    expect(codes(await upload('image/png', png(700, 300)))).toEqual(['IMAGE_TOO_NARROW']);
    expect(codes(await upload('image/png', png(2600, 1000)))).toEqual(['IMAGE_TOO_WIDE']);
    expect(codes(await upload('image/png', png(1000, 200)))).toEqual(['IMAGE_TOO_SHORT']);
    const square = await upload('image/png', png(1200, 900));
    expect(codes(square)).toEqual(['IMAGE_ASPECT']);
    expect((square.body as { error: { message: string } }).error.message).toContain('寬高比須至少 1.45（目前 1.33）');
    const gif = await upload('image/png', Buffer.from('GIF89a not a png').toString('base64'));
    expect(gif.status).toBe(400);
    expect(codes(gif)).toEqual(['IMAGE_UNREADABLE']);
  });

  it('refuses an image over 1 MB with its size in the message', async () => {
    const canvas = createCanvas(2500, 1686);
    const g = canvas.getContext('2d');
    const data = g.createImageData(2500, 1686);
    for (let i = 0; i < data.data.length; i += 1) data.data[i] = (i * 2654435761) % 251;
    g.putImageData(data, 0, 0);
    const big = canvas.toBuffer('image/jpeg', 95);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const res = await upload('image/jpeg', big.subarray(0, 1_100_000).toString('base64'));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/1 MB/);
  });
});

describe('rendering on the server', () => {
  it('draws a 6-area menu at 2500×1686 under 1 MB, each label inside its own area, tiles pixel-exact', async () => {
    const menu = sixAreaMenu('main');
    menu.background = '#FFFFFF';
    menu.areas = menu.areas.map((a, i) => ({ ...a, background: i % 2 ? '#067A37' : '#FEF3C7', color: i % 2 ? '#FFFFFF' : '#7C2D12' }));
    const res = await server.client.call('consoleRenderRichMenu', { headers: admin, body: { menu } });
    expect(res.status).toBe(200);
    const r = res.body as TRichMenuRender;
    expect(r).toMatchObject({ width: 2500, height: 1686, contentType: 'image/png' });
    const bytes = Buffer.from(r.dataUrl.split(',')[1]!, 'base64');
    expect(bytes.length).toBe(r.bytes);
    expect(r.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(r.areas).toEqual(templatesFor('large').find((t) => t.template === 'grid_3x2')!.cells);

    const image = await loadImage(bytes);
    expect([image.width, image.height]).toEqual([2500, 1686]);
    const canvas = createCanvas(2500, 1686);
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const px = (x: number, y: number) => {
      const d = g.getImageData(x, y, 1, 1).data;
      return `#${[d[0], d[1], d[2]].map((v) => v!.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
    };
    r.areas.forEach((b, i) => {
      const tile = i % 2 ? '#067A37' : '#FEF3C7';
      const ink = i % 2 ? [255, 255, 255] : [0x7c, 0x2d, 0x12];
      // The tile starts 3 px inside the area's bounds on every side (the gap between tiles is the menu's background).
      expect(px(b.x + 3, b.y + 3)).toBe(tile);
      expect(px(b.x + b.width - 4, b.y + b.height - 4)).toBe(tile);
      expect(px(b.x + 2, b.y + 2)).toBe('#FFFFFF');
      // Label ink (the label's colour) inside the area's lower half, where the label sits under the icon.
      const data = g.getImageData(b.x, b.y + Math.floor(b.height / 2), b.width, Math.floor(b.height / 2)).data;
      let inked = 0;
      for (let p = 0; p < data.length; p += 4) if (Math.abs(data[p]! - ink[0]!) + Math.abs(data[p + 1]! - ink[1]!) + Math.abs(data[p + 2]! - ink[2]!) < 30) inked += 1;
      expect(inked, `area ${i}`).toBeGreaterThan(2000);
    });
  });

  it('re-encodes as JPEG, stepping quality down, when a PNG would pass 1 MB', async () => {
    const canvas = createCanvas(2500, 1686);
    const g = canvas.getContext('2d');
    const data = g.createImageData(2500, 1686);
    // A photo-like gradient with grain: PNG ≈ 4.9 MB, JPEG at 92 ≈ 1.5 MB, at 85 under 1 MB.
    let seed = 7;
    for (let i = 0; i < data.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = (seed >> 16) % 24;
      const x = (i / 4) % 2500;
      data.data[i] = (x / 10 + n) & 255;
      data.data[i + 1] = (x / 20 + n) & 255;
      data.data[i + 2] = (200 - x / 25 + n) & 255;
      data.data[i + 3] = 255;
    }
    g.putImageData(data, 0, 0);
    expect((await canvas.encode('png')).length).toBeGreaterThan(1024 * 1024);
    const out = await encodeWithinLimit(canvas);
    expect(out.contentType).toBe('image/jpeg');
    expect(out.data.length).toBeLessThanOrEqual(1024 * 1024);
    expect(out.data.length).toBeLessThan((await canvas.encode('jpeg', 92)).length);
    const decoded = await loadImage(out.data);
    expect([decoded.width, decoded.height]).toEqual([2500, 1686]);
  });
});

describe('a schedule', () => {
  it('switches to the festival menu on time in brand time, then back to the previous version', async () => {
    const year = new Date().getUTCFullYear() + 1;
    let clock = new Date(`${year}-12-19T15:59:00Z`); // 23:59 on 12/19 in Taipei
    const runner = new JobRunner({ db: server.db.db, log: createLogger('silent'), timeZone: 'Asia/Taipei', now: () => clock });
    const rm = server.services.richMenus;
    runner.define(RICH_MENU_PUBLISH_JOB, rm.publishJob() as never).define(RICH_MENU_RELINK_JOB, rm.relinkJob() as never).define(RICH_MENU_TICK_JOB, rm.tickJob()).schedule(rm.tickSchedule());
    const chatBar = () => (server.sandbox!.state.richMenus.get(server.sandbox!.state.defaultRichMenuId ?? '')?.body as { chatBarText?: string } | undefined)?.chatBarText;

    const everyday = await server.client.call('consoleCreateRichMenuVersion', { headers: admin, body: version([sixAreaMenu('main', { chatBarText: '會員選單' })]) });
    const festival = await server.client.call('consoleCreateRichMenuVersion', { headers: admin, body: { ...version([sixAreaMenu('main', { chatBarText: '聖誕優惠' })]), name: '聖誕' } });
    const everydayId = (everyday.body as { id: number }).id;
    const festivalId = (festival.body as { id: number }).id;
    expect((await server.client.call('consolePublishRichMenuVersion', { headers: admin, params: { id: everydayId } })).status).toBe(200);
    await runner.runUntilIdle();
    expect(chatBar()).toBe('會員選單');

    const s = await server.client.call('consoleScheduleRichMenuVersion', { headers: admin, params: { id: festivalId }, body: { startsAt: `${year}-12-20T00:00`, endsAt: `${year}-12-26T23:59` } });
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ status: 'pending', startsAt: `${year}-12-20T00:00`, versionName: '聖誕' });
    const overlap = await server.client.call('consoleScheduleRichMenuVersion', { headers: admin, params: { id: everydayId }, body: { startsAt: `${year}-12-25T00:00`, endsAt: `${year}-12-27T00:00` } });
    expect(overlap.status).toBe(400);

    await runner.runUntilIdle(); // 23:59 on 12/19, Taipei: not yet
    expect(chatBar()).toBe('會員選單');
    clock = new Date(`${year}-12-19T16:00:20Z`); // 00:00 on 12/20, Taipei
    await runner.runUntilIdle();
    await runner.runUntilIdle();
    expect(chatBar()).toBe('聖誕優惠');
    expect(rm.overview().liveVersionId).toBe(festivalId);

    clock = new Date(`${year}-12-26T15:58:20Z`); // 23:58 on 12/26: still the festival
    await runner.runUntilIdle();
    expect(chatBar()).toBe('聖誕優惠');
    clock = new Date(`${year}-12-26T15:59:20Z`); // 23:59 on 12/26: back
    await runner.runUntilIdle();
    await runner.runUntilIdle();
    expect(chatBar()).toBe('會員選單');
    expect(rm.overview().liveVersionId).toBe(everydayId);
    expect(rm.overview().schedules[0]).toMatchObject({ status: 'done', previousVersionId: everydayId });
  }, 30_000);
});
