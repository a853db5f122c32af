import { createHash, timingSafeEqual } from "node:crypto";
import { AuthenticationError, type AuthenticationResult } from "@scimkit/server";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * A `createScimServer` authenticate hook that accepts exactly one bearer token (RFC 6750 §2.1).
 * Tokens are compared as SHA-256 digests with `timingSafeEqual`: equal-length inputs, so the
 * comparison time reveals neither the token nor its length.
 */
export function bearerTokenAuth(token: string): (request: Request) => AuthenticationResult {
  const expected = digest(token);
  return (request) => {
    const header = request.headers.get("authorization");
    if (!header) {
      // RFC 6750 §3.1: no credentials → a challenge without an error code.
      throw new AuthenticationError(
        "authentication required: send Authorization: Bearer <token>",
        'Bearer realm="scim"',
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new AuthenticationError(
        "the bearer token is not valid",
        'Bearer realm="scim", error="invalid_token", error_description="the bearer token is not valid"',
      );
    }
    return { principal: "bearer" };
  };
}
