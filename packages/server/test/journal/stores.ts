import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import type { JournalSetting } from "../../src/journal/journal-options.js";
import { MemoryStore } from "../../src/store/memory.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import type { ResourceStore } from "../../src/store/store.js";
import { createTestSchema } from "../sql/pg-test-schema.js";

/** The kit's three stores, each fresh and empty, for tests that must hold on every store. */
export const STORE_KINDS = ["memory", "sqlite", "postgres"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface OpenedStore {
  readonly store: ResourceStore;
  readonly registry: SchemaRegistry;
  close(): Promise<void>;
}

export async function openStore(kind: StoreKind, journal: JournalSetting = true): Promise<OpenedStore> {
  const registry = createDefaultRegistry();
  if (kind === "memory") {
    const store = new MemoryStore({ registry, journal });
    return { store, registry, close: () => store.close() };
  }
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "scim-journal-"));
    const store = new SqliteStore({ filename: join(dir, "scim.db"), registry, journal });
    return {
      store,
      registry,
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = await createTestSchema("scim_journal");
  const store = await PostgresStore.open({ pool: schema.pool, schema: schema.schema, registry, journal });
  return {
    store,
    registry,
    close: async () => {
      await store.close();
      await schema.drop();
    },
  };
}
