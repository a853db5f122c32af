import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SchemaRegistry } from "@scimkit/core";
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
  /** Closes the store and removes its file or schema. */
  close(): Promise<void>;
}

export async function openTestStore(kind: StoreKind, registry: SchemaRegistry): Promise<TestStore> {
  switch (kind) {
    case "memory":
      return { store: new MemoryStore({ registry }), close: async () => {} };
    case "sqlite": {
      const dir = mkdtempSync(join(tmpdir(), "scimkit-hostile-"));
      const store = new SqliteStore({ filename: join(dir, "scim.db"), registry });
      return {
        store,
        close: async () => {
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
        close: async () => {
          await store.close();
          await database.drop();
        },
      };
    }
  }
}
