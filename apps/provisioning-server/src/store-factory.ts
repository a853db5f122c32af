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
      const postgres: Record<string, unknown> = await import("@scimkit/server/postgres");
      const open = postgres.openPostgresStore as
        | ((options: { connectionString: string; registry: SchemaRegistry }) => Promise<ResourceStore>)
        | undefined;
      if (!open) throw new Error("this build has no PostgreSQL store");
      return open({ connectionString: config.databaseUrl ?? "", registry });
    }
  }
}
