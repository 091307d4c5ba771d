import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { LineClient } from '../line/line-client.ts';
import type { Links } from '../links.ts';
import { Dispatcher } from './dispatcher.ts';

export function createDispatcher(deps: { config: Config; db: Db; line: LineClient; links: Links; log: Logger }): Dispatcher {
  const { config } = deps;
  return new Dispatcher({
    db: deps.db,
    line: deps.line,
    links: deps.links,
    log: deps.log.child({ component: 'dispatcher' }),
    brandName: config.brandName,
    timeZone: config.brandTimezone,
    ratePerSecond: config.notify.ratePerSecond,
    concurrency: config.notify.concurrency,
    multicastRatePerSecond: config.notify.multicastRatePerSecond,
    multicastMinRecipients: config.notify.multicastMinRecipients,
    maxAttempts: config.notify.maxAttempts,
    backoffBaseMs: config.notify.backoffBaseMs,
    backoffMaxMs: 5 * 60_000,
    leaseMs: config.notify.leaseMs,
    quietHours: config.notify.quietHours,
    quotaReserve: config.notify.quotaReserve,
    quotaCheckIntervalMs: 30_000,
  });
}
