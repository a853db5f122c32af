import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runMigrate } from "../../src/store/sql/migrate-cli.js";
import { postgresMigrations, SQLITE_MIGRATIONS } from "../../src/store/sql/migrations.js";
import { migratePostgres } from "../../src/store/sql/postgres/migrations.js";
import { migrateSqlite } from "../../src/store/sql/sqlite/migrations.js";
import { createTestSchema, PG_TEST_URL } from "./pg-test-schema.js";

describe("migrations", () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-migrate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("SQLite: applies every version once; a second run applies nothing", () => {
    const db = new Database(join(dir, "a.db"));
    try {
      expect(migrateSqlite(db)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
      expect(migrateSqlite(db)).toEqual([]);
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(expect.arrayContaining(["scim_memberships", "scim_resources", "scim_values"]));
    } finally {
      db.close();
    }
  });

  it("every unique index starts with tenant_id (tenancy-ready)", () => {
    const db = new Database(":memory:");
    migrateSqlite(db);
    const indexes = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql LIKE 'CREATE UNIQUE%'")
      .all() as { name: string; sql: string }[];
    expect(indexes.length).toBeGreaterThan(0);
    for (const index of indexes) expect(index.sql, index.name).toMatch(/\(tenant_id,/);
    db.close();
  });

  it("PostgreSQL: concurrent migrators on a fresh schema apply each version exactly once", async () => {
    const database = await createTestSchema("scim_migrate");
    const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: PG_TEST_URL, max: 1 }));
    try {
      const results = await Promise.all(pools.map((pool) => migratePostgres(pool, database.schema)));
      expect(results.flat()).toEqual(postgresMigrations('"x"').map((m) => m.version));
      // The journal's order and the event subscriptions span tenants (a subscription may read all);
      // credentials and rate-limit buckets are found before the tenant is known (the token names
      // its random id).
      const { rows } = await database.pool.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = $1
           AND tablename NOT IN ('scim_migrations', 'scim_journal', 'scim_event_subscriptions', 'scim_credentials', 'scim_rate_limits')
           AND indexdef LIKE 'CREATE UNIQUE%'`,
        [database.schema],
      );
      for (const row of rows) expect(row.indexdef).toMatch(/\(tenant_id,/);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.drop();
    }
  });

  it("the migrate entry point migrates a SQLite file and reports usage errors", async () => {
    expect(await runMigrate(["sqlite", join(dir, "cli.db")])).toBe(0);
    expect(await runMigrate(["sqlite", join(dir, "cli.db")])).toBe(0);
    expect(await runMigrate(["oracle"])).toBe(2);
  });
});
