import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { SchemaRegistry } from "@scimkit/core";
import { MemoryStore, type ResourceStore } from "@scimkit/server";
import type { ProvisioningConfig } from "./config.js";

/**
 * Opens the configured store. SQL drivers load lazily, so `STORE=memory` needs neither native
 * SQLite bindings nor `pg`.
 */
export async function openStore(
  config: ProvisioningConfig,
  registry: SchemaRegistry,
): Promise<ResourceStore> {
  switch (config.store) {
    case "memory":
      return new MemoryStore({ registry });
    case "sqlite": {
      if (config.databaseFile !== ":memory:") mkdirSync(dirname(config.databaseFile), { recursive: true });
      const { SqliteStore } = await import("@scimkit/server/sqlite");
      return new SqliteStore({ filename: config.databaseFile, registry });
    }
    case "postgres": {
      const { PostgresStore } = await import("@scimkit/server/postgres");
      return PostgresStore.open({
        connectionString: config.databaseUrl,
        registry,
        ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
      });
    }
  }
}
