import { AppError } from '../../shared/errors.ts';

/**
 * Counts failed guesses (unknown codes, wrong redemption codes) per key in a sliding window,
 * and locks the key out for a while after too many, so codes cannot be guessed.
 */
export class MissLimiter {
  private readonly misses = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly lockMs: number;
  constructor(options: { max: number; windowMs: number; lockMs: number }) {
    this.max = options.max;
    this.windowMs = options.windowMs;
    this.lockMs = options.lockMs;
  }

  /** Throws RATE_LIMITED while any of the keys is locked out. */
  check(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const until = this.lockedUntil.get(key) ?? 0;
      if (until > now) {
        const minutes = Math.ceil((until - now) / 60_000);
        throw new AppError('RATE_LIMITED', {
          message: `錯誤次數過多，請 ${minutes} 分鐘後再試`,
          messageEn: `Too many wrong attempts; try again in ${minutes} min`,
          details: { retryAfterSeconds: Math.ceil((until - now) / 1000) },
        });
      }
    }
  }

  miss(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const recent = (this.misses.get(key) ?? []).filter((t) => t > now - this.windowMs);
      recent.push(now);
      this.misses.set(key, recent);
      if (recent.length >= this.max) {
        this.lockedUntil.set(key, now + this.lockMs);
        this.misses.delete(key);
      }
    }
    if (this.misses.size > 50_000) this.misses.clear();
  }
}
