/** Options of {@link oidcTokenVerifier}. */
export interface OidcVerifierOptions {
  /** The issuer URL, exactly as tokens carry it in `iss` (e.g. `https://login.example.com/tenant/v2.0`). */
  readonly issuer: string;
  /** The `aud` tokens must carry (one of them, when several are given). */
  readonly audience: string | readonly string[];
  /**
   * The JWKS URL. When unset it is discovered from `<issuer>/.well-known/openid-configuration`
   * (whose `issuer` must equal `issuer`, OpenID Connect Discovery §4.3).
   */
  readonly jwksUri?: string;
  /** The claim naming the tenant (default `tid`). A token without it is refused. */
  readonly tenantClaim?: string;
  /** The scope that grants read access (default `scim:read`). */
  readonly readScope?: string;
  /** The scope that grants read and write access (default `scim:write`). */
  readonly writeScope?: string;
  /**
   * Signature algorithms accepted (default: RS256/384/512, PS256/384/512, ES256/384/512, EdDSA).
   * Asymmetric only: `none` and HS* are refused here, because a verifier that accepts HS* can be
   * fooled into using a published public key as an HMAC secret.
   */
  readonly algorithms?: readonly string[];
  /** Tolerated clock difference for `exp`, `nbf` and `iat`, in seconds (default 30). */
  readonly clockToleranceSeconds?: number;
  /**
   * After fetching the JWKS, a token with an unknown `kid` triggers another fetch only after this
   * many milliseconds (default 30000), so made-up `kid`s cannot flood the issuer.
   */
  readonly jwksRefetchCooldownMs?: number;
  /** Keys are refetched at least this often, in milliseconds (default 600000). */
  readonly jwksMaxAgeMs?: number;
  /** After a failed discovery request, wait this long before trying again, in milliseconds (default 10000). */
  readonly discoveryRetryMs?: number;
  /** Timeout of discovery and JWKS requests, in milliseconds (default 5000). */
  readonly httpTimeoutMs?: number;
}

/** The default asymmetric algorithm allow-list. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

/** The allow-list to use: the given one, refusing anything that is not an asymmetric algorithm. */
export function allowedAlgorithms(given: readonly string[] | undefined): string[] {
  const algorithms = [...(given ?? ASYMMETRIC_ALGORITHMS)];
  if (algorithms.length === 0) throw new RangeError("the algorithm allow-list must not be empty");
  for (const algorithm of algorithms) {
    if (!/^(RS|PS|ES)(256|384|512)$|^EdDSA$|^ES256K$|^Ed25519$/.test(algorithm)) {
      throw new RangeError(
        `algorithm "${algorithm}" is not allowed: only asymmetric signature algorithms are`,
      );
    }
  }
  return algorithms;
}
