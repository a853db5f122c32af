import { randomUUID } from "node:crypto";
import { createDefaultRegistry, GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { can, createRoles, parseRoleConfig, RoleConfigError, type Roles } from "../../src/roles/index.js";
import { createScimServer } from "../../src/server.js";
import type { GroupClosureSource } from "../../src/store/group-closure.js";
import { MemoryStore } from "../../src/store/memory.js";
import { groupClosureStatement } from "../../src/store/sql/group-closure-sql.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { sqlTables } from "../../src/store/sql/sql-tables.js";
import { sqliteDialect } from "../../src/store/sql/sqlite/dialect.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import type { ResourceStore } from "../../src/store/store.js";
import { createTestSchema, type TestSchema } from "../sql/pg-test-schema.js";

const config = parseRoleConfig({
  byGroup: { Engineering: ["developer"], "grp-admins": ["admin"], Platform: ["operator"] },
  permissions: { developer: ["code:read", "code:write"], admin: ["*"], operator: ["deploy", "code:read"] },
});

type TestStore = ResourceStore & GroupClosureSource;
let database: TestSchema;
beforeAll(async () => {
  database = await createTestSchema("scim_roles");
});
afterAll(async () => {
  await database.drop();
});

const STORES: Record<string, () => Promise<TestStore>> = {
  memory: async () => new MemoryStore(),
  sqlite: async () => new SqliteStore({ filename: ":memory:" }),
  postgres: () => PostgresStore.open({ pool: database.pool, schema: database.schema }),
};

for (const [name, open] of Object.entries(STORES)) {
  describe(`roles from memberships on ${name}`, () => {
    let store: TestStore;
    let roles: Roles;
    let ctx: RequestContext;

    beforeEach(async () => {
      store = await open();
      roles = createRoles({ store, config });
      ctx = { tenantId: `t-${randomUUID()}`, baseUrl: "", attributes: new Map() };
    });
    afterEach(async () => {
      await store.close?.();
    });

    const user = async (userName: string, extra: Record<string, unknown> = {}) =>
      (await store.create(ctx, "User", { id: randomUUID(), schemas: [USER_SCHEMA], userName, ...extra })).id;
    const group = async (displayName: string, members: string[], extra: Record<string, unknown> = {}) =>
      (
        await store.create(ctx, "Group", {
          id: randomUUID(),
          schemas: [GROUP_SCHEMA],
          displayName,
          members: members.map((value) => ({ value })),
          ...extra,
        })
      ).id;

    it("grants the roles of direct groups and the union of their permissions", async () => {
      const alice = await user("alice");
      await group("Engineering", [alice]);
      await group("Platform", [alice]);
      const access = await roles.forUser(ctx, alice);
      expect(access?.roles).toEqual(["developer", "operator"]);
      expect(access?.permissions).toEqual(["code:read", "code:write", "deploy"]);
      expect(can(access, "deploy")).toBe(true);
      expect(can(access, "billing:read")).toBe(false);
    });

    it("follows nested groups (RFC 7643 §4.2 members of type Group) and marks which are direct", async () => {
      const bob = await user("bob");
      const team = await group("backend-team", [bob]);
      const eng = await group("Engineering", [team]);
      const all = await group("Everyone", [eng]);
      const access = await roles.forUser(ctx.tenantId, bob);
      expect(access?.roles).toEqual(["developer"]);
      expect(access?.groups.map((g) => [g.id, g.direct]).sort()).toEqual(
        [
          [team, true],
          [eng, false],
          [all, false],
        ].sort(),
      );
    });

    it("ends on a membership cycle and still finds every group once", async () => {
      const carol = await user("carol");
      const a = await group("grp-a", [carol]);
      const b = await group("Engineering", [a]);
      // a ∈ b and b ∈ a: a cycle SCIM does not forbid.
      await store.patch(ctx, "Group", a, () => ({ members: { add: [{ value: b, type: "Group" }] } }));
      const access = await roles.forUser(ctx, carol);
      expect(access?.groups.map((g) => g.id).sort()).toEqual([a, b].sort());
      expect(access?.roles).toEqual(["developer"]);
    });

    it("matches displayName ignoring case and externalId exactly; a rename keeps roles mapped by externalId", async () => {
      const dave = await user("dave");
      const admins = await group("Administrators", [dave], { externalId: "grp-admins" });
      await group("ENGINEERING", [dave]);
      expect((await roles.forUser(ctx, dave))?.roles).toEqual(["admin", "developer"]);
      await store.patch(ctx, "Group", admins, (current) => ({
        data: { ...current.data, displayName: "Admins (renamed)" },
      }));
      const access = await roles.forUser(ctx, dave);
      expect(access?.roles).toEqual(["admin", "developer"]);
      expect(access?.permissions).toEqual(["*"].concat(["code:read", "code:write"]).sort());
      expect(can(access, "anything:at-all")).toBe(true);
      const other = await user("erin");
      await group("x", [other], { externalId: "GRP-ADMINS" });
      expect((await roles.forUser(ctx, other))?.roles).toEqual([]);
    });

    it("an inactive account has no roles at once; reactivation restores them from current memberships", async () => {
      const frank = await user("frank", { active: true });
      const eng = await group("Engineering", [frank]);
      await store.patch(ctx, "User", frank, (current) => ({ data: { ...current.data, active: false } }));
      const inactive = await roles.forUser(ctx, frank);
      expect(inactive).toMatchObject({ active: false, roles: [], permissions: [] });
      expect(can(inactive, "code:read")).toBe(false);
      // Memberships change while inactive: reactivation uses the current ones.
      await group("grp-admins", [frank]);
      await store.patch(ctx, "Group", eng, () => ({ members: { remove: [frank] } }));
      await store.patch(ctx, "User", frank, (current) => ({ data: { ...current.data, active: true } }));
      expect((await roles.forUser(ctx, frank))?.roles).toEqual(["admin"]);
    });

    it("a deleted or unknown account has no access", async () => {
      const gina = await user("gina");
      await group("grp-admins", [gina]);
      await store.delete(ctx, "User", gina);
      expect(await roles.forUser(ctx, gina)).toBeUndefined();
      expect(can(await roles.forUser(ctx, randomUUID()), "code:read")).toBe(false);
    });

    it("never reads another tenant's memberships", async () => {
      const henry = await user("henry");
      await group("Engineering", [henry]);
      const elsewhere = { ...ctx, tenantId: `t-${randomUUID()}` };
      await store.create(elsewhere, "Group", {
        id: randomUUID(),
        schemas: [GROUP_SCHEMA],
        displayName: "grp-admins",
        members: [{ value: henry }],
      });
      expect((await roles.forUser(ctx, henry))?.roles).toEqual(["developer"]);
      expect(await roles.forUser(elsewhere, henry)).toBeUndefined();
    });
  });
}

describe("roles over the SCIM server", () => {
  it('Entra deactivates by PATCH replace active "False": the same request ends the roles', async () => {
    const store = new SqliteStore({ filename: ":memory:" });
    const scim = createScimServer({ store, registry: createDefaultRegistry() });
    const roles = createRoles({ store, config });
    const send = async (method: string, path: string, body?: unknown) => {
      const response = await scim.fetch(
        new Request(`http://localhost${path}`, {
          method,
          headers: { "content-type": "application/scim+json" },
          ...(body ? { body: JSON.stringify(body) } : {}),
        }),
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const user = await send("POST", "/Users", { schemas: [USER_SCHEMA], userName: "ivy", active: true });
    const userId = String(user.body.id);
    await send("POST", "/Groups", {
      schemas: [GROUP_SCHEMA],
      displayName: "Engineering",
      members: [{ value: userId }],
    });
    expect((await roles.forUser("default", userId))?.roles).toEqual(["developer"]);
    const patched = await send("PATCH", `/Users/${userId}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(patched.status).toBe(200);
    expect(await roles.forUser("default", userId)).toMatchObject({
      active: false,
      roles: [],
      permissions: [],
    });
    await store.close();
  });
});

describe("the closure query on SQLite", () => {
  it("is one recursive statement that probes the memberships index, not a scan", () => {
    const store = new SqliteStore({ filename: ":memory:" });
    try {
      const statement = groupClosureStatement(sqliteDialect, sqlTables(), "t", "Group", "u");
      const bound = Object.fromEntries(statement.params.map((value, index) => [`p${index + 1}`, value]));
      const plan = store.database
        .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
        .all(bound)
        .map((row) => String((row as { detail: string }).detail));
      const memberSteps = plan.filter((line) => /\b(SEARCH|SCAN) m\b/.test(line));
      // The anchor and the recursive step: each an index probe by member id.
      expect(memberSteps).toHaveLength(2);
      for (const step of memberSteps) expect(step).toContain("(tenant_id=? AND member_id=?)");
    } finally {
      void store.close();
    }
  });
});

describe("parseRoleConfig", () => {
  it("names the key of a bad entry", () => {
    const failure = (value: unknown) => {
      try {
        parseRoleConfig(value);
      } catch (error) {
        expect(error).toBeInstanceOf(RoleConfigError);
        return (error as RoleConfigError).key;
      }
      throw new Error("accepted a bad config");
    };
    expect(failure({ byGroup: {}, permissions: { dev: "code:read" } })).toBe("roles.permissions.dev");
    expect(failure({ byGroup: { Eng: ["dev"] }, permissions: {} })).toBe("roles.byGroup.Eng[0]");
    expect(failure({ byGroup: { Eng: [""] }, permissions: {} })).toBe("roles.byGroup.Eng[0]");
    expect(failure({ permissions: {} })).toBe("roles.byGroup");
    expect(failure({ byGroup: {}, permissions: {}, byRole: {} })).toBe("roles.byRole");
    expect(failure([])).toBe("roles");
  });
});
