import type pg from "pg";
import { createTableOnce } from "../../postgres-tables.js";
import type { SessionRevocations } from "./session-revocations.js";

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * The `admin_session_revocations` table in the PostgreSQL schema of the SCIM store, read by every
 * server process on the database. Create it with {@link open}.
 */
export class PostgresSessionRevocations implements SessionRevocations {
  readonly #pool: pg.Pool;
  readonly #table: string;

  private constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.#table = `${quote(schema)}.admin_session_revocations`;
  }

  /** Creates the table when missing; safe when several processes start together. */
  static async open(pool: pg.Pool, schema: string): Promise<PostgresSessionRevocations> {
    const store = new PostgresSessionRevocations(pool, schema);
    await createTableOnce(pool, store.#table, [
      `CREATE TABLE IF NOT EXISTS ${store.#table} (
        session_id text PRIMARY KEY,
        expires_at bigint NOT NULL
      )`,
    ]);
    return store;
  }

  async revoke(sessionId: string, expiresAt: number, now: number): Promise<void> {
    // One statement: the purge and the insert commit together.
    await this.#pool.query(
      `WITH purged AS (DELETE FROM ${this.#table} WHERE expires_at <= $3)
       INSERT INTO ${this.#table} (session_id, expires_at) VALUES ($1, $2) ON CONFLICT (session_id) DO NOTHING`,
      [sessionId, expiresAt, now],
    );
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(`SELECT 1 FROM ${this.#table} WHERE session_id = $1`, [
      sessionId,
    ]);
    return (rowCount ?? 0) > 0;
  }
}
