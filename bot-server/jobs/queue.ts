import type { DbOrTx } from '../db/client.ts';
import { publish } from '../events/bus.ts';
import { enqueueJob, type NewJob } from './jobs.repo.ts';

/**
 * Queues a job in the caller's transaction and announces it (`job.queued`), so the runner is
 * woken once the transaction commits — never for a job that was rolled back. A job already
 * queued under the same kind and key is left as it is.
 */
export function queueJob(tx: DbOrTx, job: NewJob): { created: boolean } {
  const result = enqueueJob(tx, job);
  if (result.created) publish(tx, { type: 'job.queued', kind: job.kind, key: job.key });
  return result;
}
