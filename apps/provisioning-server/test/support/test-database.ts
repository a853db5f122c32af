import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry } from "@scimkit/core";
import Database from "better-sqlite3";
import pg from "pg";
import type { JournalEntryReader } from "./consistency.js";

export const PG_TEST_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** One database the app processes of a test share: a fresh SQLite file or PostgreSQL schema. */
export interface TestDatabase {
  readonly kind: "sqlite" | "postgres";
  /** The app's environment for it (`DATABASE_FILE`, or `DATABASE_URL` and `DATABASE_SCHEMA`). */
  env(connectionString?: string): Record<string, string>;
  /** A table of the store, qualified (`"schema".scim_resources` on PostgreSQL). */
  table(name: string): string;
  /** Rows of a query (`$1`-style parameters on PostgreSQL, `?` on SQLite). */
  rows<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The change journal of the database, read through the kit's own store. */
  openJournal(): Promise<JournalEntryReader & { close(): Promise<void> }>;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: "sqlite" | "postgres", prefix: string): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), `scimkit-${prefix}-`));
    const file = join(dir, "scim.db");
    let db: Database.Database | undefined;
    const open = () => {
      // Opened lazily: the app creates and migrates the file.
      db ??= new Database(file, { fileMustExist: true });
      db.pragma("busy_timeout = 5000");
      return db;
    };
    return {
      kind,
      env: () => ({ STORE: "sqlite", DATABASE_FILE: file }),
      table: (name) => name,
      rows: async <Row>(sql: string, params: readonly unknown[] = []) =>
        open()
          .prepare(sql)
          .all(...params) as Row[],
      openJournal: async () => {
        const { SqliteStore } = await import("@scimkit/server/sqlite");
        const store = new SqliteStore({ filename: file, registry: createDefaultRegistry() });
        return {
          journal: store.journal!,
          close: () => store.close(),
        };
      },
      drop: async () => {
        db?.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `${prefix}_${randomBytes(4).toString("hex")}`;
  const pool = new pg.Pool({ connectionString: PG_TEST_URL, max: 2 });
  await pool.query("SELECT 1");
  return {
    kind,
    env: (connectionString = PG_TEST_URL) => ({
      STORE: "postgres",
      DATABASE_URL: connectionString,
      DATABASE_SCHEMA: schema,
    }),
    table: (name) => `"${schema}".${name}`,
    rows: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await pool.query(sql, [...params])).rows as Row[],
    openJournal: async () => {
      const { PostgresStore } = await import("@scimkit/server/postgres");
      const store = await PostgresStore.open({ pool, schema, registry: createDefaultRegistry() });
      return { journal: store.journal!, close: () => store.close() };
    },
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
