import type { AccessScope } from "../context.js";

/**
 * An issued bearer token as the store keeps it: everything but the secret, which exists only in
 * the caller's hands. `secretHash` is the SHA-256 of the whole token (hex); a 256-bit random
 * secret needs no slow password hash, since it cannot be guessed from a dictionary.
 */
export interface Credential {
  /** Public id, also the first part of the token (`scimkit_<id>_<secret>`); safe to log. */
  readonly id: string;
  /** The tenant every request made with this token acts in. */
  readonly tenantId: string;
  /** A label for people (e.g. "Entra ID production"). */
  readonly name?: string;
  /** `read` may GET, list and search; `write` may also change resources. */
  readonly scope: AccessScope;
  /** Lowercase hex SHA-256 of the token. */
  readonly secretHash: string;
  /** ISO 8601 instants. */
  readonly createdAt: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  /** When the token last authenticated a request (updated at most once per interval, so approximate). */
  readonly lastUsedAt?: string;
}

/** A credential without its hash: what listings and admin tools show. */
export type CredentialSummary = Omit<Credential, "secretHash">;

/** Drops the hash from a credential. */
export function summarizeCredential(credential: Credential): CredentialSummary {
  const { secretHash: _hash, ...summary } = credential;
  return summary;
}
