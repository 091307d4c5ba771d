import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'shared/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // expect.poll waits for what a page or a worker will show; 1 s (vitest's default) is less
    // than a lazily loaded page takes to render on a loaded 2-core CI machine.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    globalSetup: ['test/helpers/global-setup.ts'],
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/vitest-report.json' },
  },
});
