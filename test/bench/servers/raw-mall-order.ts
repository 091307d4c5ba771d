import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import express from 'express';

/**
 * The mall bench's ceiling: a flash-sale "create order" written by hand with better-sqlite3
 * prepared statements on bare Express — what any correct reserve-stock endpoint must do, no
 * more: the session and registration check; the product read (on sale, its price); in one
 * transaction the per-member limit (one conditional upsert), the stock (one conditional update
 * `total - reserved - sold >= quantity`) and the order with its line; 201 with the order, 409
 * when sold out or over the limit. No payment request (ours also asks LINE Pay for a payment URL
 * for each winner).
 */
const db = new Database(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
// NORMAL unless the bench asks for FULL (DB_SYNCHRONOUS=full): the hand-written ceiling at each durability.
db.pragma(`synchronous = ${process.env.DB_SYNCHRONOUS === 'full' ? 'FULL' : 'NORMAL'}`);
db.pragma('busy_timeout = 5000');
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const sessionStmt = db.prepare('select m.id, m.registered_at from sessions s join members m on m.id = s.member_id where s.token_hash = ? and s.expires_at > ? and s.revoked_at is null');
const productStmt = db.prepare('select id, kind, status, name, name_en, price_cash, price_points, list_price, per_member_limit, sale_starts_at, sale_ends_at, refundable, refund_window_days, refund_unit_value from products where id = ?');
const limitStmt = db.prepare(
  'insert into product_member_counts (product_id, member_id, units) values (?, ?, ?) on conflict (product_id, member_id) do update set units = units + excluded.units where ? is null or units + excluded.units <= ?',
);
const stockStmt = db.prepare('update product_stock set reserved = reserved + ? where product_id = ? and (total is null or total - reserved - sold >= ?)');
const orderStmt = db.prepare(
  "insert into orders (reference, member_id, status, total_cash, total_points, recipient, lang, hold_until, created_at, updated_at) values (?, ?, 'pending', ?, ?, 'self', 'zh-TW', ?, ?, ?) returning id",
);
const lineStmt = db.prepare('insert into order_lines (order_id, product_id, kind, name, name_en, quantity, unit_cash, unit_points, list_price, refund_unit_value, refundable, refund_window_days) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');

interface Product {
  id: number;
  kind: string;
  status: string;
  name: string;
  name_en: string | null;
  price_cash: number;
  price_points: number;
  list_price: number | null;
  per_member_limit: number | null;
  sale_starts_at: number | null;
  sale_ends_at: number | null;
  refundable: number;
  refund_window_days: number | null;
  refund_unit_value: number | null;
}

class Refused extends Error {}

const reserve = db.transaction((p: Product, memberId: number, quantity: number, now: number) => {
  if (p.per_member_limit !== null && quantity > p.per_member_limit) throw new Refused('PURCHASE_LIMIT_REACHED');
  if (limitStmt.run(p.id, memberId, quantity, p.per_member_limit, p.per_member_limit).changes !== 1) throw new Refused('PURCHASE_LIMIT_REACHED');
  if (stockStmt.run(quantity, p.id, quantity).changes !== 1) throw new Refused('PRODUCT_SOLD_OUT');
  const reference = `M${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(5).toString('hex').slice(0, 6).toUpperCase()}`;
  const holdUntil = now + 15 * 60_000;
  const { id } = orderStmt.get(reference, memberId, p.price_cash * quantity, p.price_points * quantity, holdUntil, now, now) as { id: number };
  lineStmt.run(id, p.id, p.kind, p.name, p.name_en, quantity, p.price_cash, p.price_points, p.list_price, p.refund_unit_value, p.refundable, p.refund_window_days);
  return { id, reference, status: 'pending', totalCash: p.price_cash * quantity, totalPoints: p.price_points * quantity, holdUntil: new Date(holdUntil).toISOString(), createdAt: new Date(now).toISOString() };
});

const app = express();
app.use(express.json());
app.post('/api/mall/orders', (req, res) => {
  const header = req.get('authorization');
  const now = Date.now();
  const me = header?.startsWith('Bearer ') ? (sessionStmt.get(hash(header.slice(7)), now) as { id: number; registered_at: number | null } | undefined) : undefined;
  if (!me) return void res.status(401).json({ error: { code: 'UNAUTHENTICATED' } });
  if (!me.registered_at) return void res.status(403).json({ error: { code: 'REGISTRATION_REQUIRED' } });
  const body = req.body as { productId?: unknown; quantity?: unknown; points?: unknown };
  const quantity = body.quantity === undefined ? 1 : body.quantity;
  if (typeof body.productId !== 'number' || typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 20) return void res.status(400).json({ error: { code: 'VALIDATION_FAILED' } });
  const p = productStmt.get(body.productId) as Product | undefined;
  if (!p || p.status !== 'active' || (p.sale_starts_at !== null && p.sale_starts_at > now) || (p.sale_ends_at !== null && p.sale_ends_at <= now)) return void res.status(409).json({ error: { code: 'PRODUCT_NOT_AVAILABLE' } });
  if ((body.points ?? 0) !== p.price_points * quantity) return void res.status(409).json({ error: { code: 'PRICE_CHANGED' } });
  try {
    res.status(201).json({ order: reserve(p, me.id, quantity, now), paymentUrl: null });
  } catch (error) {
    if (error instanceof Refused) return void res.status(409).json({ error: { code: error.message } });
    throw error;
  }
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
