import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Builds the LIFF app once so browser tests run against the real production bundle. */
export default function setup(): void {
  if (process.env.SKIP_LIFF_BUILD === '1') return;
  const root = resolve(import.meta.dirname, '../..');
  const result = spawnSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would give a development React bundle.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('vite build failed');
}
