import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/helpers/sequencer.ts';

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
    // One worker on the 2-core CI machine (vitest's default, one core fewer than the machine has):
    // the race, durability and bad-input tests measure work done in a fixed time, and a second
    // file beside them halves it (tried: they failed under two workers on a loaded machine).
    //
    // One worker process runs many files, evaluating the server's module graph (drizzle, zod
    // contract, Express, the LINE SDK: 1.5–2 s a file on CI) once instead of once per file. Each
    // file still starts its own servers, databases and browsers and stops them in afterAll; the
    // server keeps its state per instance (WeakMaps keyed by the database, a registry per server)
    // and no test mocks modules or changes process.env. `npm test -- --isolate` brings back one
    // fresh process per file, to tell whether a failure comes from an earlier file.
    isolate: false,
    // Longest files first (see the sequencer): with more workers (`--maxWorkers`) they finish together.
    sequence: { sequencer: LongestFirstSequencer },
    globalSetup: ['test/helpers/global-setup.ts'],
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/vitest-report.json' },
  },
});
