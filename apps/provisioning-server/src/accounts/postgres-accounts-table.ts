import type { SchemaRegistry } from "@scimkit/core";
import type { StoredResource } from "@scimkit/server";
import { type MappedColumnType, mappedColumnTypes } from "@scimkit/server/mapping";
import type pg from "pg";
import { createTableOnce } from "../postgres-tables.js";
import {
  type AccountColumnSource,
  accountsProjection,
  columnValue,
  projectionSignature,
} from "./account-table.js";

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * The app's `accounts` table in the PostgreSQL schema of the SCIM store. {@link open} creates it
 * when missing and adds each configured column it lacks; the store's projection fills it.
 */
export class PostgresAccountsTable implements AccountColumnSource {
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #types: readonly MappedColumnType[];
  readonly #signature: string;
  /** Whether the stored users must be written into the table (new table, or other columns than last time). */
  needsBackfill = false;

  private constructor(
    pool: pg.Pool,
    schema: string,
    columns: Readonly<Record<string, string>>,
    registry: SchemaRegistry,
  ) {
    this.#pool = pool;
    this.#schema = quote(schema);
    this.#signature = projectionSignature(columns);
    const all = mappedColumnTypes(PostgresAccountsTable.projection(schema, columns), {
      dialect: "postgres",
      registry,
      projection: true,
    });
    this.#types = all.filter((type) => Object.hasOwn(columns, type.column));
  }

  /** The store's projection into `schema.accounts`. */
  static projection(schema: string, columns: Readonly<Record<string, string>>) {
    return accountsProjection(`${schema}.accounts`, columns);
  }

  /** Creates or extends the table; safe when several processes start together (advisory lock). */
  static async open(
    pool: pg.Pool,
    schema: string,
    columns: Readonly<Record<string, string>>,
    registry: SchemaRegistry,
  ): Promise<PostgresAccountsTable> {
    const table = new PostgresAccountsTable(pool, schema, columns, registry);
    const accounts = `${table.#schema}.accounts`;
    await createTableOnce(pool, accounts, [
      `CREATE TABLE IF NOT EXISTS ${accounts} (
        tenant_id text NOT NULL,
        scim_id text NOT NULL,
        user_name text,
        active boolean,
        PRIMARY KEY (tenant_id, scim_id)
      )`,
      ...table.#types.map(
        (type) => `ALTER TABLE ${accounts} ADD COLUMN IF NOT EXISTS ${quote(type.column)} ${type.sqlType}`,
      ),
      `CREATE TABLE IF NOT EXISTS ${table.#schema}.accounts_projection (
        id integer PRIMARY KEY CHECK (id = 1),
        signature text NOT NULL,
        filled_at timestamptz NOT NULL
      )`,
    ]);
    const { rows } = await pool.query<{ signature: string }>(
      `SELECT signature FROM ${table.#schema}.accounts_projection WHERE id = 1`,
    );
    table.needsBackfill = rows[0]?.signature !== table.#signature;
    return table;
  }

  /** Records that the table holds every stored user under the current columns. */
  async markBackfilled(): Promise<void> {
    await this.#pool.query(
      `INSERT INTO ${this.#schema}.accounts_projection (id, signature, filled_at) VALUES (1, $1, now())
       ON CONFLICT (id) DO UPDATE SET signature = excluded.signature, filled_at = excluded.filled_at`,
      [this.#signature],
    );
  }

  async columnsOf(tenant: string, user: StoredResource): Promise<Record<string, unknown>> {
    if (this.#types.length === 0) return {};
    const names = this.#types.map((type) => quote(type.column)).join(", ");
    const { rows } = await this.#pool.query<Record<string, unknown>>(
      `SELECT ${names} FROM ${this.#schema}.accounts WHERE tenant_id = $1 AND scim_id = $2`,
      [tenant, user.id],
    );
    return Object.fromEntries(
      this.#types.map((type) => [type.column, columnValue(rows[0]?.[type.column], type)]),
    );
  }
}
