import {
  decide,
  type FixedWindow,
  fixedWindow,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  windowStartOf,
} from "./rate-limiter.js";

/**
 * Counts requests in this process's memory: each process has its own count, so with N processes
 * behind a load balancer a key may make up to N × `limit` requests per window. Use the SQLite or
 * PostgreSQL limiter to share the count.
 *
 * @example
 * const limiter = new MemoryRateLimiter({ limit: 600 }); // per minute
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #window: FixedWindow;
  /** Hits per key in the current window; the map is cleared when a new window starts. */
  readonly #hits = new Map<string, number>();
  #windowStart = Number.NEGATIVE_INFINITY;

  constructor(options: RateLimiterOptions) {
    this.#window = fixedWindow(options);
  }

  async hit(key: string): Promise<RateLimitDecision> {
    const now = this.#window.now();
    const windowStart = windowStartOf(now, this.#window.windowMs);
    if (windowStart !== this.#windowStart) {
      this.#hits.clear();
      this.#windowStart = windowStart;
    }
    const hits = (this.#hits.get(key) ?? 0) + 1;
    this.#hits.set(key, hits);
    return decide(this.#window, windowStart, hits, now);
  }
}
