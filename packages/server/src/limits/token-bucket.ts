import type { RateLimit } from '../config.js';

/** A token bucket: `burst` tokens, refilled continuously at `perSecond`. */
export class TokenBucket {
  #tokens: number;
  #updatedMs: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = limit.burst;
    this.#updatedMs = now();
  }

  /** Takes one token; false when empty. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Seconds until one token is available. */
  retryAfterS(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.limit.perSecond);
  }

  /** Whether the bucket is full (and so can be forgotten). */
  isFull(): boolean {
    this.#refill();
    return this.#tokens >= this.limit.burst;
  }

  #refill(): void {
    const t = this.now();
    const elapsedS = (t - this.#updatedMs) / 1000;
    this.#updatedMs = t;
    this.#tokens = Math.min(this.limit.burst, this.#tokens + elapsedS * this.limit.perSecond);
  }
}

/** Token buckets by key (an IP, a user), swept when full so memory stays bounded. */
export class KeyedRateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #sweep: NodeJS.Timeout;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.#sweep = setInterval(() => {
      for (const [key, bucket] of this.#buckets) if (bucket.isFull()) this.#buckets.delete(key);
    }, 60_000);
    this.#sweep.unref();
  }

  /** Takes a token for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.limit, this.now);
      this.#buckets.set(key, bucket);
    }
    return bucket.take() ? 0 : Math.max(1, bucket.retryAfterS());
  }

  close(): void {
    clearInterval(this.#sweep);
  }
}
