import type { Db } from '../db/client.ts';
import type { LineClient } from '../line/line-client.ts';
import { readFlag } from '../runtime-flags/runtime-flags.repo.ts';
import { QUOTA_FLAG, type QuotaState } from './dispatcher.ts';

/**
 * This month's LINE message quota (GET /v2/bot/message/quota and …/quota/consumption), read now;
 * when LINE cannot be reached, what the dispatcher read last; null when neither is known.
 */
export function messageQuotaReader(line: LineClient, db: Db): () => Promise<{ limit: number | null; used: number } | null> {
  return async () => {
    try {
      const [quota, consumption] = await Promise.all([line.api.getMessageQuota(), line.api.getMessageQuotaConsumption()]);
      return { limit: quota.type === 'limited' ? (quota.value ?? null) : null, used: consumption.totalUsage };
    } catch {
      const last = readFlag<QuotaState>(db, QUOTA_FLAG);
      return last ? { limit: last.limit, used: last.used } : null;
    }
  };
}
