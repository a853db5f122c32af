import type pg from "pg";
import { createTableOnce } from "../postgres-tables.js";
import {
  type ConnectionError,
  type ConnectionRow,
  type ConnectionStatus,
  type ConnectionStore,
  connectionStatusOf,
} from "./connection-status.js";

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** The `tenant_connections` table in the PostgreSQL schema of the SCIM store. Create it with {@link open}. */
export class PostgresConnectionStore implements ConnectionStore {
  readonly #pool: pg.Pool;
  readonly #table: string;

  private constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.#table = `${quote(schema)}.tenant_connections`;
  }

  /** Creates the table when missing; safe when several processes start together. */
  static async open(pool: pg.Pool, schema: string): Promise<PostgresConnectionStore> {
    const store = new PostgresConnectionStore(pool, schema);
    await createTableOnce(pool, store.#table, [
      `CREATE TABLE IF NOT EXISTS ${store.#table} (
        tenant_id text PRIMARY KEY,
        last_request_at timestamptz,
        last_error_at timestamptz,
        last_error_status integer,
        last_error_scim_type text,
        last_error_detail text,
        last_error_request_id text
      )`,
    ]);
    return store;
  }

  async recordRequest(tenant: string, at: string): Promise<void> {
    // GREATEST: two processes may write out of order; the later instant wins.
    await this.#pool.query(
      `INSERT INTO ${this.#table} (tenant_id, last_request_at) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET last_request_at =
         GREATEST(${this.#table}.last_request_at, excluded.last_request_at)`,
      [tenant, at],
    );
  }

  async recordError(tenant: string, error: ConnectionError): Promise<void> {
    await this.#pool.query(
      `INSERT INTO ${this.#table} (tenant_id, last_error_at, last_error_status, last_error_scim_type,
         last_error_detail, last_error_request_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET last_error_at = excluded.last_error_at,
         last_error_status = excluded.last_error_status, last_error_scim_type = excluded.last_error_scim_type,
         last_error_detail = excluded.last_error_detail, last_error_request_id = excluded.last_error_request_id`,
      [tenant, error.at, error.status, error.scimType, error.detail, error.requestId],
    );
  }

  async get(tenant: string): Promise<ConnectionStatus> {
    const { rows } = await this.#pool.query<ConnectionRow>(
      `SELECT * FROM ${this.#table} WHERE tenant_id = $1`,
      [tenant],
    );
    return connectionStatusOf(tenant, rows[0]);
  }

  async tenants(): Promise<string[]> {
    const { rows } = await this.#pool.query<{ tenant_id: string }>(
      `SELECT tenant_id FROM ${this.#table} ORDER BY tenant_id`,
    );
    return rows.map((row) => row.tenant_id);
  }
}
