import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZJobsOverview } from '../../shared/api/jobs.ts';
import { birthdayPacksJob, birthdayPacksSchedule, BIRTHDAY_PACKS_CRON, BIRTHDAY_PACKS_JOB } from '../../bot-server/campaigns/birthday-packs.job.ts';
import { migrateDatabase, openDatabase, type DbHandle } from '../../bot-server/db/client.ts';
import { jobs, jobSchedules, outbox, runtimeFlags } from '../../bot-server/db/schema.ts';
import { enqueueJob, findJobByKey } from '../../bot-server/jobs/jobs.repo.ts';
import { JobRunner, type ScheduleDef } from '../../bot-server/jobs/runner.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { registeredMembersWithSessions, signInAs } from '../helpers/members.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

const ADMIN = 'U0000000000000000000000000000a005';
const MEMBER = 'U0000000000000000000000000000a001';
const TZ = 'Asia/Taipei';
const silent = createLogger('silent');

/** A migrated database file of its own, and the means to open more connections to it. */
function freshDatabase(): { path: string; handle: DbHandle; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-test-'));
  const path = join(dir, 'app.db');
  const handle = openDatabase(path);
  migrateDatabase(handle);
  return { path, handle, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('leased, resumable jobs', () => {
  it('a job whose process is SIGKILLed mid-run is resumed once by another process after its lease, and does each unit once', async () => {
    const { path, handle, dispose } = freshDatabase();
    const children: ChildProcess[] = [];
    const LEASE_MS = 1500;
    const UNITS = 40;
    const startWorker = () => {
      const child = spawn(process.execPath, [resolve(import.meta.dirname, 'fixtures/job-worker.ts')], {
        env: { PATH: process.env.PATH, DATABASE_PATH: path, LEASE_MS: String(LEASE_MS), UNITS: String(UNITS), UNIT_MS: '40' },
        stdio: 'ignore',
      });
      children.push(child);
      return child;
    };
    const db = handle.db;
    const unitRows = (jobId: number) =>
      db
        .select()
        .from(runtimeFlags)
        .where(like(runtimeFlags.key, `jobs-test.${jobId}.%`))
        .all()
        .map((r) => ({ unit: Number(r.key.split('.').at(-1)), ...(r.value as { pid: number; attempt: number; at: number }) }))
        .sort((a, b) => a.unit - b.unit);
    try {
      enqueueJob(db, { kind: 'test_units', key: 'units-1', payload: {} });
      const job = findJobByKey(db, 'units-1')!;
      const first = startWorker();
      await waitFor(() => unitRows(job.id).length >= 10, 20_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const killedAt = Date.now();
      const orphan = findJobByKey(db, 'units-1')!;
      // Left as the dead process had it: running, its lease still on, the checkpoint = units committed.
      expect(orphan).toMatchObject({ status: 'running', attempts: 1 });
      const doneByFirst = unitRows(job.id);
      expect(doneByFirst.length).toBeLessThan(UNITS);
      expect(orphan.checkpoint).toEqual({ next: doneByFirst.length });
      expect(doneByFirst.every((u) => u.pid === first.pid && u.attempt === 1)).toBe(true);
      const leaseUntil = orphan.leaseUntil!.getTime();
      expect(leaseUntil).toBeGreaterThan(killedAt - LEASE_MS);

      const second = startWorker();
      const done = await waitFor(() => {
        const row = findJobByKey(db, 'units-1')!;
        return row.status === 'done' ? row : undefined;
      }, 20_000);
      // Once: one more claim, and it went on from the checkpoint.
      expect(done).toMatchObject({ attempts: 2, checkpoint: { next: UNITS }, result: { resumedFrom: doneByFirst.length, pid: second.pid }, error: null, leaseOwner: null });
      const all = unitRows(job.id);
      expect(all.map((u) => u.unit)).toEqual(Array.from({ length: UNITS }, (_, i) => i));
      const resumed = all.slice(doneByFirst.length);
      expect(resumed.every((u) => u.pid === second.pid && u.attempt === 2)).toBe(true);
      // Not before the dead holder's lease had run out.
      expect(resumed[0]!.at).toBeGreaterThanOrEqual(leaseUntil);
    } finally {
      for (const c of children) c.kill('SIGKILL');
      handle.close();
      dispose();
    }
  }, 45_000);
});

describe('failures', () => {
  it('a job that throws is retried after a backoff, then given up with its error and the kind told', async () => {
    const { handle, dispose } = freshDatabase();
    let clock = new Date('2026-03-01T00:00:00Z');
    const failedWith: string[] = [];
    let calls = 0;
    try {
      const runner = new JobRunner({ db: handle.db, log: silent, timeZone: TZ, now: () => clock }).define('flaky', {
        maxAttempts: 2,
        run: () => {
          calls += 1;
          throw new Error(`no luck ${calls}`);
        },
        onFailed: (_tx, _job, error) => failedWith.push(error),
      });
      enqueueJob(handle.db, { kind: 'flaky', key: 'flaky-1', runAt: clock });
      await runner.runUntilIdle();
      expect(findJobByKey(handle.db, 'flaky-1')).toMatchObject({ status: 'pending', attempts: 1, error: 'no luck 1', runAt: new Date(clock.getTime() + 1000), leaseOwner: null });
      await runner.runUntilIdle(); // not due yet
      expect(calls).toBe(1);
      clock = new Date(clock.getTime() + 1000);
      await runner.runUntilIdle();
      expect(findJobByKey(handle.db, 'flaky-1')).toMatchObject({ status: 'failed', attempts: 2, error: 'no luck 2', finishedAt: clock });
      expect(failedWith).toEqual(['no luck 2']);
      clock = new Date(clock.getTime() + 3600_000);
      await runner.runUntilIdle();
      expect(calls).toBe(2);
    } finally {
      handle.close();
      dispose();
    }
  });
});

describe('cron schedules in brand time', () => {
  it('fires once per due time, evaluated in brand time, with two runners on one database', async () => {
    const { path, handle, dispose } = freshDatabase();
    const other = openDatabase(path);
    let clock = new Date('2026-03-01T00:59:59Z'); // 08:59:59 in Taipei
    const runs: { runner: string; dueAt: string }[] = [];
    const runnerOn = (name: string, h: DbHandle, schedule: ScheduleDef, now?: () => Date) =>
      new JobRunner({ db: h.db, log: silent, timeZone: TZ, pollMs: 20, ...(now ? { now } : {}) })
        .define('morning_report', {
          run: (ctx) => {
            runs.push({ runner: name, dueAt: ctx.dueAt!.toISOString() });
            return { result: { runner: name } };
          },
        })
        .schedule(schedule);
    const morning: ScheduleDef = { name: 'morning', cron: '0 9 * * *', kind: 'morning_report' };
    try {
      const a = runnerOn('a', handle, morning, () => clock);
      const b = runnerOn('b', other, morning, () => clock);
      const pass = async () => {
        a.fireSchedules();
        b.fireSchedules();
        await Promise.all([a.runUntilIdle(), b.runUntilIdle()]);
      };
      const firings = () => handle.db.select().from(jobs).where(eq(jobs.schedule, 'morning')).orderBy(jobs.dueAt).all();

      await pass();
      expect(firings()).toEqual([]); // 09:00 Taipei has not come; yesterday's is past the grace period
      clock = new Date('2026-03-01T01:00:00Z'); // 09:00 in Taipei, 01:00 in UTC
      await pass();
      clock = new Date('2026-03-01T01:00:30Z');
      await pass();
      expect(firings().map((j) => [j.dueAt!.toISOString(), j.status])).toEqual([['2026-03-01T01:00:00.000Z', 'done']]);
      expect(runs.map((r) => r.dueAt)).toEqual(['2026-03-01T01:00:00.000Z']);
      const schedule = handle.db.select().from(jobSchedules).where(eq(jobSchedules.name, 'morning')).get()!;
      expect(schedule).toMatchObject({ cron: '0 9 * * *', timezone: TZ, nextRunAt: new Date('2026-03-02T01:00:00Z'), lastDueAt: new Date('2026-03-01T01:00:00Z') });
      clock = new Date('2026-03-02T01:00:05Z');
      await pass();
      expect(runs.map((r) => r.dueAt)).toEqual(['2026-03-01T01:00:00.000Z', '2026-03-02T01:00:00.000Z']);

      // Live: both runners loop on the real clock with a schedule due every second.
      runs.length = 0;
      const everySecondDef: ScheduleDef = { name: 'every-second', cron: '* * * * * *', kind: 'morning_report', graceMs: 5000 };
      const live = [runnerOn('a', handle, everySecondDef), runnerOn('b', other, everySecondDef)];
      for (const r of live) r.start();
      await new Promise((r) => setTimeout(r, 2600));
      await Promise.all(live.map((r) => r.stop()));
      const everySecond = handle.db.select().from(jobs).where(and(eq(jobs.schedule, 'every-second'), eq(jobs.status, 'done'))).all();
      const liveRuns = runs;
      expect(everySecond.length).toBeGreaterThanOrEqual(2);
      expect(new Set(liveRuns.map((r) => r.dueAt)).size).toBe(liveRuns.length); // no due time ran twice
      expect(liveRuns.length).toBe(everySecond.length);
      expect(everySecond.every((j) => j.dueAt!.getMilliseconds() === 0)).toBe(true);
    } finally {
      other.close();
      handle.close();
      dispose();
    }
  });
});

describe('the birthday-pack schedule', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('fires on the 1st at the configured brand-local time (00:00 Taipei, still the day before in UTC) and announces once a month', async () => {
    const admin = (await signInAs(server, ADMIN)).auth;
    // The next 1st of a month, 00:00 in Taipei.
    const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number) as [number, number];
    const nextMonth = m === 12 ? 1 : m + 1;
    const mm = String(nextMonth).padStart(2, '0');
    const first = new Date(`${m === 12 ? y + 1 : y}-${mm}-01T00:00:00+08:00`);
    expect(first.getUTCDate()).not.toBe(1); // in UTC it is still the last day of the month before

    const t = await createTemplate(server, admin, { name: '壽星禮' });
    const created = await server.json<{ id: number }>('/api/console/campaigns', {
      headers: admin,
      body: { mode: 'claim', name: '下月壽星禮', templateId: t.id, audience: { type: 'birth_month' }, startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(first.getTime() + 7 * 86_400_000).toISOString() },
    });
    expect(created.status).toBe(201);
    const [born] = registeredMembersWithSessions(server, 1, `1990-${mm}-15`);
    const told = () => server.db.db.select().from(outbox).where(and(eq(outbox.memberId, born!.memberId), eq(outbox.kind, 'birthday_pack'))).all();

    let clock = new Date(first.getTime() - 1000);
    const runner = new JobRunner({ db: server.db.db, log: silent, timeZone: server.config.brandTimezone, now: () => clock })
      .define(BIRTHDAY_PACKS_JOB, birthdayPacksJob(server.services.campaigns))
      .schedule(birthdayPacksSchedule());
    const firings = () => server.db.db.select().from(jobs).where(eq(jobs.schedule, BIRTHDAY_PACKS_JOB)).orderBy(jobs.dueAt).all();

    await runner.runUntilIdle(); // 23:59:59 on the last day, Taipei
    expect(firings()).toEqual([]);
    expect(runner.nextRun(BIRTHDAY_PACKS_JOB)).toEqual(first);
    clock = first;
    await runner.runUntilIdle();
    expect(firings()).toMatchObject([{ dueAt: first, status: 'done', result: { notified: expect.any(Number) } }]);
    expect((firings()[0]!.result as { notified: number }).notified).toBeGreaterThanOrEqual(1);
    expect(told()).toHaveLength(1);
    expect(told()[0]!.variables).toEqual({ campaignName: { 'zh-TW': '下月壽星禮', en: '下月壽星禮' } });

    clock = new Date(first.getTime() + 30 * 60_000); // same due time: nothing new
    await runner.runUntilIdle();
    expect(firings()).toHaveLength(1);
    clock = new Date(first.getTime() + 3600_000); // the next hour of the 1st fires, but the month was announced
    await runner.runUntilIdle();
    expect(firings().map((j) => j.result)).toEqual([{ notified: expect.any(Number) }, { notified: 0 }]);
    expect(told()).toHaveLength(1);
    clock = new Date(first.getTime() + 86_400_000 + 90 * 60_000); // 01:30 on the 2nd: no due time since 23:00 on the 1st, past its hour of grace
    await runner.runUntilIdle();
    expect(firings()).toHaveLength(2);
    expect(BIRTHDAY_PACKS_CRON).toBe('0 * 1 * *');
  });
});

describe('the console', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lists schedules and jobs (next run, last run, result, lease holder) to admins only', async () => {
    const admin = (await signInAs(server, ADMIN)).auth;
    const t = await createTemplate(server, admin, { name: '工作列表券' });
    const [member] = registeredMembersWithSessions(server, 1);
    const mobile = server.services.members.get(member!.memberId).mobile!.replace('+886', '0');
    const bulk = await server.json<{ id: number }>('/api/console/bulk-jobs', { headers: admin, body: { name: '列表測試', templateId: t.id, audience: { type: 'mobiles' }, mobiles: [mobile] } });
    expect(bulk.status).toBe(201);
    await waitFor(() => findJobByKey(server.db.db, `bulk_issue:${bulk.body.id}`)?.status === 'done', 10_000);

    const res = await waitFor(async () => {
      const r = await server.json<unknown>('/api/console/jobs', { headers: admin });
      return r.status === 200 && ZJobsOverview.parse(r.body).schedules.length > 0 ? r : undefined;
    });
    const overview = ZJobsOverview.parse(res.body);
    const birthday = overview.schedules.find((s) => s.name === BIRTHDAY_PACKS_JOB)!;
    expect(birthday).toMatchObject({ kind: BIRTHDAY_PACKS_JOB, cron: BIRTHDAY_PACKS_CRON, timezone: 'Asia/Taipei' });
    // The next run is on a 1st, at the top of an hour, in Taipei.
    const next = new Date(birthday.nextRunAt!);
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: TZ, day: '2-digit' }).format(next)).toBe('01');
    expect([next.getUTCMinutes(), next.getUTCSeconds(), next.getUTCMilliseconds()]).toEqual([0, 0, 0]); // Taipei is a whole-hour offset
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const bulkJob = overview.jobs.find((j) => j.key === `bulk_issue:${bulk.body.id}`);
    expect(bulkJob).toMatchObject({ kind: 'bulk_issue', status: 'done', attempts: 1, checkpoint: { processed: 1 }, result: { bulkJobId: bulk.body.id, state: 'done' }, leaseOwner: null, error: null });
    const dispatcher = overview.jobs.find((j) => j.kind === 'dispatcher' && j.status === 'running');
    expect(dispatcher).toMatchObject({ leaseOwner: expect.stringContaining(`:${process.pid}:`), leaseExpired: false });
    expect(new Date(dispatcher!.leaseUntil!).getTime()).toBeGreaterThan(Date.now());

    const notAdmin = await server.json<{ error: { code: string } }>('/api/console/jobs', { headers: (await signInAs(server, MEMBER)).auth });
    expect(notAdmin.status).toBe(403);
    expect((await server.json('/api/console/jobs')).status).toBe(401);
    expect(server.db.db.select({ n: sql<number>`count(*)` }).from(jobs).get()!.n).toBeGreaterThanOrEqual(2);
  });
});
