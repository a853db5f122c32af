import type { AccessScope } from "../context.js";

/** Who a verified bearer token speaks for. */
export interface VerifiedCredential {
  /** The actor: a credential id, a JWT `sub` or `client_id`. Never a secret. */
  readonly principal: string;
  readonly tenantId: string;
  readonly scope: AccessScope;
}

/**
 * One kind of bearer token (issued tokens, a static token, OIDC access tokens). The
 * {@link bearerAuthentication} hook asks each verifier in turn whether a token is its kind, and the
 * first that claims it decides.
 */
export interface BearerTokenVerifier {
  /** Whether the token is this verifier's kind (a cheap syntactic check, or an exact match). */
  claims(token: string): boolean;
  /**
   * Verifies the token. Throws `AuthenticationError` (401 `invalid_token`) when it is not valid,
   * `InsufficientScopeError` (403) when it is valid but grants no SCIM access.
   */
  verify(token: string): Promise<VerifiedCredential>;
}
