/**
 * Fewer requests before the wallet shows (issue 16 item 13). Left to itself the bundler splits
 * the start path into a dozen small chunks (the libraries, each helper two lazy pages share,
 * the wallet page and its card), and a phone on a slow network pays a round trip and a script
 * evaluation for each. Two groups instead:
 * - `start`: what every page needs from its first frame: the renderer (Preact), the router,
 *   TanStack Query, i18n (liff-app/src/i18n/lite/ in place of i18next, build/i18n-lite.ts), and the small shared helpers the member pages all use (icons, the UI
 *   kit, dates, colours, unit labels) and the app's API client and i18n. Only a couple of kB of it is for lazy pages alone
 *   (mutations, infinite queries), cheaper than the requests it saves;
 * - `wallet`: the wallet page with its card and query, which `/app/wallet` loads at once (and
 *   the home page and the coupon detail reuse); index.html modulepreloads it (build/preload-wallet.ts);
 * - `liff`: LINE's SDK with the plugins we use, one file rather than four (the first sign-in in
 *   production waits for it; the scanner's and sharing's plugins come with it);
 * - `sandbox-sign-in`: the sandbox's token minting and its API, one file.
 * The console, charts, the scanner, the contract and English keep their own chunks
 * (test/integration/start-path-budget.test.ts checks both).
 */
const START = [
  /[\\/]node_modules[\\/](preact|react-router|@tanstack[\\/](query-core|react-query)|i18next|react-i18next|use-sync-external-store|cookie|set-cookie-parser)[\\/]/,
  /[\\/]liff-app[\\/]src[\\/]components[\\/](Icon|ui)\.tsx$/,
  /[\\/]liff-app[\\/]src[\\/]lib[\\/](dates|colors)\.ts$/,
  /[\\/]shared[\\/](dates|coupons[\\/]units)\.ts$/,
  /[\\/]liff-app[\\/]src[\\/](api|i18n)[\\/]/,
  /virtual:(api-route-table|app-strings[\\/]zh-TW)$/,
  /vite[\\/]preload-helper/,
];
const WALLET = /[\\/]liff-app[\\/]src[\\/]member[\\/](WalletPage\.tsx|wallet[\\/](CouponCard\.tsx|api\.ts|wallet\.css))$/;

const LIFF = /[\\/](node_modules[\\/](@line[\\/]liff|@liff|tiny-sha256)[\\/]|liff-app[\\/]src[\\/]auth[\\/](liff-sdk|liff-production)\.ts$)/;
const SANDBOX_SIGN_IN = /[\\/]liff-app[\\/]src[\\/]auth[\\/](liff-sandbox|sandbox-api)\.ts$/;

export const startChunkGroups = [
  { name: 'start', test: (id: string) => START.some((pattern) => pattern.test(id)), priority: 20 },
  { name: 'wallet', test: WALLET, priority: 10 },
  { name: 'liff', test: LIFF, priority: 10 },
  { name: 'sandbox-sign-in', test: SANDBOX_SIGN_IN, priority: 10 },
];
