import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENTERPRISE_USER_SCHEMA, ScimError, USER_SCHEMA } from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { mappingMigration, type TableMapping, TableMappingError } from "../../src/mapping/index.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import type { SqlResourceStore, SqlStoreOptions } from "../../src/store/sql/sql-store.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import { createTestSchema, type TestSchema } from "../sql/pg-test-schema.js";

const DEPARTMENT = `${ENTERPRISE_USER_SCHEMA}:department`;

/** The app's accounts: its own columns (`plan`), a unique work email per tenant. */
const accountsColumns = {
  user_name: "userName",
  active: "active",
  email: 'emails[type eq "work"].value',
  given_name: "name.givenName",
  department: DEPARTMENT,
};
const accountsTable = (table: string, boolean: string) =>
  `CREATE TABLE ${table} (tenant_id TEXT NOT NULL, scim_id TEXT NOT NULL, user_name TEXT, active ${boolean},
   email TEXT, given_name TEXT, department TEXT, plan TEXT NOT NULL DEFAULT 'free', PRIMARY KEY (tenant_id, scim_id))`;
/** A second table that requires a department (NOT NULL), which SCIM leaves optional. */
const badgesTable = (table: string) =>
  `CREATE TABLE ${table} (scim_id TEXT PRIMARY KEY, department TEXT NOT NULL)`;

interface Harness {
  /** Opens a store on the harness database; `projections: true` projects into both tables. */
  open(options?: { projections?: boolean; badges?: boolean }): Promise<SqlResourceStore>;
  readonly accounts: string;
  /** Rows of a table, oldest first. */
  rows(table: "accounts" | "badges"): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

let database: TestSchema;
beforeAll(async () => {
  database = await createTestSchema("scim_projection");
});
afterAll(async () => {
  await database.drop();
});

const projectionsFor = (accounts: string, badges: string, withBadges: boolean): TableMapping[] => [
  { table: accounts, tenantColumn: "tenant_id", columns: accountsColumns },
  ...(withBadges ? [{ table: badges, columns: { department: DEPARTMENT } }] : []),
];

const HARNESSES: Record<string, () => Promise<Harness>> = {
  /** A SQLite file, as the provisioning server uses. */
  async sqlite() {
    const dir = mkdtempSync(join(tmpdir(), "scim-projection-"));
    const filename = join(dir, "scim.db");
    const stores: SqliteStore[] = [];
    let tablesMade = false;
    const open = async ({ projections = true, badges = false } = {}) => {
      const options: SqlStoreOptions = projections
        ? { tableProjections: projectionsFor("accounts", "badges", badges) }
        : {};
      const store = new SqliteStore({ filename, ...options });
      if (!tablesMade) {
        store.database.exec(accountsTable("accounts", "INTEGER"));
        store.database.exec("CREATE UNIQUE INDEX accounts_email ON accounts (tenant_id, email)");
        store.database.exec(badgesTable("badges"));
        tablesMade = true;
      }
      stores.push(store);
      return store;
    };
    return {
      open,
      accounts: "accounts",
      rows: async (table) =>
        stores[0]!.database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<
          string,
          unknown
        >[],
      close: async () => {
        for (const store of stores) await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async postgres() {
    const suffix = randomUUID().slice(0, 8);
    const accounts = `${database.schema}.accounts_${suffix}`;
    const badges = `${database.schema}.badges_${suffix}`;
    const stores: PostgresStore[] = [];
    let tablesMade = false;
    const open = async ({ projections = true, badges: withBadges = false } = {}) => {
      const options: SqlStoreOptions = projections
        ? { tableProjections: projectionsFor(accounts, badges, withBadges) }
        : {};
      const store = await PostgresStore.open({ pool: database.pool, schema: database.schema, ...options });
      if (!tablesMade) {
        await database.pool.query(accountsTable(accounts, "boolean"));
        await database.pool.query(
          `CREATE UNIQUE INDEX accounts_email_${suffix} ON ${accounts} (tenant_id, email)`,
        );
        await database.pool.query(badgesTable(badges));
        tablesMade = true;
      }
      stores.push(store);
      return store;
    };
    return {
      open,
      accounts,
      rows: async (table) =>
        (await database.pool.query(`SELECT * FROM ${table === "accounts" ? accounts : badges} ORDER BY ctid`))
          .rows,
      close: async () => {
        for (const store of stores) await store.close();
      },
    };
  },
};

async function scimError(promise: Promise<unknown>): Promise<ScimError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ScimError.is(error)) throw new Error(`expected a ScimError, got ${String(error)}`);
  return error;
}

const bjensen = {
  schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
  userName: "bjensen",
  active: true,
  nickName: "Babs",
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [
    { value: "bjensen@example.com", type: "work" },
    { value: "babs@home.example", type: "home" },
  ],
  [ENTERPRISE_USER_SCHEMA]: { department: "Tour Operations" },
};

for (const [name, makeHarness] of Object.entries(HARNESSES)) {
  describe(`table projections on ${name}`, () => {
    let harness: Harness;
    let store: SqlResourceStore;
    let ctx: RequestContext;
    const userNames = async (filter: string) =>
      (await store.list(ctx, "User", { count: 50, filter: parseFilter(filter) })).resources.map(
        (r) => r.data.userName,
      );
    beforeEach(async () => {
      harness = await makeHarness();
      ctx = { tenantId: `t-${randomUUID()}`, baseUrl: "", attributes: new Map() };
    });
    afterEach(async () => {
      await harness.close();
    });

    it("create, replace, patch and delete keep the app row in step; the kit keeps the whole resource", async () => {
      store = await harness.open();
      const created = await store.create(ctx, "User", { ...bjensen, id: randomUUID() });
      const [row] = await harness.rows("accounts");
      expect(row).toMatchObject({
        tenant_id: ctx.tenantId,
        scim_id: created.id,
        user_name: "bjensen",
        email: "bjensen@example.com",
        given_name: "Barbara",
        department: "Tour Operations",
        plan: "free",
      });
      expect(Boolean(row?.active)).toBe(true);
      // What no column maps is not projected, and nothing is refused: the kit's row keeps it.
      expect((await store.get(ctx, "User", created.id))?.data).toMatchObject({
        nickName: "Babs",
        name: { familyName: "Jensen" },
        emails: bjensen.emails,
      });

      await store.replace(ctx, "User", created.id, {
        ...bjensen,
        id: created.id,
        name: { givenName: "Babs" },
        emails: [{ value: "babs@example.com", type: "work" }],
      });
      expect((await harness.rows("accounts"))[0]).toMatchObject({
        email: "babs@example.com",
        given_name: "Babs",
        department: "Tour Operations",
      });

      await store.patch(ctx, "User", created.id, (current) => ({
        data: { ...current.data, active: false, [ENTERPRISE_USER_SCHEMA]: {} },
      }));
      const patched = await harness.rows("accounts");
      expect(patched).toHaveLength(1);
      expect(Boolean(patched[0]?.active)).toBe(false);
      expect(patched[0]?.department).toBeNull();
      expect(patched[0]?.plan).toBe("free");

      await store.delete(ctx, "User", created.id);
      expect(await harness.rows("accounts")).toEqual([]);
    });

    it("filters and sorting on attributes no column maps still work (the store is not the mapped store)", async () => {
      store = await harness.open();
      await store.create(ctx, "User", { ...bjensen, id: randomUUID() });
      await store.create(ctx, "User", {
        schemas: [USER_SCHEMA],
        id: randomUUID(),
        userName: "jsmith",
        nickName: "Jim",
        emails: [{ value: "jim@home.example", type: "home" }],
      });
      expect(await userNames('nickName eq "Babs"')).toEqual(["bjensen"]);
      expect(await userNames('emails[type eq "home" and value ew "home.example"]')).toEqual([
        "bjensen",
        "jsmith",
      ]);
      expect(await userNames('name.familyName sw "jen"')).toEqual(["bjensen"]);
      const sorted = await store.list(ctx, "User", {
        count: 10,
        sort: { by: { attribute: "nickName" }, order: "descending" },
      });
      expect(sorted.resources.map((r) => r.data.userName)).toEqual(["jsmith", "bjensen"]);
    });

    it("a write the kit or the app table refuses leaves neither the resource nor the row", async () => {
      store = await harness.open();
      const first = await store.create(ctx, "User", { ...bjensen, id: randomUUID() });
      // The kit's uniqueness (userName, RFC 7643 §4.1.1 "server"): 409 before any row is written.
      const taken = await scimError(
        store.create(ctx, "User", {
          ...bjensen,
          id: randomUUID(),
          emails: [{ value: "x@example.com", type: "work" }],
        }),
      );
      expect([taken.status, taken.scimType]).toEqual([409, "uniqueness"]);
      // The app table's own unique index (work email per tenant), which the kit does not know.
      const secondId = randomUUID();
      const clash = await scimError(
        store.create(ctx, "User", { ...bjensen, id: secondId, userName: "other" }),
      );
      expect([clash.status, clash.scimType]).toEqual([409, "uniqueness"]);
      expect(await store.get(ctx, "User", secondId)).toBeUndefined();
      expect(await userNames('userName eq "other"')).toEqual([]);
      // A replace the app table refuses keeps the old resource and the old row.
      const second = await store.create(ctx, "User", {
        schemas: [USER_SCHEMA],
        id: secondId,
        userName: "other",
        emails: [{ value: "other@example.com", type: "work" }],
      });
      const refused = await scimError(
        store.replace(ctx, "User", second.id, {
          schemas: [USER_SCHEMA],
          id: second.id,
          userName: "renamed",
          emails: [{ value: "bjensen@example.com", type: "work" }],
        }),
      );
      expect(refused.status).toBe(409);
      expect((await store.get(ctx, "User", second.id))?.data.userName).toBe("other");
      expect((await harness.rows("accounts")).map((row) => [row.user_name, row.email])).toEqual([
        ["bjensen", "bjensen@example.com"],
        ["other", "other@example.com"],
      ]);
      expect((await store.get(ctx, "User", first.id))?.version).toBe(first.version);
    });

    it("a NOT NULL column of a projection table without a value is a 400 naming it; nothing is written", async () => {
      store = await harness.open({ badges: true });
      const id = randomUUID();
      const error = await scimError(
        store.create(ctx, "User", { schemas: [USER_SCHEMA], id, userName: "nodept" }),
      );
      expect([error.status, error.scimType]).toEqual([400, "invalidValue"]);
      expect(error.message).toContain("department");
      expect(error.message).toContain("badges");
      expect(await store.get(ctx, "User", id)).toBeUndefined();
      expect(await harness.rows("accounts")).toEqual([]);
      // With the value, both projections get their row.
      await store.create(ctx, "User", { ...bjensen, id });
      expect(await harness.rows("badges")).toEqual([{ scim_id: id, department: "Tour Operations" }]);
      expect(await harness.rows("accounts")).toHaveLength(1);
    });

    it("keeps tenants apart by the tenant column", async () => {
      store = await harness.open();
      const other: RequestContext = { ...ctx, tenantId: `t-${randomUUID()}` };
      const id = randomUUID();
      await store.create(ctx, "User", { ...bjensen, id });
      // The same id and userName in another tenant: its own row.
      await store.create(other, "User", { ...bjensen, id, name: { givenName: "Other" } });
      const byTenant = async () =>
        Object.fromEntries((await harness.rows("accounts")).map((row) => [row.tenant_id, row.given_name]));
      expect(await byTenant()).toEqual({ [ctx.tenantId]: "Barbara", [other.tenantId]: "Other" });
      await store.patch(other, "User", id, (current) => ({
        data: { ...current.data, name: { givenName: "Changed" } },
      }));
      expect(await byTenant()).toEqual({ [ctx.tenantId]: "Barbara", [other.tenantId]: "Changed" });
      await store.delete(other, "User", id);
      expect(await byTenant()).toEqual({ [ctx.tenantId]: "Barbara" });
    });

    it("backfillProjection fills a table added to a store that holds users, in batches, every tenant", async () => {
      const plain = await harness.open({ projections: false });
      const other: RequestContext = { ...ctx, tenantId: `t-${randomUUID()}` };
      for (const [index, tenant] of [ctx, ctx, ctx, other, other].entries())
        await plain.create(tenant, "User", {
          schemas: [USER_SCHEMA],
          id: randomUUID(),
          userName: `user${index}`,
          emails: [{ value: `user${index}@example.com`, type: "work" }],
        });
      expect(await harness.rows("accounts")).toEqual([]);
      store = await harness.open();
      // Every user of the database gets its row (on PostgreSQL the schema holds other tests' users too).
      const written = await store.backfillProjection(harness.accounts, { batchSize: 2 });
      const rows = await harness.rows("accounts");
      expect(written).toBe(rows.length);
      const ours = rows.filter((row) => row.tenant_id === ctx.tenantId || row.tenant_id === other.tenantId);
      expect(ours.map((row) => [row.tenant_id, row.user_name, row.email])).toEqual(
        [ctx, ctx, ctx, other, other].map((tenant, index) => [
          tenant.tenantId,
          `user${index}`,
          `user${index}@example.com`,
        ]),
      );
      // Run again (a second process starting): rows are updated, not duplicated.
      expect(await store.backfillProjection(harness.accounts)).toBe(written);
      expect(await harness.rows("accounts")).toHaveLength(written);
      await expect(store.backfillProjection("nope")).rejects.toThrow(
        /not one of the store's tableProjections/,
      );
    });
  });
}

describe("tableProjections options", () => {
  const keyOf = (options: SqlStoreOptions) => {
    try {
      new SqliteStore({ filename: ":memory:", ...options }).close();
    } catch (error) {
      expect(error).toBeInstanceOf(TableMappingError);
      return (error as TableMappingError).key;
    }
    return undefined;
  };

  it("needs no userName column and names a bad entry by its place", () => {
    expect(keyOf({ tableProjections: [{ table: "t", columns: { title: "title" } }] })).toBeUndefined();
    expect(
      keyOf({ tableProjections: [{ table: "t", columns: { title: "title" }, unmapped: { keepIn: "x" } }] }),
    ).toBe("tableProjections[0].unmapped");
    expect(
      keyOf({
        tableProjections: [
          { table: "t", columns: { title: "title" } },
          { table: "u", columns: { shoe: "shoeSize" } },
        ],
      }),
    ).toBe("tableProjections[1].columns.shoe");
    expect(
      keyOf({
        tableMapping: { table: "users", columns: { user_name: "userName" } },
        tableProjections: [{ table: "users", columns: { title: "title" } }],
      }),
    ).toBe("tableProjections[0].table");
  });

  it("mappingMigration prepares an existing table for a projection without userName", () => {
    expect(
      mappingMigration(
        { table: "badges", columns: { title: "title" } },
        { dialect: "sqlite", projection: true },
      ),
    ).toEqual([
      'ALTER TABLE "badges" ADD COLUMN "scim_id" TEXT',
      'CREATE UNIQUE INDEX "badges_scim_id" ON "badges" ("scim_id")',
      'CREATE INDEX "badges_title" ON "badges" ("title")',
    ]);
  });
});
