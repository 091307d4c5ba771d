import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin, requireAdminOrSystem } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { findApiKey, findApiKeyForAuth, insertApiKey, listApiKeys, revokeApiKey, touchApiKey, type ApiKeyRow } from './api-key.repo.ts';

export const API_KEY_SCOPES = ['partner', 'pos'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Keys look like `lmc_<40 base62-ish chars>`; the prefix tells them from session tokens. */
export const API_KEY_PREFIX = 'lmc_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class ApiKeyService {
  private readonly db: Db;
  /** last_used_at is written at most once a minute per key, not on every call. */
  private readonly touched = new Map<number, number>();
  constructor(db: Db) {
    this.db = db;
  }

  /** Creates a key; the plain key is returned once and never stored. */
  create(actor: Actor, input: { name: string; scopes: ApiKeyScope[]; storeIds: number[] | null; createdBy?: number | null }): { key: string; row: ApiKeyRow } {
    const key = `${API_KEY_PREFIX}${randomBytes(30).toString('base64url')}`;
    return transact(this.db, (tx) => {
      const row = insertApiKey(tx, {
        name: input.name,
        prefix: key.slice(0, 12),
        keyHash: hashApiKey(key),
        scopes: [...new Set(input.scopes)],
        storeIds: input.storeIds,
        createdBy: actor.kind === 'member' ? actor.memberId : null,
      });
      writeAudit(tx, actor, { action: 'apikey.create', targetType: 'api_key', targetId: row.id, targetName: row.name, details: { name: row.name, scopes: row.scopes, storeIds: row.storeIds } });
      return { key, row };
    });
  }

  createFromConsole(caller: Actor | undefined, input: { name: string; scopes: ApiKeyScope[]; storeIds: number[] | null }) {
    return this.create(requireAdmin(caller), input);
  }

  list(caller: Actor | undefined): ApiKeyRow[] {
    requireAdminOrSystem(caller);
    return listApiKeys(this.db);
  }

  revoke(caller: Actor | undefined, id: number): ApiKeyRow {
    const actor = requireAdmin(caller);
    const revoked = transact(this.db, (tx) => {
      const row = findApiKey(tx, id);
      if (!row) throw new AppError('NOT_FOUND', { message: '找不到這把金鑰', messageEn: 'No such API key' });
      if (!row.revokedAt) {
        revokeApiKey(tx, id, new Date());
        writeAudit(tx, actor, { action: 'apikey.revoke', targetType: 'api_key', targetId: id, targetName: row.name, details: { name: row.name } });
      }
      return findApiKey(tx, id)!;
    });
    return revoked;
  }

  /**
   * The actor behind a presented key: one query on every call, nothing remembered, so a revoked
   * key is refused on its very next request in every process sharing the database.
   */
  authenticate(key: string): Extract<Actor, { kind: 'apiKey' }> {
    const row = findApiKeyForAuth(this.db, hashApiKey(key));
    if (!row) throw new AppError('API_KEY_INVALID');
    if (row.revokedAt) throw new AppError('API_KEY_REVOKED');
    return this.actorFor(row, Date.now());
  }

  private actorFor(row: Pick<ApiKeyRow, 'id' | 'name' | 'scopes' | 'storeIds'>, now: number): Extract<Actor, { kind: 'apiKey' }> {
    if ((this.touched.get(row.id) ?? 0) < now - 60_000) {
      this.touched.set(row.id, now);
      touchApiKey(this.db, row.id, new Date(now));
    }
    return { kind: 'apiKey', keyId: row.id, name: row.name, scopes: row.scopes, storeIds: row.storeIds };
  }
}
