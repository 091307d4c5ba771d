import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { apiRouteTable } from './liff-app/build/api-route-table.ts';
import { appStringsByLanguage } from './liff-app/build/app-strings.ts';
import { i18nLiteAliases } from './liff-app/build/i18n-lite.ts';
import { phoneMetadataForAcceptedRegions } from './liff-app/build/phone-metadata.ts';
import { precompress } from './liff-app/build/precompress.ts';
import { preloadWalletChunk } from './liff-app/build/preload-wallet.ts';
import { preactCompatAliases } from './liff-app/build/preact-compat.ts';
import { reactRouterProductionAliases } from './liff-app/build/react-router-production.ts';
import { reportStartPath } from './liff-app/build/start-path.ts';
import { startChunkGroups } from './liff-app/build/start-chunks.ts';

const root = resolve(import.meta.dirname, 'liff-app');

export default defineConfig({
  root,
  base: '/',
  // The member's first load: see liff-app/build/ (each plugin says what it saves).
  resolve: { alias: [...preactCompatAliases, ...i18nLiteAliases, ...reactRouterProductionAliases] },
  plugins: [react(), apiRouteTable(), appStringsByLanguage(), phoneMetadataForAcceptedRegions(), preloadWalletChunk(), precompress(), reportStartPath()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/liff-app'),
    emptyOutDir: true,
    sourcemap: false,
    // .vite/manifest.json: the start path's files (liff-app/build/start-path.ts and its test).
    manifest: true,
    // Every browser a LIFF page opens in (LINE's in-app browser on iOS 17+ and Android) knows modulepreload.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        app: resolve(root, 'index.html'),
        sandbox: resolve(root, 'sandbox.html'),
      },
      output: { codeSplitting: { groups: startChunkGroups } },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/sandbox/api': 'http://127.0.0.1:3000',
      '/sandbox/line': 'http://127.0.0.1:3000',
      '/sandbox/liff': 'http://127.0.0.1:3000',
      '/sandbox/sms': 'http://127.0.0.1:3000',
    },
  },
});
