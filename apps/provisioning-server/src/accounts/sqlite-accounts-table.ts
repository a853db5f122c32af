import type { SchemaRegistry } from "@scimkit/core";
import type { StoredResource } from "@scimkit/server";
import { type MappedColumnType, mappedColumnTypes } from "@scimkit/server/mapping";
import type Database from "better-sqlite3";
import {
  type AccountColumnSource,
  accountsProjection,
  columnValue,
  projectionSignature,
} from "./account-table.js";

/**
 * The app's `accounts` table on the SQLite file of the SCIM store: created when missing, a column
 * added for each configured one it lacks. The SQLite store's projection fills it on every write.
 */
export class SqliteAccountsTable implements AccountColumnSource {
  /** The table name the store's projection writes to. */
  static readonly TABLE = "accounts";
  readonly #db: Database.Database;
  readonly #types: readonly MappedColumnType[];
  readonly #signature: string;
  /** Whether the stored users must be written into the table (new table, or other columns than last time). */
  readonly needsBackfill: boolean;

  constructor(db: Database.Database, columns: Readonly<Record<string, string>>, registry: SchemaRegistry) {
    this.#db = db;
    this.#signature = projectionSignature(columns);
    const projection = accountsProjection(SqliteAccountsTable.TABLE, columns);
    const all = mappedColumnTypes(projection, { dialect: "sqlite", registry, projection: true });
    this.#types = all.filter((type) => Object.hasOwn(columns, type.column));
    // IMMEDIATE: another process starting at the same time waits instead of adding a column twice.
    this.needsBackfill = db
      .transaction(() => {
        db.exec(`CREATE TABLE IF NOT EXISTS accounts (
          tenant_id TEXT NOT NULL,
          scim_id TEXT NOT NULL,
          user_name TEXT,
          active INTEGER,
          PRIMARY KEY (tenant_id, scim_id)
        );
        CREATE TABLE IF NOT EXISTS accounts_projection (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          signature TEXT NOT NULL,
          filled_at TEXT NOT NULL
        );`);
        const existing = new Set(
          (db.prepare("SELECT name FROM pragma_table_info('accounts')").all() as { name: string }[]).map(
            (row) => row.name.toLowerCase(),
          ),
        );
        for (const type of this.#types)
          if (!existing.has(type.column.toLowerCase()))
            db.exec(`ALTER TABLE accounts ADD COLUMN "${type.column}" ${type.sqlType}`);
        const state = db.prepare("SELECT signature FROM accounts_projection WHERE id = 1").get() as
          | { signature: string }
          | undefined;
        return state?.signature !== this.#signature;
      })
      .immediate();
  }

  /** Records that the table holds every stored user under the current columns. */
  markBackfilled(): void {
    this.#db
      .prepare(
        `INSERT INTO accounts_projection (id, signature, filled_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET signature = excluded.signature, filled_at = excluded.filled_at`,
      )
      .run(this.#signature, new Date().toISOString());
  }

  async columnsOf(tenant: string, user: StoredResource): Promise<Record<string, unknown>> {
    if (this.#types.length === 0) return {};
    const names = this.#types.map((type) => `"${type.column}"`).join(", ");
    const row = this.#db
      .prepare(`SELECT ${names} FROM accounts WHERE tenant_id = ? AND scim_id = ?`)
      .get(tenant, user.id) as Record<string, unknown> | undefined;
    return Object.fromEntries(
      this.#types.map((type) => [type.column, columnValue(row?.[type.column], type)]),
    );
  }
}
