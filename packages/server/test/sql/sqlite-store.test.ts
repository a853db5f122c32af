import { randomUUID } from "node:crypto";
import { createDefaultRegistry, GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";

const ctx: RequestContext = { tenantId: "t1", baseUrl: "https://example.test/v2", attributes: new Map() };

describe("SqliteStore specifics", () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = await SqliteStore.open({ filename: ":memory:", registry: createDefaultRegistry() });
  });
  afterEach(() => store.close());

  it("adding one member to a 2,000-member group changes one membership row (plus the group's version)", async () => {
    const members = Array.from({ length: 2000 }, () => ({ value: randomUUID(), type: "User" }));
    const group = await store.create(ctx, "Group", {
      id: randomUUID(),
      schemas: [GROUP_SCHEMA],
      displayName: "Big",
      members,
    });
    const changes = () => store.database.prepare("SELECT total_changes() AS n").pluck().get() as number;
    const before = changes();
    const newcomer = randomUUID();
    const patched = await store.patch(
      ctx,
      "Group",
      group.id,
      () => ({ members: { add: [{ value: newcomer, type: "User" }] } }),
      undefined,
      { withMembers: false },
    );
    // One INSERT into scim_memberships, one UPDATE of the group row's version and the journal
    // entry: never a rewrite.
    expect(changes() - before).toBe(3);
    expect(patched.data.members).toBeUndefined();
    expect(Number(patched.version)).toBe(Number(group.version) + 1);
    const rows = store.database
      .prepare("SELECT count(*) FROM scim_memberships WHERE tenant_id = ? AND group_id = ?")
      .pluck()
      .get(ctx.tenantId, group.id);
    expect(rows).toBe(2001);
  });

  it("filter values are bound parameters, never part of the SQL text", () => {
    const hostile = `x") OR 1=1 --'; DROP TABLE scim_resources; %_`;
    const statements = store.compileList(ctx, "User", {
      filter: parseFilter(`userName co ${JSON.stringify(hostile)} or title eq ${JSON.stringify(hostile)}`),
      count: 10,
    });
    for (const statement of [statements.count, statements.page!]) {
      expect(statement.sql).not.toContain("DROP TABLE");
      expect(statement.sql).not.toContain("1=1");
      expect(statement.params).toContain(hostile.toLowerCase());
    }
  });

  it("runs in WAL mode with synchronous=NORMAL and a busy timeout", () => {
    const file = new SqliteStore({
      filename: ":memory:",
      registry: createDefaultRegistry(),
      synchronous: "FULL",
    });
    expect(file.database.pragma("synchronous", { simple: true })).toBe(2);
    expect(store.database.pragma("synchronous", { simple: true })).toBe(1);
    expect(store.database.pragma("busy_timeout", { simple: true })).toBe(5000);
    void file.close();
  });

  it("emails values are index rows, so emails.value eq finds a user by any of its addresses", async () => {
    const id = randomUUID();
    await store.create(ctx, "User", {
      id,
      schemas: [USER_SCHEMA],
      userName: "bjensen",
      emails: [{ value: "BJensen@Example.com", type: "work" }, { value: "babs@home.example" }],
    });
    const rows = store.database
      .prepare("SELECT attribute, value FROM scim_values WHERE resource_id = ? ORDER BY attribute, value")
      .all(id);
    expect(rows).toEqual([
      { attribute: "emails.value", value: "babs@home.example" },
      { attribute: "emails.value", value: "bjensen@example.com" },
      { attribute: "username", value: "bjensen" },
    ]);
    const page = await store.list(ctx, "User", {
      filter: parseFilter('emails.value eq "bjensen@EXAMPLE.com"'),
      count: 5,
    });
    expect(page.resources.map((r) => r.id)).toEqual([id]);
  });

  it("one userName may exist once per tenant: unique indexes include the tenant key", async () => {
    const other: RequestContext = { ...ctx, tenantId: "t2" };
    await store.create(ctx, "User", { id: randomUUID(), schemas: [USER_SCHEMA], userName: "same" });
    await store.create(other, "User", { id: randomUUID(), schemas: [USER_SCHEMA], userName: "SAME" });
    await expect(
      store.create(other, "User", { id: randomUUID(), schemas: [USER_SCHEMA], userName: "same" }),
    ).rejects.toMatchObject({
      status: 409,
      scimType: "uniqueness",
    });
  });

  it("uniqueness comes from the registry: a uniqueness:server extension attribute is unique per tenant", async () => {
    const registry = createDefaultRegistry();
    const badgeSchema = "urn:example:params:scim:schemas:extension:badge:2.0:User";
    registry.addSchema({
      id: badgeSchema,
      name: "Badge",
      description: "badge",
      attributes: [
        {
          name: "badge",
          type: "string",
          multiValued: false,
          description: "badge number",
          required: false,
          caseExact: false,
          mutability: "readWrite",
          returned: "default",
          uniqueness: "server",
        },
      ],
    });
    registry.addSchemaExtension("User", { schema: badgeSchema, required: false });
    const custom = new SqliteStore({ filename: ":memory:", registry });
    try {
      const user = (userName: string, badge: string) => ({
        id: randomUUID(),
        schemas: [USER_SCHEMA, badgeSchema],
        userName,
        [badgeSchema]: { badge },
      });
      const first = await custom.create(ctx, "User", user("a", "B-1"));
      await expect(custom.create(ctx, "User", user("b", "b-1"))).rejects.toMatchObject({
        status: 409,
        scimType: "uniqueness",
      });
      const page = await custom.list(ctx, "User", {
        filter: parseFilter(`${badgeSchema}:badge eq "b-1"`),
        count: 5,
      });
      expect(page.resources.map((r) => r.id)).toEqual([first.id]);
    } finally {
      await custom.close();
    }
  });
});
