import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../bot-server/auth/actor.ts';
import { loadConfig } from '../../bot-server/config.ts';
import { transact } from '../../bot-server/db/client.ts';
import { commitGrouped, observeGroupCommit } from '../../bot-server/db/group-commit.ts';
import { LOCKOUTS } from '../../bot-server/limits/rules.ts';
import { makeAdmin, makeApiKey, makeMember, makeStore, makeTemplate, type Auth } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// A second pair of eyes on group commit (issue 17): what going async changed. Requests are called
// on the services in one turn of the event loop, so they deterministically share one batch — the
// situation parallel HTTP requests produce under load.

let server: TestServer;
let admin: Auth;

beforeAll(async () => {
  // The server's own default (full), not the test helper's `normal`.
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off', DB_SYNCHRONOUS: 'full' }, { seedDemo: false });
  admin = (await makeAdmin(server)).auth;
});
afterAll(async () => {
  await server.stop();
});

const memberActor = (memberId: number): Actor => ({ kind: 'member', memberId, lineUserId: `U${'0'.repeat(32)}`, isRegistered: true, isAdmin: false, staffStoreIds: [] });
const storeCodes = (prefix: string) => (server.db.sqlite.prepare('select code from stores where code like ? order by code').all(`${prefix}%`) as { code: string }[]).map((r) => r.code);
const insertStoreRow = (code: string) => server.db.sqlite.prepare('insert into stores (code, name) values (?, ?)').run(code, code);

describe('durability settings on the server connection', () => {
  it('the server writes at synchronous=FULL in WAL mode by default, with automatic checkpoints off', () => {
    expect(loadConfig({}).dbSynchronous).toBe('full');
    expect(server.db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(server.db.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(server.db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });
});

describe('lock-outs still count every guess when guesses share a batch', () => {
  it('redemption codes: a member firing many codes at once gets no more than the lock-out allows evaluated', async () => {
    const template = await makeTemplate(server, admin, { name: '兌換碼批次券' });
    const now = Date.now();
    const c = await server.client.call('consoleCreateCampaign', { headers: admin, body: { name: '批次兌換碼', mode: 'code', templateId: template.id, generateCodes: 2, startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() } });
    expect(c.status).toBe(201);
    const csv = await (await fetch(server.url(`/api/console/campaigns/${c.body.id}/codes.csv`), { headers: admin })).text();
    const [right] = csv.replace(/^\uFEFF/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
    const guesser = await makeMember(server);
    const actor = memberActor(guesser.memberId);
    const { maxMisses } = LOCKOUTS.codeMember;
    // maxMisses + 3 wrong guesses, then the right code — all in one turn, as a script on many connections sends them.
    const guesses = [...Array.from({ length: maxMisses + 3 }, (_, i) => `WRONG${i}X${now.toString(36).toUpperCase()}`), right!];
    const answers = await Promise.allSettled(guesses.map((code) => server.services.campaigns.redeemCode(actor, code, '198.51.100.77')));
    const codes = answers.map((a) => (a.status === 'fulfilled' ? 'CLAIMED' : (a.reason as { code: string }).code));
    // The first maxMisses-1 misses are told CODE_INVALID, the one that reaches the limit and every later guess RATE_LIMITED…
    expect(codes.slice(0, maxMisses - 1)).toEqual(Array(maxMisses - 1).fill('CODE_INVALID'));
    expect(codes.slice(maxMisses - 1)).toEqual(Array(guesses.length - maxMisses + 1).fill('RATE_LIMITED'));
    // …and the right code, guessed past the limit, claimed nothing: it was refused, not tried.
    const claims = server.db.sqlite.prepare('select count(*) as n from campaign_claims where member_id = ?').get(guesser.memberId) as { n: number };
    expect(claims.n).toBe(0);
  });

  it('POS purchases naming unknown members: the till is locked out within one batch, and a later right member is refused', async () => {
    const store = await makeStore(server, admin);
    const key = await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [store.id] });
    const till: Actor = { kind: 'apiKey', keyId: key.id, name: 'till', scopes: ['pos'], storeIds: [store.id] };
    const known = await makeMember(server, { mobileVerified: true });
    const { maxMisses } = LOCKOUTS.counterActor;
    const sale = (i: number, mobile: string) => ({ storeId: store.id, orderNo: `GCR-${Date.now()}-${i}`, member: { mobile }, lines: [{ sku: 'BEAN', quantity: 1, unitPrice: 100 }], total: 100, paid: 100, couponRedemptions: [] });
    const mobiles = [...Array.from({ length: maxMisses + 2 }, (_, i) => `0987${String(100_000 + i).padStart(6, '0')}`), known.mobile];
    const answers = await Promise.allSettled(mobiles.map((m, i) => server.services.points.recordPurchase(till, sale(i, m), { lang: 'en' })));
    const codes = answers.map((a) => (a.status === 'fulfilled' ? 'RECORDED' : (a.reason as { code: string }).code));
    expect(codes.slice(0, maxMisses - 1)).toEqual(Array(maxMisses - 1).fill('MEMBER_NOT_FOUND'));
    expect(codes.slice(maxMisses - 1)).toEqual(Array(mobiles.length - maxMisses + 1).fill('RATE_LIMITED'));
    const purchases = server.db.sqlite.prepare('select count(*) as n from points_purchases where member_id = ?').get(known.memberId) as { n: number };
    expect(purchases.n).toBe(0);
  });
});

describe('savepoint semantics', () => {
  it('a commitGrouped nested in an open transaction that fails throws into it, so the enclosing work rolls back too', async () => {
    let nested: Promise<unknown> | undefined;
    expect(() =>
      transact(server.db.db, () => {
        insertStoreRow('GCR-OUTER');
        nested = commitGrouped(server.db.db, () => {
          insertStoreRow('GCR-INNER');
          throw new Error('inner refused');
        });
        // Without the throw the enclosing transaction would go on and commit as if the inner work were done.
        insertStoreRow('GCR-AFTER');
      }),
    ).toThrow('inner refused');
    expect(nested).toBeUndefined();
    expect(storeCodes('GCR-')).toEqual([]);
  });

  it('a request that catches a UNIQUE violation keeps its other writes; a promise-returning fn is refused and only its writes undone', async () => {
    insertStoreRow('GCS-TAKEN');
    const caught = commitGrouped(server.db.db, () => {
      insertStoreRow('GCS-C1');
      try {
        insertStoreRow('GCS-TAKEN');
      } catch {
        // a domain answer instead of the constraint error: only the failed statement was undone
      }
      insertStoreRow('GCS-C2');
      return 'kept';
    });
    const asyncFn = commitGrouped(server.db.db, ((): Promise<void> => {
      insertStoreRow('GCS-ASYNC');
      return Promise.resolve();
    }) as unknown as () => void);
    const after = commitGrouped(server.db.db, () => insertStoreRow('GCS-D'));
    const [a, b, c] = await Promise.allSettled([caught, asyncFn, after]);
    expect(a).toEqual({ status: 'fulfilled', value: 'kept' });
    expect(b).toMatchObject({ status: 'rejected', reason: { name: 'TypeError' } });
    expect(c.status).toBe('fulfilled');
    expect(storeCodes('GCS-')).toEqual(['GCS-C1', 'GCS-C2', 'GCS-D', 'GCS-TAKEN']);
  });

  it('a batch observer that throws does not leave the batch unanswered', async () => {
    observeGroupCommit(server.db.db, () => {
      throw new Error('metrics broke');
    });
    try {
      const answer = await Promise.race([commitGrouped(server.db.db, () => 'answered'), new Promise((r) => setTimeout(() => r('hung'), 2000))]);
      expect(answer).toBe('answered');
    } finally {
      observeGroupCommit(server.db.db, () => {});
    }
  });
});
