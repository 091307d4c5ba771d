import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DEFAULT_EARN_SETTINGS } from '../../shared/points/rules.ts';
import type { MissionRules, StepCondition } from '../../shared/missions/rules.ts';
import { addDays, localDate } from '../../shared/dates.ts';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { insertMission } from '../../bot-server/missions/mission.repo.ts';
import { ApiKeyService } from '../../bot-server/partners/api-key.service.ts';
import { writeSettings } from '../../bot-server/points/points.repo.ts';
import { fmt, startServerProcess, tempDir, type BenchResult } from './lib.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTIONS = 50;
const MEMBERS = 2000;
const MISSIONS = 10;

/** A store, MEMBERS members with verified mobiles, points on, a POS key; with `missions`, 10 active missions of 2–4 steps that these baskets advance. */
function prepare(path: string, missions: boolean): { key: string; storeId: number; mobiles: string[] } {
  const handle = openDatabase(path);
  migrateDatabase(handle);
  const s = handle.sqlite;
  const storeId = Number(s.prepare("insert into stores (code, name) values ('BENCH', '壓測店')").run().lastInsertRowid);
  s.prepare("insert into stores (code, name) values ('BENCH2', '壓測二店')").run();
  const insert = s.prepare("insert into members (line_user_id, display_name, name, mobile, mobile_verified_at, birthday, registered_at, consent_at, status, is_following) values (?, 'bench', '壓測會員', ?, 1, '1990-03-15', 1, 1, 'active', 1)");
  const mobiles: string[] = [];
  s.transaction(() => {
    for (let i = 0; i < MEMBERS; i += 1) {
      const national = `0955${String(i).padStart(6, '0')}`;
      mobiles.push(national);
      insert.run(`Ubench${String(i).padStart(27, '0')}`, `+886${national.slice(1)}`);
    }
  })();
  writeSettings(handle.db, { ...DEFAULT_EARN_SETTINGS, enabled: true });
  if (missions) {
    const today = localDate(new Date(), 'Asia/Taipei');
    const pool: StepCondition[] = [
      { kind: 'sku', skus: ['HOTPOT'] },
      { kind: 'category', categories: ['frozen'] },
      { kind: 'minPurchase', amount: 800 },
      { kind: 'visitDays', count: 3 },
      { kind: 'totalSpend', amount: 5000 },
      { kind: 'sku', skus: ['LATTE'] },
      { kind: 'visitStores', count: 2 },
    ];
    for (let m = 0; m < MISSIONS; m += 1) {
      const n = 2 + (m % 3);
      const steps = Array.from({ length: n }, (_, j) => ({ label: '', labelEn: '', condition: pool[(m + j) % pool.length]! }));
      const rules: MissionRules = { startsOn: addDays(today, -1), endsOn: addDays(today, 30), audience: { kind: 'all' }, steps, combine: m % 4 === 3 ? { kind: 'nOf', n: n - 1 } : { kind: 'all' }, order: m % 5 === 4 ? 'sequence' : 'any', repeat: 100, reward: { kind: 'points', points: 10 }, refundPolicy: m % 2 ? 'keep' : 'clawback', notifySteps: m % 3 === 0 };
      insertMission(handle.db, { name: `壓測任務 ${m + 1}`, nameEn: '', description: '', descriptionEn: '', status: 'active', rules, at: new Date() });
    }
  }
  const { key } = new ApiKeyService(handle.db).create({ kind: 'system', label: 'cli' }, { name: 'bench POS', scopes: ['pos'], storeIds: null });
  handle.close();
  return { key, storeId, mobiles };
}

const BASKETS = [
  [{ sku: 'HOTPOT', category: 'hotpot', quantity: 1, unitPrice: 880 }, { sku: 'MEAL', category: 'frozen', quantity: 1, unitPrice: 199 }],
  [{ sku: 'LATTE', category: 'coffee', quantity: 2, unitPrice: 150 }, { sku: 'BEAN', quantity: 1, unitPrice: 700 }],
  [{ sku: 'MEAL', category: 'frozen', quantity: 2, unitPrice: 199 }],
];

async function load(origin: string, key: string, storeId: number, mobiles: string[], tag: string, duration = DURATION) {
  let i = 0;
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/pos/purchases',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        setupRequest: (req) => {
          i += 1;
          const lines = BASKETS[i % BASKETS.length]!;
          const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
          const body = { storeId: storeId + (i % 2), orderNo: `${tag}-${i}`, member: { mobile: mobiles[i % mobiles.length]! }, lines, total, paid: total };
          return { ...req, body: JSON.stringify(body) };
        },
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, non2xx: result.non2xx, requests: result.requests.total };
}

async function measure(missions: boolean, dir: string, template: string, prep: { key: string; storeId: number; mobiles: string[] }, tag: string) {
  const path = join(dir, `${tag}.db`);
  copyFileSync(template, path);
  const server = await startServerProcess({ DATABASE_PATH: path, NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  try {
    if (WARMUP > 0) await load(server.origin, prep.key, prep.storeId, prep.mobiles, `${tag}-warm`, WARMUP);
    const run = await load(server.origin, prep.key, prep.storeId, prep.mobiles, tag);
    // What the missions did, read from the file afterwards.
    const handle = openDatabase(path);
    const facts = missions ? (handle.sqlite.prepare('select (select count(*) from mission_progress) progress, (select count(*) from mission_completions) completions').get() as { progress: number; completions: number }) : { progress: 0, completions: 0 };
    handle.close();
    return { ...run, ...facts };
  } finally {
    await server.stop();
  }
}

/** `npm run bench mission-purchases`: POS purchases that advance 10 active missions (2–4 steps each) vs the same endpoint with no missions, same run, 50 connections. */
export async function benchMissionPurchases(): Promise<BenchResult> {
  const dir = tempDir('bench-missions-');
  const plainDb = join(dir, 'plain-template.db');
  const missionDb = join(dir, 'missions-template.db');
  const plainPrep = prepare(plainDb, false);
  const missionPrep = prepare(missionDb, true);
  const plain = await measure(false, dir, plainDb, plainPrep, 'plain');
  const withMissions = await measure(true, dir, missionDb, missionPrep, 'missions');
  const ratio = withMissions.rps / plain.rps;
  return {
    name: `POS purchases advancing ${MISSIONS} missions vs no missions, ${CONNECTIONS} connections, ${DURATION}s each after ${WARMUP}s warm-up`,
    figures: {
      'plain purchase req/s': Math.round(plain.rps),
      'with missions req/s': Math.round(withMissions.rps),
      'missions / plain': Number(ratio.toFixed(2)),
      'plain p50 / p99 ms': `${plain.p50} / ${plain.p99}`,
      'missions p50 / p99 ms': `${withMissions.p50} / ${withMissions.p99}`,
      'non-2xx plain / missions': `${plain.non2xx} / ${withMissions.non2xx}`,
      'purchases with missions': fmt(withMissions.requests),
      'mission progress rows': fmt(withMissions.progress),
      'mission completions (rewards)': fmt(withMissions.completions),
    },
    goals: [
      { label: 'purchases with 10 active missions ≥ 0.8 of the plain purchase endpoint', met: ratio >= 0.8 },
      { label: 'no failed purchases', met: plain.non2xx === 0 && withMissions.non2xx === 0 },
    ],
  };
}
