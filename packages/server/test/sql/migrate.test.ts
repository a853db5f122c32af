import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { scryptPasswordHasher } from "../../src/secrets/scrypt.js";
import { runMigrate } from "../../src/store/sql/migrate-cli.js";
import { postgresMigrations, SQLITE_MIGRATIONS } from "../../src/store/sql/migrations.js";
import { migratePostgres } from "../../src/store/sql/postgres/migrations.js";
import { migrateSqlite } from "../../src/store/sql/sqlite/migrations.js";
import { createTestSchema, PG_TEST_URL } from "./pg-test-schema.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

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

describe("migration 3 hashes the secrets earlier versions stored in clear (RFC 7643 §4.1.1, §9.2)", () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-migrate-secrets-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const CLEAR = "Old-Cl3ar-Passw0rd";
  const user = { schemas: [USER], userName: "legacy", password: CLEAR, displayName: "Legacy" };
  const verifier = scryptPasswordHasher();
  const HASHING = SQLITE_MIGRATIONS.find((m) => m.step === "hashStoredSecrets")!.version;

  it("SQLite: a clear-text row written with the old schema is hashed in place", () => {
    const file = join(dir, "legacy.db");
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
      // The database as version 2 left it, with a password stored verbatim and indexed.
      db.exec(
        "CREATE TABLE scim_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
      );
      for (const migration of SQLITE_MIGRATIONS.filter((m) => m.version < HASHING)) {
        for (const statement of migration.statements) db.exec(statement);
        db.prepare("INSERT INTO scim_migrations VALUES (?, ?, ?)").run(
          migration.version,
          migration.name,
          "x",
        );
      }
      db.prepare(
        "INSERT INTO scim_resources (tenant_id, resource_type, id, data, version, created, last_modified) VALUES ('t', 'User', 'u1', jsonb(?), 'v1', 'c', 'm')",
      ).run(JSON.stringify(user));
      db.prepare("INSERT INTO scim_values VALUES ('t', 'User', 'u1', 'password', ?, NULL)").run(
        CLEAR.toLowerCase(),
      );
      db.prepare("INSERT INTO scim_values VALUES ('t', 'User', 'u1', 'username', 'legacy', 'User')").run();

      // The hashing migration and every later one.
      expect(migrateSqlite(db)).toEqual(
        SQLITE_MIGRATIONS.filter((m) => m.version >= HASHING).map((m) => m.version),
      );

      const row = db
        .prepare("SELECT json(data) AS data, version FROM scim_resources WHERE id = 'u1'")
        .get() as {
        data: string;
        version: string;
      };
      const data = JSON.parse(row.data);
      expect(data.password).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$/);
      const verified = verifier.verify(CLEAR, data.password);
      expect({ ...data, password: undefined }).toEqual({ ...user, password: undefined });
      const attributes = db.prepare("SELECT attribute FROM scim_values").pluck().all();
      expect(attributes).toEqual(["username"]);
      db.pragma("wal_checkpoint(TRUNCATE)");
      const bytes = readFileSync(file).toString("latin1");
      expect(bytes.includes(CLEAR) || bytes.includes(CLEAR.toLowerCase())).toBe(false);
      expect(migrateSqlite(db)).toEqual([]);
      return verified.then((ok) => expect(ok).toBe(true));
    } finally {
      db.close();
    }
  }, 60_000);

  it("PostgreSQL: a clear-text row written with the old schema is hashed in place", async () => {
    const database = await createTestSchema("scim_migrate_secrets");
    const s = `"${database.schema}"`;
    try {
      await database.pool.query(`CREATE SCHEMA ${s}`);
      await database.pool.query(
        `CREATE TABLE ${s}.scim_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      for (const migration of postgresMigrations(s).filter((m) => m.version < HASHING)) {
        for (const statement of migration.statements) await database.pool.query(statement);
        await database.pool.query(`INSERT INTO ${s}.scim_migrations (version, name) VALUES ($1, $2)`, [
          migration.version,
          migration.name,
        ]);
      }
      await database.pool.query(
        `INSERT INTO ${s}.scim_resources (tenant_id, resource_type, id, data, version, created, last_modified) VALUES ('t', 'User', 'u1', $1::jsonb, 'v1', 'c', 'm')`,
        [JSON.stringify(user)],
      );
      await database.pool.query(
        `INSERT INTO ${s}.scim_values VALUES ('t', 'User', 'u1', 'password', $1, NULL), ('t', 'User', 'u1', 'username', 'legacy', 'User')`,
        [CLEAR.toLowerCase()],
      );

      expect(await migratePostgres(database.pool, database.schema)).toEqual(
        postgresMigrations(s)
          .filter((m) => m.version >= HASHING)
          .map((m) => m.version),
      );

      const { rows } = await database.pool.query(`SELECT data FROM ${s}.scim_resources WHERE id = 'u1'`);
      const data = rows[0].data;
      expect(data.password).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$/);
      expect(await verifier.verify(CLEAR, data.password)).toBe(true);
      expect({ ...data, password: undefined }).toEqual({ ...user, password: undefined });
      const values = await database.pool.query(`SELECT attribute FROM ${s}.scim_values`);
      expect(values.rows.map((r) => r.attribute)).toEqual(["username"]);
      expect(await migratePostgres(database.pool, database.schema)).toEqual([]);
    } finally {
      await database.drop();
    }
  }, 60_000);
});
