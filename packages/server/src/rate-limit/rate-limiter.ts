/** The answer of a {@link RateLimiter} to one request. */
export interface RateLimitDecision {
  /** Whether the request is within the limit. */
  readonly allowed: boolean;
  /** Requests allowed per window. */
  readonly limit: number;
  /** Requests left in the current window after this one (0 when over the limit). */
  readonly remaining: number;
  /** Whole seconds until the current window ends: the `Retry-After` of a 429 (RFC 6585 §4). */
  readonly retryAfterSeconds: number;
}

/**
 * Counts requests per key (e.g. per credential) in fixed windows. Implementations: memory (one
 * process), SQLite and PostgreSQL (shared by every process using the same database).
 */
export interface RateLimiter {
  /** Counts one request of `key` and says whether it is within the limit. */
  hit(key: string): Promise<RateLimitDecision>;
}

/** Options every limiter takes. */
export interface RateLimiterOptions {
  /** Requests allowed per key and window (a positive whole number). */
  readonly limit: number;
  /** The window length in milliseconds; default one minute. */
  readonly windowMs?: number;
  /** The clock, in epoch milliseconds (for tests); default `Date.now`. */
  readonly now?: () => number;
}

/** The options resolved: validated numbers and a clock. */
export interface FixedWindow {
  readonly limit: number;
  readonly windowMs: number;
  readonly now: () => number;
}

/** Validates the options; throws a `RangeError` naming the bad one. */
export function fixedWindow(options: RateLimiterOptions): FixedWindow {
  const { limit, windowMs = 60_000 } = options;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive whole number of requests, got ${limit}`);
  if (!Number.isSafeInteger(windowMs) || windowMs < 1)
    throw new RangeError(`windowMs must be a positive whole number of milliseconds, got ${windowMs}`);
  return { limit, windowMs, now: options.now ?? Date.now };
}

/** The start of the window `now` falls in (epoch milliseconds). */
export function windowStartOf(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** The decision for the `hits`-th request of the window starting at `windowStart`. */
export function decide(
  window: FixedWindow,
  windowStart: number,
  hits: number,
  now: number,
): RateLimitDecision {
  return {
    allowed: hits <= window.limit,
    limit: window.limit,
    remaining: Math.max(0, window.limit - hits),
    // At least 1: a client told "retry after 0" would retry at once into the same window.
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + window.windowMs - now) / 1000)),
  };
}
