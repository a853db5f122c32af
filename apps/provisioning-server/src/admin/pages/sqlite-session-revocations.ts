import type Database from "better-sqlite3";
import type { SessionRevocations } from "./session-revocations.js";

/** The `admin_session_revocations` table on the SQLite file of the SCIM store (created if missing). */
export class SqliteSessionRevocations implements SessionRevocations {
  readonly #db: Database.Database;
  readonly #purge: Database.Statement<[number]>;
  readonly #insert: Database.Statement<[string, number]>;
  readonly #find: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS admin_session_revocations (
      session_id TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    )`);
    this.#purge = db.prepare("DELETE FROM admin_session_revocations WHERE expires_at <= ?");
    this.#insert = db.prepare(
      "INSERT INTO admin_session_revocations (session_id, expires_at) VALUES (?, ?) ON CONFLICT (session_id) DO NOTHING",
    );
    this.#find = db.prepare("SELECT 1 FROM admin_session_revocations WHERE session_id = ?");
  }

  async revoke(sessionId: string, expiresAt: number, now: number): Promise<void> {
    this.#db.transaction(() => {
      this.#purge.run(now);
      this.#insert.run(sessionId, expiresAt);
    })();
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return this.#find.get(sessionId) !== undefined;
  }
}
