import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../../bot-server/auth/actor.ts';
import { loadConfig } from '../../bot-server/config.ts';
import { insertCoupon, insertImportedCodes, insertTemplate } from '../../bot-server/coupons/coupon.repo.ts';
import { CouponService } from '../../bot-server/coupons/coupon.service.ts';
import { loadQrSecret } from '../../bot-server/coupons/qr-token.ts';
import { migrateDatabase, openDatabase, transact, type DbHandle } from '../../bot-server/db/client.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { insertStore, updateStore } from '../../bot-server/stores/store.repo.ts';

let dir: string;
let db: DbHandle;
const system: Actor = { kind: 'system', label: 'cli' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coupons-core-'));
  db = openDatabase(join(dir, 'app.db'));
  migrateDatabase(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function template(pattern: { prefix: string; charset: 'digits' | 'alnum'; length: number; suffix: string }, codeMode: 'pattern' | 'imported' = 'pattern') {
  return insertTemplate(db.db, { name: '測試券', kind: 'amount_off', amountOff: 10, scope: { type: 'order' }, validity: { type: 'relative', days: 30 }, codePattern: pattern, codeMode });
}

const errorCode = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'no error';
};

describe('repos turn unique-constraint clashes into domain errors', () => {
  it('a coupon code held by another coupon: CODE_TAKEN, not a SQLite error', () => {
    const member = insertMember(db.db, { lineUserId: `U${'2'.repeat(32)}` });
    const t = template({ prefix: 'CT', charset: 'digits', length: 6, suffix: '' });
    const now = new Date();
    const row = { templateId: t.id, memberId: member.id, code: 'CT000001', usesTotal: 1, usesLeft: 1, validFrom: now, validUntil: new Date(now.getTime() + 86_400_000), source: 'test', sourceRef: null, issuedAt: now, updatedAt: now };
    insertCoupon(db.db, row);
    expect(errorCode(() => insertCoupon(db.db, row))).toBe('CODE_TAKEN');
  });

  it('an imported code we already hold (another import got there first): CODE_TAKEN, and nothing of the list is kept', () => {
    const t = template({ prefix: '', charset: 'alnum', length: 8, suffix: '' }, 'imported');
    insertImportedCodes(db.db, t.id, ['PARTNER-1']);
    expect(errorCode(() => transact(db.db, (tx) => insertImportedCodes(tx, t.id, ['PARTNER-2', 'PARTNER-1'])))).toBe('CODE_TAKEN');
    expect((db.sqlite.prepare('select count(*) as n from imported_codes').get() as { n: number }).n).toBe(1);
  });

  it('a store code another store has: CONFLICT on the code field', () => {
    insertStore(db.db, { code: 'XINYI', name: '信義店' });
    const other = insertStore(db.db, { code: 'NANXI', name: '南西店' });
    expect(errorCode(() => insertStore(db.db, { code: 'XINYI', name: '又一家' }))).toBe('CONFLICT');
    expect(errorCode(() => updateStore(db.db, other.id, { code: 'XINYI' }))).toBe('CONFLICT');
  });

  it('issuing from a nearly full pattern tries fresh codes on a clash: every coupon gets a distinct code', () => {
    const coupons = new CouponService({ db: db.db, config: loadConfig({ DATABASE_PATH: join(dir, 'app.db'), LOG_LEVEL: 'error' }), qrSecret: loadQrSecret(db.db) });
    const member = insertMember(db.db, { lineUserId: `U${'3'.repeat(32)}` });
    // 100 possible codes, 40 coupons: clashes are all but certain, and each is retried.
    const t = template({ prefix: 'Z', charset: 'digits', length: 2, suffix: '' });
    const codes = transact(db.db, (tx) => Array.from({ length: 40 }, () => coupons.issuing.issueInTx(tx, { templateId: t.id, memberId: member.id, source: 'test', actor: system, notify: false }).code));
    expect(new Set(codes).size).toBe(40);
  });
});
