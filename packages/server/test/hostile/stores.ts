import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SchemaRegistry } from "@scimkit/core";
import Database from "better-sqlite3";
import { MemoryStore } from "../../src/store/memory.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import type { ResourceStore } from "../../src/store/store.js";
import { createTestSchema } from "../sql/pg-test-schema.js";

/** Every store the hostile-input suites run against. */
export const STORE_KINDS = ["memory", "sqlite", "postgres"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A store of one kind with its own storage: a temp SQLite file, a PostgreSQL schema of its own. */
export interface TestStore {
  readonly store: ResourceStore;
  /**
   * Everything the store holds, as text, read beside the store (the SQL tables themselves, not the
   * store's API): two snapshots are equal exactly when nothing was written.
   */
  snapshot(): Promise<string>;
  /** Closes the store and removes its file or schema. */
  close(): Promise<void>;
}

/** Rows of every table, each table's rows sorted, as one JSON text. */
function tablesText(tables: Record<string, unknown[]>): string {
  const sorted = Object.entries(tables)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, rows]) => [name, rows.map((row) => JSON.stringify(row)).sort()]);
  return JSON.stringify(sorted);
}

/** The memory store has no tables: every resource of every type, members included, through its API. */
async function memorySnapshot(store: ResourceStore, registry: SchemaRegistry): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  for (const { name } of registry.resourceTypes()) {
    for (const tenantId of ["default", "other"]) {
      const ctx = { tenantId, baseUrl: "http://snapshot/scim", attributes: new Map() };
      const page = await store.list(ctx, name, { count: Number.MAX_SAFE_INTEGER, withMembers: true });
      tables[`${tenantId}/${name}`] = page.resources;
    }
  }
  return tablesText(tables);
}

export async function openTestStore(kind: StoreKind, registry: SchemaRegistry): Promise<TestStore> {
  switch (kind) {
    case "memory": {
      const store = new MemoryStore({ registry });
      return { store, snapshot: () => memorySnapshot(store, registry), close: async () => {} };
    }
    case "sqlite": {
      const dir = mkdtempSync(join(tmpdir(), "scimkit-hostile-"));
      const filename = join(dir, "scim.db");
      const store = new SqliteStore({ filename, registry });
      const reader = new Database(filename, { readonly: true });
      const names = () =>
        (
          reader.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
        ).map((row) => row.name);
      return {
        store,
        snapshot: async () =>
          tablesText(
            Object.fromEntries(
              names().map((name) => [name, reader.prepare(`SELECT * FROM "${name}"`).all()]),
            ),
          ),
        close: async () => {
          reader.close();
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    case "postgres": {
      const database = await createTestSchema("scim_hostile");
      const store = await PostgresStore.open({ pool: database.pool, schema: database.schema, registry });
      return {
        store,
        snapshot: async () => {
          const { rows } = await database.pool.query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
            [database.schema],
          );
          const tables: Record<string, unknown[]> = {};
          for (const { table_name: name } of rows) {
            const result = await database.pool.query(`SELECT * FROM "${database.schema}"."${name}"`);
            tables[name] = result.rows;
          }
          return tablesText(tables);
        },
        close: async () => {
          await store.close();
          await database.drop();
        },
      };
    }
  }
}
