/**
 * `@scimkit/server/auth/oidc`: OAuth 2.0 / OpenID Connect access tokens (JWTs) for
 * `bearerAuthentication`. Needs the optional peer dependency `jose`.
 *
 * @module @scimkit/server/auth/oidc
 */
export { ASYMMETRIC_ALGORITHMS, type OidcVerifierOptions } from "./oidc-options.js";
export { oidcTokenVerifier } from "./oidc-token-verifier.js";
export { scopesOf } from "./token-scopes.js";
