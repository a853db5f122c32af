import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { createDefaultRegistry } from "@scimkit/core";
import type { AuditLog, AuditQuery } from "@scimkit/server/audit";
import { readConfig } from "../config.js";
import { type AdminCommand, type CommandOutput, subcommandGroup, UsageError } from "./command.js";

const USAGE = `usage: scimkit-admin audit export [--tenant <tenant>] [--since <ISO 8601>] [--resource-id <id>]

export prints one JSON line per audit event, oldest first, with the fields
time, tenant, requestId, actor, method, path, action (create|replace|patch|delete),
resourceType, resourceId, version and changes [{path, before, after}]; secrets such as
password read "[redacted]". Each flag narrows the export.`;

/** An ISO 8601 date or date-time (a bare date is midnight UTC), as `--since` takes it. */
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?$/;

/** The audit log of the server's database, opened like the server opens it (migrations included). */
async function openAuditLog(env: NodeJS.ProcessEnv): Promise<{ audit: AuditLog; close(): Promise<void> }> {
  const config = readConfig({ ...env, SCIM_TOKEN: "unused-by-the-admin-cli" });
  if (config.store === "memory")
    throw new UsageError("STORE=memory keeps nothing between processes: set DATABASE_FILE or DATABASE_URL");
  const registry = createDefaultRegistry();
  const { AuditLog } = await import("@scimkit/server/audit");
  if (config.store === "postgres") {
    const { createPostgresPool, PostgresStore } = await import("@scimkit/server/postgres");
    const pool = createPostgresPool({ connectionString: config.databaseUrl, maxConnections: 2 });
    try {
      const store = await PostgresStore.open({ pool, registry, schema: config.databaseSchema ?? "public" });
      return {
        audit: new AuditLog(store),
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
  mkdirSync(dirname(config.databaseFile), { recursive: true });
  const { SqliteStore } = await import("@scimkit/server/sqlite");
  const store = new SqliteStore({ filename: config.databaseFile, registry });
  return { audit: new AuditLog(store), close: () => store.close() };
}

async function exportEvents(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CommandOutput,
): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      tenant: { type: "string" },
      since: { type: "string" },
      "resource-id": { type: "string" },
    },
    strict: true,
  });
  const query: { -readonly [Key in keyof AuditQuery]: AuditQuery[Key] } = {};
  if (values.tenant !== undefined) {
    if (values.tenant.trim() === "") throw new UsageError("--tenant must not be empty");
    query.tenant = values.tenant;
  }
  if (values.since !== undefined) {
    if (!ISO_INSTANT.test(values.since) || Number.isNaN(Date.parse(values.since)))
      throw new UsageError(
        `--since must be an ISO 8601 date or date-time (e.g. 2026-01-31T00:00:00Z), got "${values.since}"`,
      );
    query.since = values.since;
  }
  if (values["resource-id"] !== undefined) {
    if (values["resource-id"].trim() === "") throw new UsageError("--resource-id must not be empty");
    query.resourceId = values["resource-id"];
  }
  const { audit, close } = await openAuditLog(env);
  try {
    for await (const line of audit.exportJsonLines(query)) output.out(line.trimEnd());
    return 0;
  } finally {
    await close();
  }
}

/** `scimkit-admin audit export …`: the audit trail as JSON lines. */
export const auditCommand: AdminCommand = subcommandGroup("export the audit trail as JSON lines", USAGE, {
  export: exportEvents,
});
