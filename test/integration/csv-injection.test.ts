import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemplate, issueByMobile } from '../helpers/coupons.ts';
import { registerMember, signInNewUser, uniqueMobile } from '../helpers/members.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';
import { makeAdmin } from '../helpers/factories.ts';

// A member can name themselves anything; the console's CSV downloads must not turn that name
// into a formula when an admin opens the file in Excel, LibreOffice or Google Sheets.

const EVIL_NAME = '=HYPERLINK("http://x","y")';
let server: TestServer;
let admin: Record<string, string>;
let evilMobile: string;

/** RFC 4180: quoted cells with "" for a quote, commas and newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function download(path: string): Promise<{ text: string; rows: string[][] }> {
  const res = await fetch(server.url(path), { headers: admin });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const text = await res.text();
  return { text, rows: parseCsv(text) };
}

/** No cell of the file starts the way a spreadsheet formula does. */
function expectNoFormulaCells(rows: string[][]): void {
  const risky = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
  expect(risky).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off' });
  admin = (await makeAdmin(server)).auth;
  const evil = await signInNewUser(server, '=cmd');
  evilMobile = uniqueMobile();
  await registerMember(server, evil.auth, { name: EVIL_NAME, mobile: evilMobile });
});
afterAll(async () => {
  await server.stop();
});

describe('CSV downloads neutralise formula-looking cells', () => {
  it('the issued-codes CSV of a coupon template', async () => {
    const t = await createTemplate(server, admin, { name: 'CSV 測試券' });
    const coupon = await issueByMobile(server, admin, t.id, evilMobile);
    const { text, rows } = await download(`/api/console/coupon-templates/${t.id}/codes.csv`);
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(rows[0]).toEqual(['code', 'status', 'uses_left', 'member', 'issued_at', 'valid_until']);
    const line = rows.find((r) => r[0] === coupon.code)!;
    expect(line[3]).toBe(`'${EVIL_NAME}`);
    expect(line.slice(1, 3)).toEqual(['active', '1']);
    expectNoFormulaCells(rows);
  });

  it('the result CSV of a bulk job: member names and the uploaded mobile list', async () => {
    const t = await createTemplate(server, admin, { name: 'CSV 名單券' });
    const job = await server.client.call('consoleCreateBulkJob', { headers: admin, body: { name: 'CSV 名單', templateId: t.id, audience: { type: 'mobiles' }, mobiles: [evilMobile, '=1+2', '@SUM(1;2)'] } });
    expect(job.status).toBe(201);
    await waitFor(async () => (await server.client.call('consoleBulkJob', { headers: admin, params: { id: job.body.id } })).body.status === 'done', 10_000);
    const { text, rows } = await download(`/api/console/bulk-jobs/${job.body.id}/result.csv`);
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(rows[0]).toEqual(['member_id', 'name', 'mobile', 'status', 'reason']);
    const member = rows.find((r) => r[1] === `'${EVIL_NAME}`)!;
    expect(member[2]).toBe(`'+886${evilMobile.slice(1)}`);
    expect(rows.map((r) => r[2])).toEqual(expect.arrayContaining(["'=1+2", "'@SUM(1;2)"]));
    expectNoFormulaCells(rows);
  });

  it('the redemption codes CSV of a campaign stays plain and parseable', async () => {
    const t = await createTemplate(server, admin, { name: 'CSV 序號券' });
    const c = await server.client.call('consoleCreateCampaign', { headers: admin, body: { name: 'CSV 序號', mode: 'code', templateId: t.id, generateCodes: 3, startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(c.status).toBe(201);
    const { rows } = await download(`/api/console/campaigns/${c.body.id}/codes.csv`);
    expect(rows[0]).toEqual(['code', 'used', 'used_at']);
    expect(rows.slice(1)).toHaveLength(3);
    for (const r of rows.slice(1)) expect(r).toEqual([expect.stringMatching(/^[A-Z0-9]{10}$/), 'no', '']);
    expectNoFormulaCells(rows);
  });
});
