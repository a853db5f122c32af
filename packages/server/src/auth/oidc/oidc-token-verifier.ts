import { ScimError } from "@scimkit/core";
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import type { AccessScope } from "../../context.js";
import type { BearerTokenVerifier, VerifiedCredential } from "../bearer-token-verifier.js";
import { InvalidTokenError, MissingScopeError } from "../token-errors.js";
import { discoverJwksUri } from "./discovery.js";
import { allowedAlgorithms, type OidcVerifierOptions } from "./oidc-options.js";
import { scopesOf } from "./token-scopes.js";

/** Three base64url segments: the JWS compact serialisation (RFC 7515 §7.1); the last may be empty (`alg: none`). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Errors that mean "the keys could not be fetched", not "the token is bad". */
const UNREACHABLE_CODES = new Set(["ERR_JWKS_TIMEOUT", "ERR_JOSE_GENERIC", "ERR_JWKS_INVALID"]);

function reasonOf(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return "the token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return `the token has no ${error.claim} claim`;
    return `the ${error.claim} claim is not accepted`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "the signature algorithm is not allowed";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the issuer matches the token";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the signature does not verify";
  return "the token is not a valid JWT";
}

/**
 * Verifies OAuth 2.0 access tokens that are JWTs signed by an OpenID Connect issuer: the signature
 * against the issuer's JWKS (discovered or given; cached, refetched on an unknown `kid` at most once
 * per cooldown), `iss`, `aud` and `exp` required, `nbf` and `iat` honoured with a small clock
 * tolerance, an asymmetric algorithm allow-list. The tenant is the `tenantClaim`; the principal is
 * `sub` (else `client_id`, `azp`); `writeScope` grants write, `readScope` read, neither → 403.
 *
 * @example
 * bearerAuthentication({
 *   verifiers: [oidcTokenVerifier({ issuer: "https://idp.example.com", audience: "api://scim" })],
 * });
 */
export function oidcTokenVerifier(options: OidcVerifierOptions): BearerTokenVerifier {
  const algorithms = allowedAlgorithms(options.algorithms);
  const tenantClaim = options.tenantClaim ?? "tid";
  const readScope = options.readScope ?? "scim:read";
  const writeScope = options.writeScope ?? "scim:write";
  const clockTolerance = options.clockToleranceSeconds ?? 30;
  const timeoutMs = options.httpTimeoutMs ?? 5000;
  const jwksUri = options.jwksUri
    ? (() => {
        const url = new URL(options.jwksUri);
        return () => Promise.resolve(url);
      })()
    : discoverJwksUri(options.issuer, { retryMs: options.discoveryRetryMs ?? 10_000, timeoutMs });
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  /** One key set per verifier; a failed discovery is not kept, so the next request tries again. */
  function keySet() {
    const current =
      keys ??
      jwksUri().then((url) =>
        createRemoteJWKSet(url, {
          cooldownDuration: options.jwksRefetchCooldownMs ?? 30_000,
          cacheMaxAge: options.jwksMaxAgeMs ?? 600_000,
          timeoutDuration: timeoutMs,
        }),
      );
    keys = current;
    current.catch(() => {
      if (keys === current) keys = undefined;
    });
    return current;
  }

  function accessOf(payload: JWTPayload): AccessScope {
    const scopes = scopesOf(payload);
    if (scopes.has(writeScope)) return "write";
    if (scopes.has(readScope)) return "read";
    throw new MissingScopeError(`the token grants neither ${readScope} nor ${writeScope}`, readScope);
  }

  return {
    claims: (token) => JWT_SHAPE.test(token),
    async verify(token): Promise<VerifiedCredential> {
      const jwks = await keySet();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: options.issuer,
          audience: typeof options.audience === "string" ? options.audience : [...options.audience],
          algorithms,
          clockTolerance,
          requiredClaims: ["iss", "aud", "exp"],
        }));
      } catch (error) {
        if (error instanceof errors.JOSEError && !UNREACHABLE_CODES.has(error.code)) {
          throw new InvalidTokenError(reasonOf(error));
        }
        throw new ScimError(
          503,
          undefined,
          "the issuer's signing keys could not be fetched; try again later",
        );
      }
      // jose checks iat only with maxTokenAge; a token issued in the future is refused here.
      if (typeof payload.iat === "number" && payload.iat > Date.now() / 1000 + clockTolerance) {
        throw new InvalidTokenError("the token is issued in the future");
      }
      const tenant = payload[tenantClaim];
      if (typeof tenant !== "string" || tenant === "") {
        throw new InvalidTokenError(`the token has no ${tenantClaim} claim`);
      }
      const principal = [payload.sub, payload.client_id, payload.azp].find(
        (value): value is string => typeof value === "string" && value !== "",
      );
      if (principal === undefined) throw new InvalidTokenError("the token has no sub or client_id claim");
      return { principal, tenantId: tenant, scope: accessOf(payload) };
    },
  };
}
