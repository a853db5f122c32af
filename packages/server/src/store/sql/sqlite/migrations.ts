import type Database from "better-sqlite3";
import { SQLITE_MIGRATIONS } from "../migrations.js";

/**
 * Applies the SQLite migrations this database has not seen, in one `BEGIN IMMEDIATE` transaction
 * (so two processes opening the same file at once apply them exactly once). Returns the versions
 * applied.
 */
export function migrateSqlite(db: Database.Database): number[] {
  const applied: number[] = [];
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(
      "CREATE TABLE IF NOT EXISTS scim_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    const seen = new Set(
      (db.prepare("SELECT version FROM scim_migrations").all() as { version: number }[]).map(
        (row) => row.version,
      ),
    );
    for (const migration of SQLITE_MIGRATIONS) {
      if (seen.has(migration.version)) continue;
      for (const statement of migration.statements) db.exec(statement);
      db.prepare("INSERT INTO scim_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      applied.push(migration.version);
    }
    db.exec("COMMIT");
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
  return applied;
}
