import { ConfigError, loadConfig, type Config } from '../config.ts';
import { migrateDatabase, openDatabase, type DbHandle } from '../db/client.ts';

/**
 * Runs a command-line tool against the configured database (migrated first) and turns a bad
 * environment into its readable list and exit code 1. Returns the tool's exit code.
 */
export function withDatabase(run: (handle: DbHandle, config: Config) => number): number {
  const config = configOrReport();
  if (!config) return 1;
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.dbBusyTimeoutMs });
  try {
    migrateDatabase(handle);
    return run(handle, config);
  } finally {
    handle.close();
  }
}

/** The configuration, or undefined after printing a bad environment's readable list (the tool then exits 1). */
export function configOrReport(): Config | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return undefined;
    }
    throw error;
  }
}
