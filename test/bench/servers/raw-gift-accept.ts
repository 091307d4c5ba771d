import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import express from 'express';

/**
 * The gift bench's ceiling: the same gift accept written by hand with better-sqlite3 prepared
 * statements, no layers — what any correct accept must do, no more: the session and member
 * check; one conditional update out of pending (this member's gift, in its window, sent to the
 * number this member has verified); the coupon moved to the friend under a fresh code; two
 * ledger rows; a queued expiry reminder for that coupon dropped (the sender must not be reminded
 * of a coupon they gave away); the sender's outbox row; one transaction; and the answer the
 * contract promises (the gift as the friend sees it: the coupon's name, summary, colour, image,
 * validity and the sender's name). The reads that explain a refusal happen only on refusal, as
 * in ours. And the same POS redemption (with the two reads every redemption now makes: the
 * referral it may qualify, the expiry reminder it may revise).
 */
const db = new Database(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const sessionStmt = db.prepare('select m.id, m.mobile, m.mobile_verified_at, m.registered_at from sessions s join members m on m.id = s.member_id where s.token_hash = ? and s.expires_at > ? and s.revoked_at is null');
const keyStmt = db.prepare('select id, revoked_at from api_keys where key_hash = ?');
const transferStmt = db.prepare('select id, state, return_at, recipient_member_id, recipient_mobile from transfers where id = ?');
const resolveStmt = db.prepare(
  "update transfers set state = 'accepted', resolved_at = ?, updated_at = ? where id = ? and state = 'pending' and recipient_member_id = ? and return_at > ? and recipient_mobile = (select mobile from members where id = ? and mobile_verified_at is not null) returning id, gift_coupon_id, sender_member_id, template_id, uses, recipient_mobile, message, is_partial, sent_at, return_at",
);
const moveStmt = db.prepare("update coupons set member_id = ?, status = 'active', code = ?, updated_at = ? where id = ? and member_id = ? and status = 'transferring' returning valid_until");
const eventStmt = db.prepare("insert into coupon_events (coupon_id, type, at, uses, actor_kind, actor_id, details) values (?, ?, ?, ?, 'member', ?, ?)");
const templateStmt = db.prepare('select name, amount_off, color, image_url from coupon_templates where id = ?');
const reminderStmt = db.prepare("select notification_id from coupon_expiry_reminders where coupon_id = ? and status = 'queued'");
const cancelReminderStmt = db.prepare("update coupon_expiry_reminders set status = 'cancelled', reason = 'coupon transferred' where coupon_id = ? and status = 'queued'");
const senderStmt = db.prepare('select name, display_name from members where id = ?');
const outboxStmt = db.prepare("insert into outbox (id, member_id, kind, variables, priority, due_at, status) values (?, ?, ?, ?, 0, ?, 'pending')");
const couponStmt = db.prepare('select c.id, c.member_id, c.status, t.name, t.amount_off, t.min_spend from coupons c join coupon_templates t on t.id = c.template_id where c.code = ?');
const takeStmt = db.prepare("update coupons set uses_left = uses_left - 1, status = case when uses_left - 1 = 0 then 'used' else status end, updated_at = ? where id = ? and status = 'active' and uses_left >= 1 and valid_from <= ? and valid_until > ? returning uses_left");
const redemptionStmt = db.prepare("insert into redemptions (id, coupon_id, store_id, uses, discount, order_amount, channel, api_key_id, created_at) values (?, ?, ?, 1, ?, ?, 'pos', ?, ?)");
const redeemEventStmt = db.prepare("insert into coupon_events (coupon_id, type, at, uses, store_id, actor_kind, actor_id, redemption_id, details) values (?, 'redeemed', ?, 1, ?, 'apiKey', ?, ?, '{}')");

interface Resolved {
  id: number;
  gift_coupon_id: number;
  sender_member_id: number;
  template_id: number;
  uses: number;
  recipient_mobile: string;
  message: string | null;
  is_partial: number;
  sent_at: number;
  return_at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

const accept = db.transaction((transferId: number, memberId: number, now: number) => {
  const t = resolveStmt.get(now, now, transferId, memberId, now, memberId) as Resolved | undefined;
  if (!t) return null;
  const code = `G${randomBytes(6).toString('hex').toUpperCase()}`;
  const moved = moveStmt.get(memberId, code, now, t.gift_coupon_id, t.sender_member_id) as { valid_until: number } | undefined;
  if (!moved) throw new Error('coupon not held');
  eventStmt.run(t.gift_coupon_id, 'transferred_out', now, t.uses, String(memberId), JSON.stringify({ transferId, fromMemberId: t.sender_member_id }));
  eventStmt.run(t.gift_coupon_id, 'transferred_in', now, t.uses, String(memberId), JSON.stringify({ transferId, toMemberId: memberId }));
  const tpl = templateStmt.get(t.template_id) as { name: string; amount_off: number; color: string; image_url: string | null };
  const masked = `0${t.recipient_mobile.slice(4, 7)}***${t.recipient_mobile.slice(-3)}`;
  outboxStmt.run(randomUUID(), t.sender_member_id, 'coupon_transferred', JSON.stringify({ couponName: tpl.name, recipientName: masked }), now);
  if (reminderStmt.get(t.gift_coupon_id)) cancelReminderStmt.run(t.gift_coupon_id);
  const sender = senderStmt.get(t.sender_member_id) as { name: string | null; display_name: string };
  return {
    id: t.id,
    direction: 'received',
    state: 'accepted',
    returnReason: null,
    coupon: { id: t.gift_coupon_id, name: tpl.name, summary: `折 NT$${tpl.amount_off}`, color: tpl.color, imageUrl: tpl.image_url, uses: t.uses, validUntil: iso(moved.valid_until) },
    message: t.message,
    counterpart: sender.name ?? sender.display_name,
    isPartial: t.is_partial === 1,
    sentAt: iso(t.sent_at),
    returnAt: iso(t.return_at),
    resolvedAt: iso(now),
  };
});

// What every redemption must also ask now: whether it is a referred friend's qualifying first use, and whether a queued expiry reminder lists the coupon.
const referralStmt = db.prepare('select id, status, "trigger" from referrals where friend_member_id = ?');

const redeem = db.transaction((c: { id: number; member_id: number; name: string; amount_off: number }, storeId: number, amount: number, keyId: number, now: number) => {
  const taken = takeStmt.get(now, c.id, now, now) as { uses_left: number } | undefined;
  if (!taken) return null;
  const id = randomUUID();
  const discount = Math.min(c.amount_off, amount);
  redemptionStmt.run(id, c.id, storeId, discount, amount, keyId, now);
  redeemEventStmt.run(c.id, now, storeId, String(keyId), id);
  outboxStmt.run(id, c.member_id, 'coupon_redeemed', JSON.stringify({ couponName: c.name, usesLeft: taken.uses_left }), now);
  referralStmt.get(c.member_id);
  if (reminderStmt.get(c.id)) cancelReminderStmt.run(c.id);
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
  const result = accept(id, me.id, Date.now());
  if (result) return void res.json(result);
  // Refused: now read why (another's gift answers like a missing one).
  const t = transferStmt.get(id) as { recipient_member_id: number | null; recipient_mobile: string } | undefined;
  if (!t || t.recipient_member_id !== me.id || t.recipient_mobile !== me.mobile) return void res.status(404).json({ error: { code: 'GIFT_NOT_FOUND' } });
  res.status(409).json({ error: { code: 'GIFT_NOT_PENDING' } });
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
