/**
 * Thrown by a {@link BearerTokenVerifier} for a token that is not valid (unknown, wrong secret,
 * expired, revoked, bad signature, wrong issuer or audience…). `bearerAuthentication` answers it with
 * 401 and `error="invalid_token"` (RFC 6750 §3.1). The reason must never quote the token.
 */
export class InvalidTokenError extends Error {
  override readonly name = "InvalidTokenError";
}

/**
 * Thrown by a {@link BearerTokenVerifier} for a valid token that grants none of the scopes SCIM
 * access needs. `bearerAuthentication` answers it with 403 and `error="insufficient_scope"`
 * (RFC 6750 §3.1), naming `requiredScope` in the challenge.
 */
export class MissingScopeError extends Error {
  override readonly name = "MissingScopeError";
  readonly requiredScope: string;

  constructor(message: string, requiredScope: string) {
    super(message);
    this.requiredScope = requiredScope;
  }
}
