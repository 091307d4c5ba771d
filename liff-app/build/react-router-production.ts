import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { Alias } from 'vite';

const ROUTER = dirname(createRequire(import.meta.url).resolve('react-router/package.json'));

/**
 * React Router's package exports point every condition at its development build
 * (`dist/development`, `ENABLE_DEV_WARNINGS = true`): route-matching warnings and checks on every
 * render of `<Routes>`, in the start chunk every member evaluates. Its production build
 * (`dist/production`, the same API without them) is what a production bundle should carry; the
 * source, types and tests keep `react-router` (issue 16 item 13, the wallet's main-thread time).
 */
export const reactRouterProductionAliases: Alias[] = [{ find: /^react-router$/, replacement: resolve(ROUTER, 'dist/production/index.mjs') }];
