import { randomUUID } from "node:crypto";
import { createDefaultRegistry, GROUP_SCHEMA, ScimError, USER_SCHEMA } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { MAX_INDEXED_VALUE_BYTES } from "../../src/store/sql/indexed-values.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import type { SqlResourceStore } from "../../src/store/sql/sql-store.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import { createTestSchema, type TestSchema } from "./pg-test-schema.js";

const ctx: RequestContext = { tenantId: "long", baseUrl: "https://example.test/v2", attributes: new Map() };
const user = (overrides: Record<string, unknown>) => ({
  id: randomUUID(),
  schemas: [USER_SCHEMA],
  userName: `u-${randomUUID()}`,
  ...overrides,
});

/** The 400 a store must answer, naming the attribute and the limit. */
async function rejection(promise: Promise<unknown>): Promise<ScimError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScimError);
  return error as ScimError;
}

// Issue 11 item 4: on PostgreSQL a 2,800-character userName, externalId, emails.value or group
// displayName failed with "index row size exceeds btree maximum" (a 500), and SQLite stored it. Both
// stores now refuse values of the attributes they index beyond MAX_INDEXED_VALUE_BYTES with the same
// 400 invalidValue (RFC 7644 §3.12) naming the attribute and the limit; other attributes may be long.
describe.each(["sqlite", "postgres"] as const)("long values on %s", (kind) => {
  let store: SqlResourceStore;
  let database: TestSchema | undefined;
  beforeAll(async () => {
    const registry = createDefaultRegistry();
    if (kind === "sqlite") store = new SqliteStore({ filename: ":memory:", registry });
    else {
      database = await createTestSchema("scim_long");
      store = await PostgresStore.open({ pool: database.pool, schema: database.schema, registry });
    }
  });
  afterAll(async () => {
    await store.close();
    await database?.drop();
  });

  const long = "x".repeat(2800);
  const cases: [string, () => Promise<unknown>, string][] = [
    ["a 2,800-character userName", () => store.create(ctx, "User", user({ userName: long })), "userName"],
    [
      "a 2,800-character externalId",
      () => store.create(ctx, "User", user({ externalId: long })),
      "externalId",
    ],
    [
      "a 2,800-character emails.value",
      () => store.create(ctx, "User", user({ emails: [{ value: `${long}@example.com`, type: "work" }] })),
      "emails.value",
    ],
    [
      "a 2,800-character group displayName",
      () => store.create(ctx, "Group", { id: randomUUID(), schemas: [GROUP_SCHEMA], displayName: long }),
      "displayName",
    ],
    [
      "a 900 KB userName",
      () => store.create(ctx, "User", user({ userName: "y".repeat(900_000) })),
      "userName",
    ],
  ];
  it.each(cases)("%s is a 400 naming the attribute and the limit", async (_, create, name) => {
    const error = await rejection(create());
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidValue");
    expect(error.message).toContain(name);
    expect(error.message).toContain(String(MAX_INDEXED_VALUE_BYTES));
  });

  it("a PATCH that makes an indexed value too long is refused and changes nothing", async () => {
    const created = await store.create(ctx, "User", user({}));
    const error = await rejection(
      store.patch(ctx, "User", created.id, (current) => ({ data: { ...current.data, displayName: long } })),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain("displayName");
    const after = await store.get(ctx, "User", created.id);
    expect(after?.version).toBe(created.version);
    expect(after?.data.displayName).toBeUndefined();
  });

  it("values up to the limit, multi-byte ones included, are stored and found", async () => {
    const longest = "é".repeat(MAX_INDEXED_VALUE_BYTES / 2);
    const created = await store.create(ctx, "User", user({ userName: longest }));
    expect(created.data.userName).toBe(longest);
    // An attribute nobody looks resources up by may be as long as the body allows.
    const titled = await store.create(ctx, "User", user({ title: "t".repeat(900_000) }));
    expect((titled.data.title as string).length).toBe(900_000);
  });
});
