import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import express from 'express';

/**
 * Baseline 2, the practical ceiling: the same redemption (API-key check, coupon lookup, one
 * conditional update, redemption + ledger + outbox rows in one transaction) written by hand
 * with better-sqlite3 prepared statements, no layers.
 */
const db = new Database(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
// NORMAL unless the bench asks for FULL (DB_SYNCHRONOUS=full): the hand-written ceiling at each durability.
db.pragma(`synchronous = ${process.env.DB_SYNCHRONOUS === 'full' ? 'FULL' : 'NORMAL'}`);
db.pragma('busy_timeout = 5000');
const keyStmt = db.prepare('select id, scopes, store_ids, revoked_at from api_keys where key_hash = ?');
const couponStmt = db.prepare('select c.id, c.member_id, c.status, c.uses_left, c.valid_from, c.valid_until, t.name, t.amount_off, t.min_spend, t.store_ids from coupons c join coupon_templates t on t.id = c.template_id where c.code = ?');
const takeStmt = db.prepare("update coupons set uses_left = uses_left - ?, status = case when uses_left - ? = 0 then 'used' else status end, updated_at = ? where id = ? and status = 'active' and uses_left >= ? and valid_from <= ? and valid_until > ? returning uses_left");
const redemptionStmt = db.prepare("insert into redemptions (id, coupon_id, store_id, uses, discount, order_amount, channel, api_key_id, created_at) values (?, ?, ?, ?, ?, ?, 'pos', ?, ?)");
const eventStmt = db.prepare("insert into coupon_events (coupon_id, type, at, uses, store_id, actor_kind, actor_id, redemption_id, details) values (?, 'redeemed', ?, ?, ?, 'apiKey', ?, ?, '{}')");
const outboxStmt = db.prepare("insert into outbox (id, member_id, kind, variables, priority, due_at, status) values (?, ?, 'coupon_redeemed', ?, 0, ?, 'pending')");

function auth(header: string | undefined) {
  if (!header?.startsWith('Bearer ')) return null;
  const row = keyStmt.get(createHash('sha256').update(header.slice(7)).digest('hex')) as { id: number; revoked_at: number | null } | undefined;
  return row && !row.revoked_at ? row : null;
}

const redeem = db.transaction((c: { id: number; member_id: number; name: string; amount_off: number }, storeId: number, amount: number, keyId: number, now: number) => {
  const taken = takeStmt.get(1, 1, now, c.id, 1, now, now) as { uses_left: number } | undefined;
  if (!taken) return null;
  const id = randomUUID();
  const discount = Math.min(c.amount_off, amount);
  redemptionStmt.run(id, c.id, storeId, 1, discount, amount, keyId, now);
  eventStmt.run(c.id, now, 1, storeId, String(keyId), id);
  outboxStmt.run(id, c.member_id, JSON.stringify({ couponName: c.name, usesLeft: taken.uses_left }), now);
  return { id, usesLeft: taken.uses_left, discount };
});

const app = express();
app.use(express.json());
app.post('/api/pos/redemptions', (req, res) => {
  const key = auth(req.get('authorization'));
  if (!key) return void res.status(401).json({ error: { code: 'API_KEY_INVALID' } });
  const { code, storeId, orderAmount } = req.body as { code: string; storeId: number; orderAmount: number };
  const c = couponStmt.get(code) as { id: number; member_id: number; name: string; amount_off: number; min_spend: number } | undefined;
  if (!c) return void res.status(404).json({ error: { code: 'COUPON_NOT_FOUND' } });
  if (orderAmount < c.min_spend) return void res.status(409).json({ error: { code: 'COUPON_NOT_USABLE' } });
  const result = redeem(c, storeId, orderAmount, key.id, Date.now());
  if (!result) return void res.status(409).json({ error: { code: 'COUPON_ALREADY_USED' } });
  res.status(201).json(result);
});
app.post('/api/pos/validations', (req, res) => {
  const key = auth(req.get('authorization'));
  if (!key) return void res.status(401).json({ error: { code: 'API_KEY_INVALID' } });
  const { code, orderAmount } = req.body as { code: string; orderAmount: number };
  const c = couponStmt.get(code) as { amount_off: number; min_spend: number; status: string } | undefined;
  if (!c) return void res.status(404).json({ error: { code: 'COUPON_NOT_FOUND' } });
  res.json({ ok: c.status === 'active' && orderAmount >= c.min_spend, discount: Math.min(c.amount_off, orderAmount) });
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
