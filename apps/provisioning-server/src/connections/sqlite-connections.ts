import type Database from "better-sqlite3";
import {
  type ConnectionError,
  type ConnectionRow,
  type ConnectionStatus,
  type ConnectionStore,
  connectionStatusOf,
} from "./connection-status.js";

/** The `tenant_connections` table on the SQLite file of the SCIM store (created if missing). */
export class SqliteConnectionStore implements ConnectionStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS tenant_connections (
      tenant_id TEXT PRIMARY KEY,
      last_request_at TEXT,
      last_error_at TEXT,
      last_error_status INTEGER,
      last_error_scim_type TEXT,
      last_error_detail TEXT,
      last_error_request_id TEXT
    )`);
  }

  async recordRequest(tenant: string, at: string): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO tenant_connections (tenant_id, last_request_at) VALUES (?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET last_request_at =
           max(coalesce(last_request_at, ''), excluded.last_request_at)`,
      )
      .run(tenant, at);
  }

  async recordError(tenant: string, error: ConnectionError): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO tenant_connections (tenant_id, last_error_at, last_error_status, last_error_scim_type,
           last_error_detail, last_error_request_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET last_error_at = excluded.last_error_at,
           last_error_status = excluded.last_error_status, last_error_scim_type = excluded.last_error_scim_type,
           last_error_detail = excluded.last_error_detail, last_error_request_id = excluded.last_error_request_id`,
      )
      .run(tenant, error.at, error.status, error.scimType, error.detail, error.requestId);
  }

  async get(tenant: string): Promise<ConnectionStatus> {
    const row = this.#db.prepare("SELECT * FROM tenant_connections WHERE tenant_id = ?").get(tenant) as
      | ConnectionRow
      | undefined;
    return connectionStatusOf(tenant, row);
  }

  async tenants(): Promise<string[]> {
    const rows = this.#db.prepare("SELECT tenant_id FROM tenant_connections ORDER BY tenant_id").all() as {
      tenant_id: string;
    }[];
    return rows.map((row) => row.tenant_id);
  }
}
