import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { runMigrate } from "@scimkit/server/sqlite";
import { readConfig } from "./config.js";

/**
 * `scimkit-migrate`: applies pending schema migrations to the store the server would open with the
 * same environment (`DATABASE_URL`/`DATABASE_SCHEMA`, else `DATABASE_FILE`), or to the one named on
 * the command line (`sqlite <file>` | `postgres <url> [schema]`). The server also migrates at
 * start-up; this entry point is for deploy pipelines that migrate first.
 */
async function main(): Promise<number> {
  const given = process.argv.slice(2);
  if (given.length > 0) return runMigrate(given);
  const config = readConfig(process.env);
  if (config.store === "postgres" && config.databaseUrl) {
    return runMigrate([
      "postgres",
      config.databaseUrl,
      ...(config.databaseSchema ? [config.databaseSchema] : []),
    ]);
  }
  if (config.store === "sqlite") {
    mkdirSync(dirname(config.databaseFile), { recursive: true });
    return runMigrate(["sqlite", config.databaseFile]);
  }
  console.error("STORE=memory has nothing to migrate");
  return 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
