import { randomBytes } from "node:crypto";
import pg from "pg";

/** The PostgreSQL server the tests use; CI starts it. Unreachable means the tests fail, not skip. */
export const PG_TEST_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A schema of its own for one test file, dropped by `drop()`. */
export interface TestSchema {
  readonly pool: pg.Pool;
  readonly schema: string;
  /** Empties the store tables (between tests). */
  truncate(): Promise<void>;
  drop(): Promise<void>;
}

export async function createTestSchema(prefix: string): Promise<TestSchema> {
  const pool = new pg.Pool({ connectionString: PG_TEST_URL, max: 12 });
  const schema = `${prefix}_${randomBytes(5).toString("hex")}`;
  // Fails the test (not skips) when PostgreSQL is unreachable.
  await pool.query("SELECT 1");
  return {
    pool,
    schema,
    async truncate() {
      await pool.query(
        `DELETE FROM "${schema}".scim_resources; DELETE FROM "${schema}".scim_values; DELETE FROM "${schema}".scim_memberships;
         DELETE FROM "${schema}".scim_journal; DELETE FROM "${schema}".scim_event_subscriptions`,
      );
    },
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
