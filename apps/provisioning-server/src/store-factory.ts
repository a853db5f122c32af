import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { SchemaRegistry } from "@scimkit/core";
import { type JournalOptions, MemoryStore } from "@scimkit/server";
import { type CredentialStore, MemoryCredentialStore } from "@scimkit/server/auth";
import type { PostgresStore } from "@scimkit/server/postgres";
import { MemoryRateLimiter, type RateLimiter } from "@scimkit/server/rate-limit";
import type { SqliteStore } from "@scimkit/server/sqlite";
import type { AccountColumnSource } from "./accounts/account-table.js";
import { AccountColumns } from "./accounts/columns.js";
import { MemorySessionStore, type SessionStore } from "./accounts/sessions.js";
import { MemorySessionRevocations, type SessionRevocations } from "./admin/pages/session-revocations.js";
import type { ProvisioningConfig } from "./config.js";
import { type ConnectionStore, MemoryConnectionStore } from "./connections/connection-status.js";

/**
 * The stores of one database: SCIM resources, issued credentials, the app's accounts and sessions,
 * each tenant's connection status and the admin page's logged-out sessions.
 */
export interface OpenedStores {
  readonly store: MemoryStore | SqliteStore | PostgresStore;
  /** The configured account columns: the `accounts` table on SQLite and PostgreSQL, the User itself in memory. */
  readonly accountColumns: AccountColumnSource;
  readonly credentials: CredentialStore;
  readonly sessions: SessionStore;
  /**
   * A limiter of `limit` requests per key and minute: on SQLite and PostgreSQL its counters are in
   * the database, shared by every server process using it; in memory, per process.
   */
  rateLimiter(limit: number): RateLimiter;
  readonly connections: ConnectionStore;
  /** Logged-out admin page sessions: a table on SQLite and PostgreSQL, so every process refuses them. */
  readonly adminSessionRevocations: SessionRevocations;
  close(): Promise<void>;
}

/**
 * Opens the configured store and the credential store on the same database (the store's
 * migrations create both tables). SQL drivers load lazily, so `STORE=memory` needs neither native
 * SQLite bindings nor `pg`. On SQLite and PostgreSQL the `accounts` table is created or extended for
 * `accountColumns` and filled by the store's projection on every User write (backfilled from the
 * stored users when the columns changed since the last start). `journal` adds derivation hooks to
 * the change journal (e.g. `account.roles_changed` from the role mapping).
 */
export async function openStores(
  config: ProvisioningConfig,
  registry: SchemaRegistry,
  accountColumns: Readonly<Record<string, string>>,
  journal: JournalOptions = {},
): Promise<OpenedStores> {
  switch (config.store) {
    case "memory": {
      const store = new MemoryStore({ registry, journal });
      return {
        store,
        accountColumns: new AccountColumns(accountColumns, registry.resourceType("User")),
        credentials: new MemoryCredentialStore(),
        sessions: new MemorySessionStore(),
        rateLimiter: (limit) => new MemoryRateLimiter({ limit }),
        connections: new MemoryConnectionStore(),
        adminSessionRevocations: new MemorySessionRevocations(),
        close: async () => {},
      };
    }
    case "sqlite": {
      if (config.databaseFile !== ":memory:") mkdirSync(dirname(config.databaseFile), { recursive: true });
      const { SqliteStore } = await import("@scimkit/server/sqlite");
      const { SqliteCredentialStore } = await import("@scimkit/server/auth");
      const { SqliteSessionStore } = await import("./accounts/sqlite-sessions.js");
      const { SqliteRateLimiter } = await import("@scimkit/server/rate-limit");
      const { SqliteConnectionStore } = await import("./connections/sqlite-connections.js");
      const { SqliteSessionRevocations } = await import("./admin/pages/sqlite-session-revocations.js");
      const { SqliteAccountsTable } = await import("./accounts/sqlite-accounts-table.js");
      const { accountsProjection } = await import("./accounts/account-table.js");
      const store = new SqliteStore({
        filename: config.databaseFile,
        registry,
        journal,
        tableProjections: [accountsProjection(SqliteAccountsTable.TABLE, accountColumns)],
      });
      let accounts: InstanceType<typeof SqliteAccountsTable>;
      try {
        accounts = new SqliteAccountsTable(store.database, accountColumns, registry);
        if (accounts.needsBackfill) {
          await store.backfillProjection(SqliteAccountsTable.TABLE);
          accounts.markBackfilled();
        }
      } catch (error) {
        await store.close();
        throw error;
      }
      return {
        store,
        accountColumns: accounts,
        credentials: new SqliteCredentialStore(store.database),
        sessions: new SqliteSessionStore(store.database),
        rateLimiter: (limit) => new SqliteRateLimiter(store.database, { limit }),
        connections: new SqliteConnectionStore(store.database),
        adminSessionRevocations: new SqliteSessionRevocations(store.database),
        close: () => store.close(),
      };
    }
    case "postgres": {
      const { createPostgresPool, PostgresStore } = await import("@scimkit/server/postgres");
      const { PostgresCredentialStore } = await import("@scimkit/server/auth");
      const { PostgresSessionStore } = await import("./accounts/postgres-sessions.js");
      const { PostgresAccountsTable } = await import("./accounts/postgres-accounts-table.js");
      const { PostgresRateLimiter } = await import("@scimkit/server/rate-limit");
      const { PostgresConnectionStore } = await import("./connections/postgres-connections.js");
      const { PostgresSessionRevocations } = await import("./admin/pages/postgres-session-revocations.js");
      const pool = createPostgresPool({ connectionString: config.databaseUrl, maxConnections: 10 });
      const schema = config.databaseSchema ?? "public";
      try {
        const projection = PostgresAccountsTable.projection(schema, accountColumns);
        const store = await PostgresStore.open({
          pool,
          registry,
          schema,
          journal,
          tableProjections: [projection],
        });
        const accounts = await PostgresAccountsTable.open(pool, schema, accountColumns, registry);
        if (accounts.needsBackfill) {
          await store.backfillProjection(projection.table);
          await accounts.markBackfilled();
        }
        const sessions = await PostgresSessionStore.open(pool, schema);
        const connections = await PostgresConnectionStore.open(pool, schema);
        const adminSessionRevocations = await PostgresSessionRevocations.open(pool, schema);
        return {
          store,
          accountColumns: accounts,
          credentials: new PostgresCredentialStore({ pool, schema }),
          sessions,
          rateLimiter: (limit) => new PostgresRateLimiter({ pool, schema, limit }),
          connections,
          adminSessionRevocations,
          close: async () => {
            await store.close();
            await pool.end();
          },
        };
      } catch (error) {
        await pool.end();
        throw error;
      }
    }
  }
}
