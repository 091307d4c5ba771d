import { loadConfig, ConfigError } from '../config.ts';
import { migrateDatabase, openDatabase } from './client.ts';

try {
  const config = loadConfig();
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.dbBusyTimeoutMs });
  migrateDatabase(handle);
  handle.close();
  console.log(`Migrated ${config.databasePath}`);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
