import { quoteSchema } from "../store/sql/postgres/migrations.js";
import type { Credential } from "./credential.js";
import {
  CREDENTIAL_COLUMNS,
  type CredentialRow,
  credentialOfRow,
  credentialValues,
} from "./credential-row.js";
import type { CredentialListFilter, CredentialStore } from "./credential-store.js";

/** The part of a `pg.Pool` this store uses (so `@scimkit/server/auth` imports no driver). */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Options of {@link PostgresCredentialStore}. */
export interface PostgresCredentialStoreOptions {
  /** A `pg.Pool` (shared with the `PostgresStore` is fine); the credential store never closes it. */
  readonly pool: PostgresQueryable;
  /** The schema the store migrations created the tables in; default `public`. */
  readonly schema?: string;
}

/**
 * Credentials in the `scim_credentials` table of a PostgreSQL schema (created by the store
 * migrations: open a `PostgresStore` or call `migratePostgres` first). Every server process reads
 * the same rows, so a revocation reaches all of them.
 *
 * @example
 * const pool = new pg.Pool({ connectionString });
 * const store = await PostgresStore.open({ pool, registry });
 * const credentials = new PostgresCredentialStore({ pool });
 */
export class PostgresCredentialStore implements CredentialStore {
  readonly #pool: PostgresQueryable;
  readonly #table: string;

  constructor(options: PostgresCredentialStoreOptions) {
    this.#pool = options.pool;
    this.#table = `${quoteSchema(options.schema ?? "public")}.scim_credentials`;
  }

  async insert(credential: Credential): Promise<void> {
    await this.#pool.query(
      `INSERT INTO ${this.#table} (${CREDENTIAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      credentialValues(credential),
    );
  }

  async findById(id: string): Promise<Credential | undefined> {
    const { rows } = await this.#pool.query(
      `SELECT ${CREDENTIAL_COLUMNS} FROM ${this.#table} WHERE id = $1`,
      [id],
    );
    const row = rows[0] as CredentialRow | undefined;
    return row ? credentialOfRow(row) : undefined;
  }

  async list(filter: CredentialListFilter = {}): Promise<Credential[]> {
    const { rows } =
      filter.tenantId === undefined
        ? await this.#pool.query(`SELECT ${CREDENTIAL_COLUMNS} FROM ${this.#table} ORDER BY created_at, id`)
        : await this.#pool.query(
            `SELECT ${CREDENTIAL_COLUMNS} FROM ${this.#table} WHERE tenant_id = $1 ORDER BY created_at, id`,
            [filter.tenantId],
          );
    return (rows as CredentialRow[]).map(credentialOfRow);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `UPDATE ${this.#table} SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2`,
      [at, id],
    );
    return (rowCount ?? 0) > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.#pool.query(
      `UPDATE ${this.#table} SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)`,
      [at, id],
    );
  }
}
