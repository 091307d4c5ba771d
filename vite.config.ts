import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, 'liff-app');

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/liff-app'),
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        app: resolve(root, 'index.html'),
        sandbox: resolve(root, 'sandbox.html'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/sandbox/api': 'http://127.0.0.1:3000',
      '/sandbox/line': 'http://127.0.0.1:3000',
      '/sandbox/liff': 'http://127.0.0.1:3000',
    },
  },
});
