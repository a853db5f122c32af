import type { Credential } from "./credential.js";
import {
  CREDENTIAL_COLUMNS,
  type CredentialRow,
  credentialOfRow,
  credentialValues,
} from "./credential-row.js";
import type { CredentialListFilter, CredentialStore } from "./credential-store.js";

/** The part of a better-sqlite3 `Database` this store uses (so `@scimkit/server/auth` imports no driver). */
export interface SqliteDatabaseLike {
  prepare(sql: string): {
    run(...params: unknown[]): { changes: number };
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  };
}

/**
 * Credentials in the `scim_credentials` table of a SQLite file (created by the store migrations:
 * open a `SqliteStore` or call `migrateSqlite` first). Several processes may share the file.
 *
 * @example
 * const store = new SqliteStore({ filename: "scim.db", registry });
 * const credentials = new SqliteCredentialStore(store.database);
 */
export class SqliteCredentialStore implements CredentialStore {
  readonly #db: SqliteDatabaseLike;

  constructor(database: SqliteDatabaseLike) {
    this.#db = database;
  }

  async insert(credential: Credential): Promise<void> {
    this.#db
      .prepare(`INSERT INTO scim_credentials (${CREDENTIAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(...credentialValues(credential));
  }

  async findById(id: string): Promise<Credential | undefined> {
    const row = this.#db.prepare(`SELECT ${CREDENTIAL_COLUMNS} FROM scim_credentials WHERE id = ?`).get(id);
    return row ? credentialOfRow(row as CredentialRow) : undefined;
  }

  async list(filter: CredentialListFilter = {}): Promise<Credential[]> {
    const rows =
      filter.tenantId === undefined
        ? this.#db.prepare(`SELECT ${CREDENTIAL_COLUMNS} FROM scim_credentials ORDER BY created_at, id`).all()
        : this.#db
            .prepare(
              `SELECT ${CREDENTIAL_COLUMNS} FROM scim_credentials WHERE tenant_id = ? ORDER BY created_at, id`,
            )
            .all(filter.tenantId);
    return (rows as CredentialRow[]).map(credentialOfRow);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const { changes } = this.#db
      .prepare("UPDATE scim_credentials SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
      .run(at, id);
    return changes > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    this.#db
      .prepare(
        "UPDATE scim_credentials SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
      )
      .run(at, id, at);
  }
}
