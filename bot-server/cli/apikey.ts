import { parseArgs } from 'node:util';
import { withDatabase } from './with-database.ts';
import { API_KEY_SCOPES, ApiKeyService, type ApiKeyScope } from '../partners/api-key.service.ts';

const USAGE = `Usage:
  npm run apikey -- create <name> --scopes partner[,pos] [--stores 1,2]
  npm run apikey -- list
The new key is printed once, alone on the last line; only its hash is stored.`;

function main(): number {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    args: process.argv.slice(2),
    options: { scopes: { type: 'string' }, stores: { type: 'string' } },
  });
  const [command, name] = positionals;
  return withDatabase((handle) => {
    const service = new ApiKeyService(handle.db);
    if (command === 'list') {
      for (const k of service.list({ kind: 'system', label: 'cli' })) {
        console.log(`${k.id}\t${k.prefix}…\t${k.name}\t${k.scopes.join(',')}\t${k.revokedAt ? 'revoked' : 'active'}`);
      }
      return 0;
    }
    if (command !== 'create' || !name) {
      console.error(USAGE);
      return 2;
    }
    const scopes = (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
    if (scopes.length === 0 || bad.length > 0) {
      console.error(`--scopes must list one or more of: ${API_KEY_SCOPES.join(', ')}${bad.length ? ` (unknown: ${bad.join(', ')})` : ''}`);
      return 2;
    }
    const storeIds = values.stores ? values.stores.split(',').map((s) => Number(s.trim())) : null;
    if (storeIds && storeIds.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
      console.error('--stores must be a comma-separated list of store ids');
      return 2;
    }
    const { key, row } = service.create({ kind: 'system', label: 'cli' }, { name, scopes: scopes as ApiKeyScope[], storeIds });
    console.log(`Created API key ${row.id} "${row.name}" (${row.scopes.join(', ')}). Store it now: it is not shown again.`);
    console.log(key);
    return 0;
  });
}

process.exitCode = main();
