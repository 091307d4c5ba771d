import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { findStoreByCode, findStoreById, insertStore, listStores, updateStore, type NewStoreRow, type StoreRow } from './store.repo.ts';

export class StoreService {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  list(options: { includeInactive: boolean }): StoreRow[] {
    const all = listStores(this.db);
    return options.includeInactive ? all : all.filter((s) => s.isActive);
  }

  create(caller: Actor | undefined, input: Omit<NewStoreRow, 'id'>): StoreRow {
    const actor = requireAdmin(caller);
    return transact(this.db, (tx) => {
      if (findStoreByCode(tx, input.code)) {
        throw new AppError('CONFLICT', { message: `門市代碼 ${input.code} 已被使用`, messageEn: `Store code ${input.code} is taken`, field: 'code' });
      }
      const store = insertStore(tx, input);
      writeAudit(tx, actor, { action: 'store.create', targetType: 'store', targetId: store.id, targetName: store.name, details: { code: store.code, name: store.name } });
      return store;
    });
  }

  update(caller: Actor | undefined, storeId: number, patch: Partial<Omit<NewStoreRow, 'id'>>): StoreRow {
    const actor = requireAdmin(caller);
    return transact(this.db, (tx) => {
      const existing = findStoreById(tx, storeId);
      if (!existing) throw new AppError('NOT_FOUND', { message: '找不到這間門市', messageEn: 'No such store' });
      if (patch.code && patch.code !== existing.code && findStoreByCode(tx, patch.code)) {
        throw new AppError('CONFLICT', { message: `門市代碼 ${patch.code} 已被使用`, messageEn: `Store code ${patch.code} is taken`, field: 'code' });
      }
      const updated = updateStore(tx, storeId, patch)!;
      const changed = Object.fromEntries(
        Object.entries(patch).filter(([key, value]) => existing[key as keyof StoreRow] !== value),
      );
      if (Object.keys(changed).length > 0) {
        const diff = Object.keys(changed).map((field) => ({ field, before: existing[field as keyof StoreRow] ?? null, after: updated[field as keyof StoreRow] ?? null }));
        writeAudit(tx, actor, { action: 'store.update', targetType: 'store', targetId: storeId, targetName: updated.name, details: { name: updated.name, diff } });
      }
      return updated;
    });
  }
}
