import type { JWTPayload } from "jose";

/**
 * The scopes a JWT grants: the space-separated `scope` claim (RFC 8693 §4.2, RFC 9068 §2.2.3), or
 * `scp` as an array or a space-separated string (Entra ID, Okta).
 */
export function scopesOf(payload: JWTPayload): Set<string> {
  const scopes = new Set<string>();
  for (const claim of [payload.scope, payload.scp]) {
    const values = Array.isArray(claim) ? claim : typeof claim === "string" ? claim.split(" ") : [];
    for (const value of values) if (typeof value === "string" && value !== "") scopes.add(value);
  }
  return scopes;
}
