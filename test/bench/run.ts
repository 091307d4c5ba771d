import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type BenchResult } from './lib.ts';
import { benchBulkIssue, benchClaimRush } from './campaigns.ts';
import { benchMulticast, benchNotificationFanout } from './notifications-fanout.ts';
import { benchPosRedemption } from './pos-redemption.ts';
import { benchGiftAccept } from './gifts.ts';
import { benchPointsExpiry, benchPurchases } from './points.ts';
import { benchTierEvaluation } from './tiers.ts';
import { benchMissionPurchases } from './missions.ts';
import { benchMall } from './mall.ts';

/** `npm run bench [name…]`: runs the benchmarks in this process, one after another, and prints ratios against same-run baselines. */
const BENCHES: Record<string, () => Promise<BenchResult>> = {
  notifications: benchNotificationFanout,
  multicast: benchMulticast,
  pos: benchPosRedemption,
  gifts: benchGiftAccept,
  claims: benchClaimRush,
  bulk: benchBulkIssue,
  purchases: benchPurchases,
  'points-expiry': benchPointsExpiry,
  'tier-evaluation': benchTierEvaluation,
  'mission-purchases': benchMissionPurchases,
  mall: benchMall,
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const results: BenchResult[] = [];
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown bench ${name}; have: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n▶ ${name}`);
  const result = await bench();
  results.push(result);
  console.log(`\n${result.name}`);
  for (const [k, v] of Object.entries(result.figures)) console.log(`  ${k.padEnd(32)} ${v}`);
  for (const g of result.goals) console.log(`  ${g.met ? '✔' : '✘'} ${g.label}`);
}
const out = join(ROOT, 'test/bench/results');
mkdirSync(out, { recursive: true });
const file = join(out, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
console.log(`\nresults written to ${file}`);
