import type { Credential } from "./credential.js";

/** Which credentials {@link CredentialStore.list} returns. */
export interface CredentialListFilter {
  readonly tenantId?: string;
}

/**
 * Where issued tokens live. Lookups are by id (the token carries it), so a store needs one primary
 * key and no secret index. Implementations: `MemoryCredentialStore`, `SqliteCredentialStore`,
 * `PostgresCredentialStore`; the SQL ones use the `scim_credentials` table of the store migrations.
 */
export interface CredentialStore {
  /** Adds a credential; the id must be new. */
  insert(credential: Credential): Promise<void>;
  findById(id: string): Promise<Credential | undefined>;
  /** Every credential (revoked and expired included), oldest first. */
  list(filter?: CredentialListFilter): Promise<Credential[]>;
  /** Marks a credential revoked at `at` (ISO); false when no such credential exists. Idempotent. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Records a use at `at` (ISO). */
  touch(id: string, at: string): Promise<void>;
}
