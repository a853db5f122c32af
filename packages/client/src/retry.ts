import type { RetryOptions as KyRetryOptions } from "ky";
import type { RetryOptions } from "./types.js";

/** The retry policy with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Statuses that signal a transient condition: throttling and an unavailable or slow upstream. */
export const DEFAULT_RETRY_STATUS_CODES: readonly number[] = [429, 502, 503, 504];

const DEFAULT_RETRY: ResolvedRetryOptions = {
  limit: 2,
  statusCodes: [...DEFAULT_RETRY_STATUS_CODES],
  retryNonIdempotent: false,
  baseDelay: 300,
  backoffLimit: 30_000,
  maxRetryAfter: 60_000,
  jitter: true,
  retryOnTimeout: false,
};

/**
 * Merges a retry setting (client-wide, then per call) over the defaults. A number sets `limit`,
 * `false` disables retries.
 */
export function resolveRetryOptions(
  base: number | RetryOptions | false | undefined,
  override?: number | RetryOptions | false,
): ResolvedRetryOptions {
  return { ...DEFAULT_RETRY, ...toPartial(base), ...toPartial(override) };
}

function toPartial(setting: number | RetryOptions | false | undefined): RetryOptions {
  if (setting === undefined) return {};
  if (setting === false) return { limit: 0 };
  if (typeof setting === "number") return { limit: setting };
  return Object.fromEntries(Object.entries(setting).filter(([, value]) => value !== undefined));
}

/**
 * The computed backoff before retry `attempt` (1-based): `baseDelay * 2^(attempt-1)`, capped at
 * `backoffLimit`, then drawn uniformly from `[0, cap]` when `jitter` is on ("full jitter").
 */
export function backoffDelay(
  attempt: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.backoffLimit, options.baseDelay * 2 ** (attempt - 1));
  return options.jitter ? random() * exponential : exponential;
}

/**
 * Translates the policy into ky's retry options for one request. `idempotent` says whether the
 * request may be repeated without changing the outcome: GET/PUT/DELETE always are, and so is a
 * `POST /.search` (RFC 7644 §3.4.3 defines it as a query). Other POSTs and PATCH are retried only
 * with `retryNonIdempotent`.
 */
export function toKyRetry(
  options: ResolvedRetryOptions,
  method: string,
  idempotent: boolean,
): KyRetryOptions {
  const verb = method.toLowerCase();
  const allowed = idempotent || options.retryNonIdempotent;
  return {
    limit: allowed ? options.limit : 0,
    // ky checks the method list itself; listing only this verb keeps the decision in one place.
    methods: allowed ? [verb] : [],
    statusCodes: options.statusCodes,
    // Honour Retry-After on every retried status, not only ky's default 413/429/503.
    afterStatusCodes: options.statusCodes,
    maxRetryAfter: options.maxRetryAfter,
    backoffLimit: options.backoffLimit,
    delay: (attempt) => backoffDelay(attempt, { ...options, jitter: false }),
    jitter: options.jitter ? (delay) => Math.random() * delay : undefined,
    retryOnTimeout: options.retryOnTimeout,
  };
}

/** True for methods RFC 9110 §9.2.2 calls idempotent among those SCIM uses. */
export function isIdempotentMethod(method: string): boolean {
  return ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].includes(method.toUpperCase());
}
