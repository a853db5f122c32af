import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import type Database from "better-sqlite3";
import { scryptHashSync } from "../../../secrets/scrypt.js";
import { hasSecretAttributes } from "../../../secrets/secret-attributes.js";
import { secretSlots, secretValueKeys } from "../../../secrets/stored-secrets.js";
import { SQLITE_MIGRATIONS } from "../migrations.js";

/** Options of {@link migrateSqlite}. */
export interface SqliteMigrateOptions {
  /** The schemas that say which attributes are secrets (default: `createDefaultRegistry()`). */
  readonly registry?: SchemaRegistry;
}

/**
 * Applies the SQLite migrations this database has not seen, in one `BEGIN IMMEDIATE` transaction
 * (so two processes opening the same file at once apply them exactly once). Returns the versions
 * applied.
 */
export function migrateSqlite(db: Database.Database, options: SqliteMigrateOptions = {}): number[] {
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
      if (migration.step === "hashStoredSecrets")
        hashStoredSecrets(db, options.registry ?? createDefaultRegistry());
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

/**
 * Hashes the secrets that earlier versions stored in clear (RFC 7643 §4.1.1: `password` SHOULD
 * be hashed, §9.2: MUST NOT be stored in cleartext) and deletes their value rows. Blocking scrypt:
 * the SQLite migration is one synchronous transaction, run once.
 */
function hashStoredSecrets(db: Database.Database, registry: SchemaRegistry): void {
  const select = db.prepare("SELECT seq, json(data) AS data FROM scim_resources WHERE resource_type = ?");
  const update = db.prepare("UPDATE scim_resources SET data = jsonb(?) WHERE seq = ?");
  const forget = db.prepare("DELETE FROM scim_values WHERE resource_type = ? AND attribute = ?");
  // Zero the freed space, so the replaced clear text does not linger in free pages of the file.
  const secureDelete = db.pragma("secure_delete", { simple: true });
  db.pragma("secure_delete = ON");
  for (const { name } of registry.resourceTypes()) {
    const rt = registry.resourceType(name);
    if (!hasSecretAttributes(rt)) continue;
    for (const row of select.all(rt.resourceType.name) as { seq: number; data: string }[]) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const slots = secretSlots(rt, data);
      if (slots.length === 0) continue;
      for (const slot of slots) slot.set(scryptHashSync(slot.value));
      update.run(JSON.stringify(data), row.seq);
    }
    for (const key of secretValueKeys(rt)) forget.run(rt.resourceType.name, key);
  }
  db.pragma(`secure_delete = ${secureDelete ? "ON" : "OFF"}`);
}
