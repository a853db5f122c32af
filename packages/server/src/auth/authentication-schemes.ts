import type { AuthenticationScheme } from "../config.js";

/** What a server accepts, for {@link describeAuthenticationSchemes}. */
export interface AcceptedCredentials {
  /** Issued or static bearer tokens. */
  readonly bearerTokens?: boolean;
  /** OAuth 2.0 access tokens (JWTs) from this OpenID Connect issuer. */
  readonly oidcIssuer?: string;
}

/**
 * The `authenticationSchemes` of `/ServiceProviderConfig` (RFC 7643 §5) for what is configured:
 * pass the result as `createScimServer({ authenticationSchemes })`.
 */
export function describeAuthenticationSchemes(accepted: AcceptedCredentials): AuthenticationScheme[] {
  const schemes: AuthenticationScheme[] = [];
  if (accepted.bearerTokens) {
    schemes.push({
      type: "oauthbearertoken",
      name: "Bearer token",
      description: "A bearer token (RFC 6750) issued for one tenant, sent as Authorization: Bearer <token>",
      specUri: "https://www.rfc-editor.org/rfc/rfc6750",
      primary: true,
    });
  }
  if (accepted.oidcIssuer !== undefined) {
    schemes.push({
      type: "oauth2",
      name: "OAuth 2.0 access token",
      description: `A JWT access token from ${accepted.oidcIssuer}, sent as Authorization: Bearer <token>`,
      specUri: "https://www.rfc-editor.org/rfc/rfc6749",
      documentationUri: `${accepted.oidcIssuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      primary: !accepted.bearerTokens,
    });
  }
  return schemes;
}
