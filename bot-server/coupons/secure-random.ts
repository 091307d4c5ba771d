import { randomBytes } from 'node:crypto';

let pool = Buffer.alloc(0);
let pos = 0;

/**
 * A uniform integer in [0, n) (n ≤ 256) from the OS's CSPRNG, drawn from a pooled buffer
 * with rejection sampling so there is no modulo bias and no syscall per character.
 */
export function secureIndex(n: number): number {
  const limit = 256 - (256 % n);
  for (;;) {
    if (pos >= pool.length) {
      pool = randomBytes(65536);
      pos = 0;
    }
    const b = pool[pos++]!;
    if (b < limit) return b % n;
  }
}
