import { createHash, timingSafeEqual } from "node:crypto";
import type { AccessScope } from "../context.js";
import type { BearerTokenVerifier, VerifiedCredential } from "./bearer-token-verifier.js";

/** Options of {@link staticTokenVerifier}. */
export interface StaticTokenVerifierOptions {
  /** The token clients send (e.g. from an environment variable). */
  readonly token: string;
  readonly tenantId: string;
  /** The principal recorded for requests with this token (default `"static-token"`); never the token. */
  readonly principal?: string;
  /** Default `write`. */
  readonly scope?: AccessScope;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * One fixed token from configuration, bound to a tenant. Only its SHA-256 is kept in memory, and
 * the comparison is of equal-length digests with `timingSafeEqual`, so timing reveals neither the
 * token nor its length.
 *
 * @example
 * staticTokenVerifier({ token: process.env.SCIM_TOKEN, tenantId: "default" })
 */
export function staticTokenVerifier(options: StaticTokenVerifierOptions): BearerTokenVerifier {
  if (options.token.length === 0) throw new RangeError("the static token must not be empty");
  const expected = digest(options.token);
  const verified: VerifiedCredential = {
    principal: options.principal ?? "static-token",
    tenantId: options.tenantId,
    scope: options.scope ?? "write",
  };
  return {
    claims: (token) => timingSafeEqual(digest(token), expected),
    verify: async () => verified,
  };
}
