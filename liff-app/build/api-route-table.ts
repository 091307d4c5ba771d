import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

const ID = 'virtual:api-route-table';
const RESOLVED = `\0${ID}`;
const ROUTES = resolve(import.meta.dirname, '../../shared/api/routes.ts');

/**
 * `virtual:api-route-table`: every route of shared/api/routes.ts as `[method, path]`, without
 * its zod schemas. The LIFF app's client sends requests with this table from the first paint;
 * the contract itself (zod and the schemas, ~70 KB gzipped) loads when the page is idle or a form
 * needs it (liff-app/src/api/client.ts). Read from the contract at build time, so a new route
 * is in the table with no step to remember.
 */
export function apiRouteTable(): Plugin {
  return {
    name: 'api-route-table',
    resolveId(id) {
      return id === ID ? RESOLVED : null;
    },
    async load(id) {
      if (id !== RESOLVED) return null;
      this.addWatchFile(ROUTES);
      const { api } = (await import(`${pathToFileURL(ROUTES).href}?t=${Date.now()}`)) as { api: Record<string, { method: string; path: string }> };
      const table = Object.fromEntries(Object.entries(api).map(([name, def]) => [name, [def.method, def.path]]));
      return `export default ${JSON.stringify(table)};`;
    },
  };
}
