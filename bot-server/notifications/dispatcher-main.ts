import { ConfigError, loadConfig } from '../config.ts';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { announcePresence } from '../ops/presence.ts';
import { LineClient } from '../line/line-client.ts';
import { Links } from '../links.ts';
import { createLogger } from '../logger.ts';
import { createDispatcher } from './create-dispatcher.ts';

// The dispatcher on its own (`npm run dispatcher`), for running it beside the web server
// (set NOTIFY_DISPATCHER=off there) or after a crash. Leases make two dispatchers safe.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
if (config.sandbox && !config.lineApiBaseUrl) {
  process.stderr.write('In sandbox mode the standalone dispatcher needs LINE_API_BASE_URL (the running server, e.g. http://127.0.0.1:3000).\n');
  process.exit(1);
}
const logger = createLogger(config.logLevel);
const db = openDatabase(config.databasePath, { busyTimeoutMs: config.dbBusyTimeoutMs });
migrateDatabase(db);
const withdrawPresence = announcePresence(config.databasePath, 'dispatcher');
const line = new LineClient({
  channelAccessToken: config.channelAccessToken,
  ...(config.lineApiBaseUrl ? { apiBaseUrl: config.lineApiBaseUrl } : {}),
  ...(config.lineDataApiBaseUrl ? { dataApiBaseUrl: config.lineDataApiBaseUrl } : {}),
});
const links = new Links(config, () => config.publicBaseUrl ?? config.lineApiBaseUrl ?? 'http://localhost:3000');
const dispatcher = createDispatcher({ config, db: db.db, line, links, log: logger });
dispatcher.start();
logger.info({ ratePerSecond: config.notify.ratePerSecond }, 'dispatcher started');
const stop = (signal: string) => {
  logger.info({ signal }, 'dispatcher stopping');
  void dispatcher.stop().then(() => {
    db.close();
    withdrawPresence();
    process.exit(0);
  });
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
