// Loaded with `node --import ./bot-server/preload.mjs` before any of the server's modules.
//
// drizzle-orm's ES-module build is a graph of ~400 files joined by `export *`; linking it costs
// V8 ~150 MB of short-lived heap, which the process then keeps as resident memory (measured on
// Node 24: a process that only imports drizzle-orm/sqlite-core and drizzle-orm/better-sqlite3
// sits at ~180 MB RSS, ~64 MB when the same modules come from the package's CommonJS build).
// The CommonJS build is the same code and the same API, so drizzle-orm is resolved with the
// `require` condition. Only the resolution changes; nothing else is loaded differently.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/')) {
      return next(specifier, { ...context, conditions: ['require', 'node', 'default'] });
    }
    return next(specifier, context);
  },
});

// SIGTERM/SIGINT caught before the server's ~400 modules are even loaded (ESM loads the whole
// graph before it runs any of it, so main.ts's own first import comes only after that): the
// module installs its listeners only when main.ts or start.ts is the entry (ops/shutdown-signals.ts).
await import('./ops/shutdown-signals.ts');
