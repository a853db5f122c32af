/** Retry timing after failed deliveries. */
export interface BackoffOptions {
  /** Delay after the first failure (default 1 s). */
  readonly baseMs?: number;
  /** Longest delay (default 5 minutes). */
  readonly maxMs?: number;
}

/** Exponential backoff: `baseMs · 2^(attempts-1)`, capped at `maxMs`. */
export function backoffDelay(attempts: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 300_000;
  return Math.min(max, base * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}
