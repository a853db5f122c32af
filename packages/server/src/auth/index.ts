/**
 * `@scimkit/server/auth`: bearer-token authentication for any store. Issued tokens (hashed at rest,
 * several per tenant for rotation, optional expiry and read-only scope), a static token, the
 * `authenticate` hook that combines them, and the credential stores. OIDC access tokens are in
 * `@scimkit/server/auth/oidc` (it needs `jose`).
 *
 * @module @scimkit/server/auth
 */
export { type AcceptedCredentials, describeAuthenticationSchemes } from "./authentication-schemes.js";
export { type BearerAuthenticationOptions, bearerAuthentication } from "./bearer-authentication.js";
export type { BearerTokenVerifier, VerifiedCredential } from "./bearer-token-verifier.js";
export { type Credential, type CredentialSummary, summarizeCredential } from "./credential.js";
export type { CredentialListFilter, CredentialStore } from "./credential-store.js";
export { type IssuedToken, type IssueTokenOptions, issueToken } from "./issue-token.js";
export { MemoryCredentialStore } from "./memory-credential-store.js";
export {
  PostgresCredentialStore,
  type PostgresCredentialStoreOptions,
  type PostgresQueryable,
} from "./postgres-credential-store.js";
export { SqliteCredentialStore, type SqliteDatabaseLike } from "./sqlite-credential-store.js";
export { type StaticTokenVerifierOptions, staticTokenVerifier } from "./static-token-verifier.js";
export { type StoredTokenVerifierOptions, storedTokenVerifier } from "./stored-token-verifier.js";
export { InvalidTokenError, MissingScopeError } from "./token-errors.js";
export { hashToken, tokenIdOf } from "./token-secret.js";
