import { Writable } from 'node:stream';
import { createLogger } from '../../bot-server/logger.ts';

/** A logger that keeps every line it writes, parsed, so a test can assert on what was logged. */
export function capturingLogger<L extends { level: number; msg: string }>(level = 'info') {
  const lines: L[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as L);
      callback();
    },
  });
  return { logger: createLogger(level as Parameters<typeof createLogger>[0], stream), lines };
}
