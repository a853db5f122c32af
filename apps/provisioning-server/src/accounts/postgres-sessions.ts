import { randomUUID } from "node:crypto";
import type pg from "pg";
import { createTableOnce } from "../postgres-tables.js";
import { type Session, type SessionRow, type SessionStore, sessionOf } from "./sessions.js";

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** The `sessions` table in the PostgreSQL schema of the SCIM store. Create it with {@link open}. */
export class PostgresSessionStore implements SessionStore {
  readonly #pool: pg.Pool;
  readonly #table: string;

  private constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.#table = `${quote(schema)}.sessions`;
  }

  /** Creates the table (and its index) when missing; safe when several processes start together. */
  static async open(pool: pg.Pool, schema: string): Promise<PostgresSessionStore> {
    const store = new PostgresSessionStore(pool, schema);
    await createTableOnce(pool, store.#table, [
      `CREATE TABLE IF NOT EXISTS ${store.#table} (
        id text PRIMARY KEY,
        tenant_id text NOT NULL DEFAULT 'default',
        user_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        end_reason text
      )`,
      `CREATE INDEX IF NOT EXISTS sessions_open_by_user ON ${store.#table} (tenant_id, user_id) WHERE ended_at IS NULL`,
    ]);
    return store;
  }

  async start(tenant: string, userId: string): Promise<Session> {
    const { rows } = await this.#pool.query<SessionRow>(
      `INSERT INTO ${this.#table} (id, tenant_id, user_id) VALUES ($1, $2, $3) RETURNING *`,
      [randomUUID(), tenant, userId],
    );
    return sessionOf(rows[0] as SessionRow);
  }

  async endAll(tenant: string, userId: string, reason: string): Promise<number> {
    const result = await this.#pool.query(
      `UPDATE ${this.#table} SET ended_at = now(), end_reason = $1 WHERE tenant_id = $2 AND user_id = $3 AND ended_at IS NULL`,
      [reason, tenant, userId],
    );
    return result.rowCount ?? 0;
  }

  async list(tenant: string, userId: string): Promise<Session[]> {
    const { rows } = await this.#pool.query<SessionRow>(
      `SELECT * FROM ${this.#table} WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at DESC, id`,
      [tenant, userId],
    );
    return rows.map(sessionOf);
  }
}
