import { migratePostgres } from "./postgres/migrations.js";
import { migrateSqlite } from "./sqlite/migrations.js";

const USAGE = `usage: migrate sqlite <file>
       migrate postgres <connection-string> [schema]`;

/**
 * The `migrate` entry point: applies pending schema migrations and prints what it did. Safe to
 * run while servers are starting (SQLite `BEGIN IMMEDIATE`, PostgreSQL advisory lock).
 * Returns the process exit code.
 *
 * @example
 * // a bin of your own (the provisioning server's `scimkit-migrate` is one):
 * process.exitCode = await runMigrate(process.argv.slice(2)); // e.g. ["postgres", url, "scim"]
 */
export async function runMigrate(args: readonly string[]): Promise<number> {
  const [dialect, target, schema] = args;
  // Drivers load on demand: each is an optional peer dependency, and a SQLite user has no `pg`.
  if (dialect === "sqlite" && target) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(target);
    try {
      db.pragma("journal_mode = WAL");
      report(migrateSqlite(db));
    } finally {
      db.close();
    }
    return 0;
  }
  if (dialect === "postgres" && target) {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: target, max: 1 });
    try {
      report(await migratePostgres(pool, schema ?? "public"));
    } finally {
      await pool.end();
    }
    return 0;
  }
  console.error(USAGE);
  return 2;
}

function report(applied: readonly number[]): void {
  console.log(applied.length === 0 ? "schema is up to date" : `applied migrations ${applied.join(", ")}`);
}
