import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import express from 'express';

/**
 * The ceiling for the purchase API: the same earning (API-key check, member by verified mobile,
 * NT$50 = 1 point, purchase + lot + ledger entry + account + outbox rows in one transaction,
 * idempotent on store + order number) written by hand with better-sqlite3, no layers.
 */
const db = new Database(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const keyStmt = db.prepare('select id, revoked_at from api_keys where key_hash = ?');
const memberStmt = db.prepare('select id from members where mobile = ? and mobile_verified_at is not null');
const findStmt = db.prepare('select response from points_purchases where store_id = ? and order_no = ?');
const purchaseStmt = db.prepare("insert into points_purchases (id, store_id, order_no, member_id, api_key_id, total, paid, lines, line_weights, returned, total_weight, coupon_redemptions, points_earned, lot_id, response, occurred_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', 0, '[]', ?, ?, ?, ?, ?)");
const lotStmt = db.prepare("insert into points_lots (member_id, status, points, remaining, expires_at, purchase_id, created_at) values (?, 'active', ?, ?, ?, ?, ?) returning id");
const entryStmt = db.prepare("insert into points_entries (member_id, type, delta, lot_id, ref, reason, actor_kind, actor_id, created_at) values (?, 'earn', ?, ?, ?, ?, 'apiKey', ?, ?)");
const accountStmt = db.prepare('insert into points_accounts (member_id, balance, pending, updated_at) values (?, ?, 0, ?) on conflict(member_id) do update set balance = balance + excluded.balance, updated_at = excluded.updated_at returning balance');
const outboxStmt = db.prepare("insert into outbox (id, member_id, kind, variables, priority, due_at, status) values (?, ?, 'points_earned', ?, 0, ?, 'pending')");

const earn = db.transaction((b: { storeId: number; orderNo: string; paid: number; total: number; lines: unknown }, memberId: number, keyId: number, now: number) => {
  const again = findStmt.get(b.storeId, b.orderNo) as { response: string } | undefined;
  if (again) return JSON.parse(again.response) as unknown;
  const id = randomUUID();
  const points = Math.floor(b.paid / 50);
  const lot = lotStmt.get(memberId, points, points, now + 365 * 86_400_000, id, now) as { id: number };
  entryStmt.run(memberId, points, lot.id, `purchase:${id}`, `消費 NT$${b.paid}`, String(keyId), now);
  const { balance } = accountStmt.get(memberId, points, now) as { balance: number };
  outboxStmt.run(randomUUID(), memberId, JSON.stringify({ earned: points, points: balance, reason: `消費 NT$${b.paid}` }), now);
  const response = { id, pointsEarned: points, balance };
  purchaseStmt.run(id, b.storeId, b.orderNo, memberId, keyId, b.total, b.paid, JSON.stringify(b.lines), points, lot.id, JSON.stringify(response), now, now);
  return response;
});

const app = express();
app.use(express.json());
app.post('/api/pos/purchases', (req, res) => {
  const header = req.get('authorization');
  const key = header?.startsWith('Bearer ') ? (keyStmt.get(createHash('sha256').update(header.slice(7)).digest('hex')) as { id: number; revoked_at: number | null } | undefined) : undefined;
  if (!key || key.revoked_at) return void res.status(401).json({ error: { code: 'API_KEY_INVALID' } });
  const b = req.body as { storeId: number; orderNo: string; paid: number; total: number; lines: unknown; member: { mobile: string } };
  const m = memberStmt.get(`+886${b.member.mobile.slice(1)}`) as { id: number } | undefined;
  if (!m) return void res.status(404).json({ error: { code: 'MEMBER_NOT_FOUND' } });
  res.status(201).json(earn(b, m.id, key.id, Date.now()));
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
