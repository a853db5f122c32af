import type { RequestContext } from "../context.js";
import { RateLimitExceededError } from "./rate-limit-error.js";
import type { RateLimiter } from "./rate-limiter.js";

/** The `rateLimit` option of `createScimServer`. */
export interface RateLimitSetting {
  /** Counts the requests (memory, SQLite or PostgreSQL; see `@scimkit/server/rate-limit`). */
  readonly limiter: RateLimiter;
  /**
   * The key a request is counted under, from the authenticated context; `undefined` counts it
   * nowhere. Default {@link credentialKey}: the tenant and principal of the credential.
   */
  readonly keyOf?: (ctx: RequestContext) => string | undefined;
}

/**
 * The default rate-limit key: one count per credential (its tenant and principal: a token id,
 * a JWT `sub`/`client_id`), none for unauthenticated requests (they are answered 401 anyway).
 */
export function credentialKey(ctx: RequestContext): string | undefined {
  // JSON keeps the two parts apart whatever they contain (and has no NUL, which PostgreSQL text refuses).
  return ctx.principal === undefined ? undefined : JSON.stringify([ctx.tenantId, ctx.principal]);
}

/** Counts the request; throws a {@link RateLimitExceededError} (429) when its key is over the limit. */
export async function enforceRateLimit(setting: RateLimitSetting, ctx: RequestContext): Promise<void> {
  const key = (setting.keyOf ?? credentialKey)(ctx);
  if (key === undefined) return;
  const decision = await setting.limiter.hit(key);
  if (!decision.allowed)
    throw new RateLimitExceededError(
      `too many requests for this credential: at most ${decision.limit} per window; retry after ${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
    );
}
