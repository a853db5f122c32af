import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { type Session, type SessionRow, type SessionStore, sessionOf } from "./sessions.js";

/** The `sessions` table on the SQLite file of the SCIM store (created if missing). */
export class SqliteSessionStore implements SessionStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL DEFAULT 'default',
      user_id TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      ended_at TEXT,
      end_reason TEXT
    );
    CREATE INDEX IF NOT EXISTS sessions_open_by_user ON sessions (tenant_id, user_id) WHERE ended_at IS NULL;`);
  }

  async start(tenant: string, userId: string): Promise<Session> {
    const row = this.#db
      .prepare("INSERT INTO sessions (id, tenant_id, user_id, created_at) VALUES (?, ?, ?, ?) RETURNING *")
      .get(randomUUID(), tenant, userId, new Date().toISOString()) as SessionRow;
    return sessionOf(row);
  }

  async endAll(tenant: string, userId: string, reason: string): Promise<number> {
    return this.#db
      .prepare(
        "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE tenant_id = ? AND user_id = ? AND ended_at IS NULL",
      )
      .run(new Date().toISOString(), reason, tenant, userId).changes;
  }

  async list(tenant: string, userId: string): Promise<Session[]> {
    const rows = this.#db
      .prepare("SELECT * FROM sessions WHERE tenant_id = ? AND user_id = ? ORDER BY created_at DESC, id")
      .all(tenant, userId) as SessionRow[];
    return rows.map(sessionOf);
  }
}
