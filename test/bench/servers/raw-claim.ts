import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import express from 'express';

/**
 * Baseline: the same claim (session check, window, per-member limit, one conditional stock
 * update, a coupon with a random code, its ledger entry, the claim row and the notification
 * row in one transaction) hand-written with better-sqlite3 prepared statements.
 */
const db = new Database(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
// NORMAL unless the bench asks for FULL (DB_SYNCHRONOUS=full): the hand-written ceiling at each durability.
db.pragma(`synchronous = ${process.env.DB_SYNCHRONOUS === 'full' ? 'FULL' : 'NORMAL'}`);
db.pragma('busy_timeout = 5000');
const session = db.prepare('select member_id from sessions where token_hash = ? and revoked_at is null and expires_at > ?');
const campaign = db.prepare('select id, template_id, starts_at, ends_at, per_member_limit from campaigns where id = ?');
const countClaims = db.prepare("select count(*) n from campaign_claims where campaign_id = ? and member_id = ? and period = ''");
const takeStock = db.prepare('update campaigns set claimed_count = claimed_count + 1 where id = ? and (total_stock is null or claimed_count < total_stock)');
const template = db.prepare('select id, name, uses_per_coupon from coupon_templates where id = ?');
const insertCoupon = db.prepare("insert into coupons (template_id, member_id, code, status, uses_total, uses_left, valid_from, valid_until, source, issued_at, updated_at) values (?, ?, ?, 'active', ?, ?, ?, ?, 'campaign:claim', ?, ?)");
const insertEvent = db.prepare("insert into coupon_events (coupon_id, type, at, uses, actor_kind, details) values (?, 'issued', ?, 0, 'member', '{}')");
const insertClaim = db.prepare("insert into campaign_claims (campaign_id, member_id, period, coupon_ids, via, claimed_at) values (?, ?, '', ?, 'claim', ?)");
const insertOutbox = db.prepare("insert into outbox (id, member_id, kind, variables, priority, due_at, status) values (?, ?, 'coupon_received', ?, 0, ?, 'pending')");

class HttpError extends Error {
  status: number;
  constructor(status: number, code: string) {
    super(code);
    this.status = status;
  }
}

const claim = db.transaction((campaignId: number, memberId: number, now: number) => {
  const c = campaign.get(campaignId) as { id: number; template_id: number; starts_at: number; ends_at: number; per_member_limit: number } | undefined;
  if (!c || c.starts_at > now || c.ends_at <= now) throw new HttpError(409, 'CAMPAIGN_NOT_OPEN');
  if ((countClaims.get(c.id, memberId) as { n: number }).n >= c.per_member_limit) throw new HttpError(409, 'ALREADY_CLAIMED');
  if (takeStock.run(c.id).changes !== 1) throw new HttpError(409, 'OUT_OF_STOCK');
  const t = template.get(c.template_id) as { id: number; name: string; uses_per_coupon: number };
  const code = randomBytes(8).toString('hex').toUpperCase();
  const couponId = Number(insertCoupon.run(t.id, memberId, code, t.uses_per_coupon, t.uses_per_coupon, now, now + 30 * 86_400_000, now, now).lastInsertRowid);
  insertEvent.run(couponId, now);
  insertClaim.run(c.id, memberId, JSON.stringify([couponId]), now);
  insertOutbox.run(randomUUID(), memberId, JSON.stringify({ couponName: t.name }), now);
  return { couponId, code };
});

const app = express();
app.use(express.json());
app.post('/api/claims/:id', (req, res) => {
  const header = req.get('authorization') ?? '';
  const row = session.get(createHash('sha256').update(header.slice(7)).digest('hex'), Date.now()) as { member_id: number } | undefined;
  if (!row) return void res.status(401).json({ error: { code: 'UNAUTHENTICATED' } });
  try {
    res.status(201).json(claim(Number(req.params.id), row.member_id, Date.now()));
  } catch (error) {
    if (error instanceof HttpError) return void res.status(error.status).json({ error: { code: error.message } });
    throw error;
  }
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
