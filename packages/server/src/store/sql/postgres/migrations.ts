import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import type pg from "pg";
import type { PasswordHasher } from "../../../secrets/password-hasher.js";
import { scryptPasswordHasher } from "../../../secrets/scrypt.js";
import { hasSecretAttributes } from "../../../secrets/secret-attributes.js";
import { secretSlots, secretValueKeys } from "../../../secrets/stored-secrets.js";
import { postgresMigrations } from "../migrations.js";

/** Options of {@link migratePostgres}. */
export interface PostgresMigrateOptions {
  /** The schemas that say which attributes are secrets (default: `createDefaultRegistry()`). */
  readonly registry?: SchemaRegistry;
  /** Hashes secrets stored in clear by earlier versions (default: `scryptPasswordHasher()`). */
  readonly hasher?: PasswordHasher;
}

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
export async function migratePostgres(
  pool: pg.Pool,
  schema = "public",
  options: PostgresMigrateOptions = {},
): Promise<number[]> {
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
          if (migration.step === "hashStoredSecrets") {
            await hashStoredSecrets(
              client,
              quoted,
              options.registry ?? createDefaultRegistry(),
              options.hasher ?? scryptPasswordHasher(),
            );
          }
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

/**
 * Hashes the secrets that earlier versions stored in clear (RFC 7643 §4.1.1, §9.2) and deletes
 * their value rows, inside the migration's transaction.
 */
async function hashStoredSecrets(
  client: pg.PoolClient,
  quoted: string,
  registry: SchemaRegistry,
  hasher: PasswordHasher,
): Promise<void> {
  for (const { name } of registry.resourceTypes()) {
    const rt = registry.resourceType(name);
    if (!hasSecretAttributes(rt)) continue;
    const type = rt.resourceType.name;
    const { rows } = await client.query<{ tenant_id: string; id: string; data: Record<string, unknown> }>(
      `SELECT tenant_id, id, data FROM ${quoted}.scim_resources WHERE resource_type = $1`,
      [type],
    );
    for (const row of rows) {
      const slots = secretSlots(rt, row.data);
      if (slots.length === 0) continue;
      for (const slot of slots) slot.set(await hasher.hash(slot.value));
      await client.query(
        `UPDATE ${quoted}.scim_resources SET data = $1::jsonb WHERE tenant_id = $2 AND resource_type = $3 AND id = $4`,
        [JSON.stringify(row.data), row.tenant_id, type, row.id],
      );
    }
    await client.query(
      `DELETE FROM ${quoted}.scim_values WHERE resource_type = $1 AND attribute = ANY($2::text[])`,
      [type, secretValueKeys(rt)],
    );
  }
}
