/**
 * `@scimkit/server/rate-limit`: a per-credential request limit for `createScimServer`'s
 * `rateLimit` option, answering 429 with `Retry-After` and a SCIM error body. Counters live in
 * memory (per process) or in the SQLite or PostgreSQL database of the store (shared by every
 * process on that database).
 *
 * @module @scimkit/server/rate-limit
 */
export { MemoryRateLimiter } from "./memory-rate-limiter.js";
export { PostgresRateLimiter, type PostgresRateLimiterOptions } from "./postgres-rate-limiter.js";
export { RateLimitExceededError } from "./rate-limit-error.js";
export { credentialKey, enforceRateLimit, type RateLimitSetting } from "./rate-limit-setting.js";
export type { RateLimitDecision, RateLimiter, RateLimiterOptions } from "./rate-limiter.js";
export { SqliteRateLimiter } from "./sqlite-rate-limiter.js";
