// First: SIGTERM/SIGINT are caught from the process's first moment (ops/shutdown-signals.ts).
import './ops/shutdown-signals.ts';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LIFF_DIST } from './http/app.ts';
import { runMain } from './main.ts';

// `npm start`: build the LIFF app once if it is missing, then run the server.
if (!existsSync(resolve(LIFF_DIST, 'index.html'))) {
  process.stdout.write('Building the LIFF app (first start only)…\n');
  const vite = resolve(import.meta.dirname, '../node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { stdio: 'inherit', cwd: resolve(import.meta.dirname, '..') });
  if (result.status !== 0) {
    process.stderr.write('The LIFF app build failed; see the output above.\n');
    process.exit(result.status ?? 1);
  }
}
await runMain({ showcase: true });
