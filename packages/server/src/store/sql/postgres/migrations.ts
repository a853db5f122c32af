import type pg from "pg";
import { postgresMigrations } from "../migrations.js";

/** A quoted PostgreSQL identifier for a schema name (letters, digits, `_`; not starting with a digit). */
export function quoteSchema(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`schema name "${schema}" must be letters, digits and "_" (not starting with a digit)`);
  }
  return `"${schema}"`;
}

/**
 * Applies the PostgreSQL migrations `schema` has not seen. A session advisory lock keyed by the
 * schema name serialises concurrent callers, so several server processes can start at once: the
 * first applies the migrations, the others wait and then find nothing to do. Each migration runs
 * in its own transaction. Returns the versions applied.
 *
 * @example
 * await migratePostgres(new pg.Pool({ connectionString }), "scim");
 */
export async function migratePostgres(pool: pg.Pool, schema = "public"): Promise<number[]> {
  const quoted = quoteSchema(schema);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`scimkit:migrate:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${quoted}.scim_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>(
        `SELECT version FROM ${quoted}.scim_migrations`,
      );
      const seen = new Set(rows.map((row) => row.version));
      for (const migration of postgresMigrations(quoted)) {
        if (seen.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          for (const statement of migration.statements) await client.query(statement);
          await client.query(`INSERT INTO ${quoted}.scim_migrations (version, name) VALUES ($1, $2)`, [
            migration.version,
            migration.name,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
        applied.push(migration.version);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`scimkit:migrate:${schema}`]);
    }
  } finally {
    client.release();
  }
  return applied;
}
