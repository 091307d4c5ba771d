import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import express from 'express';

/**
 * The gift bench's ceiling: the same gift accept (session check, the transfer's one conditional
 * update out of pending, the coupon moved to the friend under a fresh code, two ledger rows and
 * the sender's outbox row, one transaction) and the same POS redemption, written by hand with
 * better-sqlite3 prepared statements, no layers.
 */
const db = new Database(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const sessionStmt = db.prepare('select m.id, m.mobile, m.mobile_verified_at, m.registered_at from sessions s join members m on m.id = s.member_id where s.token_hash = ? and s.expires_at > ? and s.revoked_at is null');
const keyStmt = db.prepare('select id, revoked_at from api_keys where key_hash = ?');
const transferStmt = db.prepare('select id, recipient_member_id, recipient_mobile from transfers where id = ?');
const resolveStmt = db.prepare("update transfers set state = 'accepted', resolved_at = ?, updated_at = ? where id = ? and state = 'pending' and recipient_member_id = ? and return_at > ? returning gift_coupon_id, sender_member_id, template_id, uses, recipient_mobile");
const moveStmt = db.prepare("update coupons set member_id = ?, status = 'active', code = ?, updated_at = ? where id = ? and member_id = ? and status = 'transferring'");
const eventStmt = db.prepare("insert into coupon_events (coupon_id, type, at, uses, actor_kind, actor_id, details) values (?, ?, ?, ?, 'member', ?, ?)");
const nameStmt = db.prepare('select name from coupon_templates where id = ?');
const outboxStmt = db.prepare("insert into outbox (id, member_id, kind, variables, priority, due_at, status) values (?, ?, ?, ?, 0, ?, 'pending')");
const couponStmt = db.prepare('select c.id, c.member_id, c.status, t.name, t.amount_off, t.min_spend from coupons c join coupon_templates t on t.id = c.template_id where c.code = ?');
const takeStmt = db.prepare("update coupons set uses_left = uses_left - 1, status = case when uses_left - 1 = 0 then 'used' else status end, updated_at = ? where id = ? and status = 'active' and uses_left >= 1 and valid_from <= ? and valid_until > ? returning uses_left");
const redemptionStmt = db.prepare("insert into redemptions (id, coupon_id, store_id, uses, discount, order_amount, channel, api_key_id, created_at) values (?, ?, ?, 1, ?, ?, 'pos', ?, ?)");
const redeemEventStmt = db.prepare("insert into coupon_events (coupon_id, type, at, uses, store_id, actor_kind, actor_id, redemption_id, details) values (?, 'redeemed', ?, 1, ?, 'apiKey', ?, ?, '{}')");

const accept = db.transaction((transferId: number, memberId: number, now: number) => {
  const t = resolveStmt.get(now, now, transferId, memberId, now) as { gift_coupon_id: number; sender_member_id: number; template_id: number; uses: number; recipient_mobile: string } | undefined;
  if (!t) return null;
  const code = `G${randomBytes(6).toString('hex').toUpperCase()}`;
  if (moveStmt.run(memberId, code, now, t.gift_coupon_id, t.sender_member_id).changes !== 1) throw new Error('coupon not held');
  eventStmt.run(t.gift_coupon_id, 'transferred_out', now, t.uses, String(memberId), JSON.stringify({ transferId }));
  eventStmt.run(t.gift_coupon_id, 'transferred_in', now, t.uses, String(memberId), JSON.stringify({ transferId }));
  const name = (nameStmt.get(t.template_id) as { name: string }).name;
  outboxStmt.run(randomUUID(), t.sender_member_id, 'coupon_transferred', JSON.stringify({ couponName: name, recipientName: t.recipient_mobile.slice(0, 5) }), now);
  return { id: transferId, state: 'accepted', couponId: t.gift_coupon_id };
});

const redeem = db.transaction((c: { id: number; member_id: number; name: string; amount_off: number }, storeId: number, amount: number, keyId: number, now: number) => {
  const taken = takeStmt.get(now, c.id, now, now) as { uses_left: number } | undefined;
  if (!taken) return null;
  const id = randomUUID();
  const discount = Math.min(c.amount_off, amount);
  redemptionStmt.run(id, c.id, storeId, discount, amount, keyId, now);
  redeemEventStmt.run(c.id, now, storeId, String(keyId), id);
  outboxStmt.run(id, c.member_id, 'coupon_redeemed', JSON.stringify({ couponName: c.name, usesLeft: taken.uses_left }), now);
  return { id, usesLeft: taken.uses_left, discount };
});

const app = express();
app.use(express.json());
app.post('/api/gifts/:id/accept', (req, res) => {
  const header = req.get('authorization');
  const me = header?.startsWith('Bearer ') ? (sessionStmt.get(hash(header.slice(7)), Date.now()) as { id: number; mobile: string | null; mobile_verified_at: number | null; registered_at: number | null } | undefined) : undefined;
  if (!me) return void res.status(401).json({ error: { code: 'UNAUTHENTICATED' } });
  if (!me.registered_at) return void res.status(403).json({ error: { code: 'REGISTRATION_REQUIRED' } });
  if (!me.mobile || !me.mobile_verified_at) return void res.status(403).json({ error: { code: 'MOBILE_NOT_VERIFIED' } });
  const id = Number(req.params.id);
  const t = transferStmt.get(id) as { recipient_member_id: number | null; recipient_mobile: string } | undefined;
  if (!t || t.recipient_member_id !== me.id || t.recipient_mobile !== me.mobile) return void res.status(404).json({ error: { code: 'GIFT_NOT_FOUND' } });
  const result = accept(id, me.id, Date.now());
  if (!result) return void res.status(409).json({ error: { code: 'GIFT_NOT_PENDING' } });
  res.json(result);
});
app.post('/api/pos/redemptions', (req, res) => {
  const header = req.get('authorization');
  const key = header?.startsWith('Bearer ') ? (keyStmt.get(hash(header.slice(7))) as { id: number; revoked_at: number | null } | undefined) : undefined;
  if (!key || key.revoked_at) return void res.status(401).json({ error: { code: 'API_KEY_INVALID' } });
  const { code, storeId, orderAmount } = req.body as { code: string; storeId: number; orderAmount: number };
  const c = couponStmt.get(code) as { id: number; member_id: number; name: string; amount_off: number; min_spend: number } | undefined;
  if (!c) return void res.status(404).json({ error: { code: 'COUPON_NOT_FOUND' } });
  const result = redeem(c, storeId, orderAmount, key.id, Date.now());
  if (!result) return void res.status(409).json({ error: { code: 'COUPON_ALREADY_USED' } });
  res.status(201).json(result);
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
