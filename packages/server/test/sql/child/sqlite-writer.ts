import { randomUUID } from "node:crypto";
import { createDefaultRegistry, USER_SCHEMA } from "@scimkit/core";
import type { RequestContext } from "../../../src/context.js";
import { SqliteStore } from "../../../src/store/sql/sqlite/index.js";

/**
 * Writes users to a SqliteStore forever and prints `ack <id>` after each write resolves — the
 * moment a server would answer 201. The parent kills it with SIGKILL mid-stream.
 */
export async function main([filename]: string[]): Promise<void> {
  const store = new SqliteStore({ filename: filename!, registry: createDefaultRegistry() });
  const ctx: RequestContext = {
    tenantId: "durability",
    baseUrl: "https://example.test/v2",
    attributes: new Map(),
  };
  console.log("ready");
  for (let i = 0; ; i++) {
    const id = randomUUID();
    await store.create(ctx, "User", { id, schemas: [USER_SCHEMA], userName: `writer-${i}-${id}` });
    process.stdout.write(`ack ${id}\n`);
  }
}
