import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { CredentialStore } from "@scimkit/server/auth";
import type Database from "better-sqlite3";
import type pg from "pg";
import { readConfig } from "../config.js";
import { UsageError } from "./command.js";

/** The server's database, opened by an admin command: migrated, with the handles commands need. */
export interface AdminDatabase {
  readonly credentials: CredentialStore;
  /** The SQLite connection, when `DATABASE_FILE` is the database. */
  readonly sqlite?: Database.Database;
  /** The PostgreSQL pool and schema, when `DATABASE_URL` is the database. */
  readonly postgres?: { readonly pool: pg.Pool; readonly schema: string };
  close(): Promise<void>;
}

/**
 * Opens the database the server with the same environment uses (`DATABASE_URL`/`DATABASE_SCHEMA`,
 * else `DATABASE_FILE`) and applies pending migrations, so the CLI works before, while and after
 * the server runs.
 */
export async function openAdminDatabase(env: NodeJS.ProcessEnv): Promise<AdminDatabase> {
  const config = readConfig({ ...env, SCIM_TOKEN: "unused-by-the-admin-cli" });
  if (config.store === "memory") {
    throw new UsageError("STORE=memory keeps nothing between processes: set DATABASE_FILE or DATABASE_URL");
  }
  if (config.store === "postgres") {
    const { default: pgModule } = await import("pg");
    const { migratePostgres } = await import("@scimkit/server/postgres");
    const { PostgresCredentialStore } = await import("@scimkit/server/auth");
    const pool = new pgModule.Pool({ connectionString: config.databaseUrl, max: 2 });
    const schema = config.databaseSchema ?? "public";
    try {
      await migratePostgres(pool, schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return {
      credentials: new PostgresCredentialStore({ pool, schema }),
      postgres: { pool, schema },
      close: () => pool.end(),
    };
  }
  mkdirSync(dirname(config.databaseFile), { recursive: true });
  const { default: DatabaseConstructor } = await import("better-sqlite3");
  const { migrateSqlite } = await import("@scimkit/server/sqlite");
  const { SqliteCredentialStore } = await import("@scimkit/server/auth");
  const db = new DatabaseConstructor(config.databaseFile);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  migrateSqlite(db);
  return {
    credentials: new SqliteCredentialStore(db),
    sqlite: db,
    close: async () => {
      db.close();
    },
  };
}
