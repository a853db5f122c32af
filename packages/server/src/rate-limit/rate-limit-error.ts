import { ScimError } from "@scimkit/core";

/**
 * A 429 Too Many Requests (RFC 6585 §4) with the SCIM error body (RFC 7644 §3.12) and a
 * `Retry-After` in seconds (RFC 9110 §10.2.3).
 */
export class RateLimitExceededError extends ScimError {
  readonly retryAfterSeconds: number;

  constructor(detail: string, retryAfterSeconds: number) {
    super(429, undefined, detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
