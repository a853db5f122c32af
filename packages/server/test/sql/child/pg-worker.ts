import { randomUUID } from "node:crypto";
import { createDefaultRegistry, ScimError, USER_SCHEMA } from "@scimkit/core";
import type { RequestContext } from "../../../src/context.js";
import { PostgresStore } from "../../../src/store/sql/postgres/index.js";
import { waitForGo } from "./wait-for-go.js";

/**
 * One "server process" on a shared PostgreSQL database.
 * - `creates <url> <schema> <tenant> <userName> <n>`: migrate, then n concurrent creates with one userName.
 * - `members <url> <schema> <tenant> <groupId> <n>`: n concurrent PATCHes, each adding one new member.
 * Prints one JSON line with the outcome.
 */
export async function main([mode, url, schema, tenant, target, count]: string[]): Promise<void> {
  await waitForGo();
  const store = await PostgresStore.open({
    connectionString: url,
    schema,
    registry: createDefaultRegistry(),
  });
  const ctx: RequestContext = {
    tenantId: tenant!,
    baseUrl: "https://example.test/v2",
    attributes: new Map(),
  };
  const n = Number(count);
  const outcome = { created: 0, conflicts: 0, patched: 0, errors: [] as string[] };
  try {
    await Promise.all(
      Array.from({ length: n }, async () => {
        try {
          if (mode === "creates") {
            await store.create(ctx, "User", { id: randomUUID(), schemas: [USER_SCHEMA], userName: target });
            outcome.created++;
          } else {
            await store.patch(
              ctx,
              "Group",
              target!,
              () => ({ members: { add: [{ value: randomUUID(), type: "User" }] } }),
              undefined,
              {
                withMembers: false,
              },
            );
            outcome.patched++;
          }
        } catch (error) {
          if (ScimError.is(error) && error.status === 409) outcome.conflicts++;
          else outcome.errors.push(String(error));
        }
      }),
    );
  } finally {
    await store.close();
  }
  console.log(JSON.stringify(outcome));
}
