import { randomUUID } from "node:crypto";
import { createDefaultRegistry, USER_SCHEMA } from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { createTestSchema, type TestSchema } from "./pg-test-schema.js";

const ctx: RequestContext = { tenantId: "t1", baseUrl: "https://example.test/v2", attributes: new Map() };

describe("PostgresStore specifics", () => {
  let database: TestSchema;
  let store: PostgresStore;
  beforeAll(async () => {
    database = await createTestSchema("scim_pgstore");
    store = await PostgresStore.open({
      pool: database.pool,
      schema: database.schema,
      registry: createDefaultRegistry(),
    });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it("text jsonb cannot hold (NUL) is a 400 invalidValue, not a 500", async () => {
    await expect(
      store.create(ctx, "User", { id: randomUUID(), schemas: [USER_SCHEMA], userName: "nul\u0000byte" }),
    ).rejects.toMatchObject({ status: 400, scimType: "invalidValue" });
  });

  it("a filter value with NUL is a 400 invalidFilter, not a 500", async () => {
    await expect(
      store.list(ctx, "User", { filter: parseFilter('title eq "a\\u0000b"'), count: 10 }),
    ).rejects.toMatchObject({ status: 400, scimType: "invalidFilter" });
  });

  it("an id with NUL names no resource (undefined, not a 500)", async () => {
    await expect(store.get(ctx, "User", "a\u0000b")).resolves.toBeUndefined();
  });

  it("keeps its tables in its own schema and leaves a pool it was given open", async () => {
    const { rows } = await database.pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [database.schema],
    );
    expect(rows.map((row) => row.table_name)).toEqual([
      "scim_counts",
      "scim_credentials",
      "scim_event_subscriptions",
      "scim_journal",
      "scim_memberships",
      "scim_migrations",
      "scim_rate_limits",
      "scim_resources",
      "scim_values",
    ]);
    const other = await PostgresStore.open({
      pool: database.pool,
      schema: database.schema,
      registry: createDefaultRegistry(),
    });
    await other.close();
    await expect(database.pool.query("SELECT 1")).resolves.toBeDefined();
  });
});
