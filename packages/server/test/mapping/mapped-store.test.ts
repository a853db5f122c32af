import { randomUUID } from "node:crypto";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, ScimError, USER_SCHEMA } from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import {
  checkTableMapping,
  mappingMigration,
  type TableMapping,
  TableMappingError,
} from "../../src/mapping/index.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import type { ResourceStore } from "../../src/store/store.js";
import { createTestSchema, type TestSchema } from "../sql/pg-test-schema.js";

const DEPARTMENT = `${ENTERPRISE_USER_SCHEMA}:department`;

/** The columns of the provisioning app's contract (issue 15), plus userName, active and externalId. */
const columns = {
  user_name: "userName",
  active: "active",
  external_id: "externalId",
  email: 'emails[type eq "work"].value',
  given_name: "name.givenName",
  family_name: "name.familyName",
  department: DEPARTMENT,
};

interface Harness {
  store: ResourceStore;
  /** Rows of the app table, as the database returns them. */
  rows(where?: string): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** An "existing" accounts table with a column the app owns (`plan`), then the mapping's migration. */
const existingTable = (table: string) =>
  `CREATE TABLE ${table} (user_name TEXT, active BOOLEAN, external_id TEXT, email TEXT, given_name TEXT, family_name TEXT, department TEXT, plan TEXT DEFAULT 'free')`;

let database: TestSchema;
beforeAll(async () => {
  database = await createTestSchema("scim_mapped");
});
afterAll(async () => {
  await database.drop();
});

const OPEN: Record<string, (mapping: Omit<TableMapping, "table">) => Promise<Harness>> = {
  async sqlite(mapping) {
    const tableMapping = { ...mapping, table: "accounts" };
    const store = new SqliteStore({ filename: ":memory:", tableMapping });
    const db = store.database;
    db.exec(existingTable("accounts"));
    for (const sql of mappingMigration(tableMapping, { dialect: "sqlite" })) db.exec(sql);
    return {
      store,
      rows: async (where = "1 = 1") =>
        db.prepare(`SELECT * FROM accounts WHERE ${where} ORDER BY rowid`).all() as Record<string, unknown>[],
      exec: async (sql) => void db.exec(sql),
      close: () => store.close(),
    };
  },
  async postgres(mapping) {
    const table = `${database.schema}.accounts_${randomUUID().slice(0, 8)}`;
    const tableMapping = { ...mapping, table };
    const store = await PostgresStore.open({ pool: database.pool, schema: database.schema, tableMapping });
    await database.pool.query(existingTable(table));
    for (const sql of mappingMigration(tableMapping, { dialect: "postgres" })) await database.pool.query(sql);
    return {
      store,
      rows: async (where = "true") =>
        (await database.pool.query(`SELECT * FROM ${table} WHERE ${where} ORDER BY ctid`)).rows,
      exec: async (sql) => void (await database.pool.query(sql.replaceAll("accounts", table))),
      close: () => store.close(),
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
  externalId: "e-1",
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [{ value: "bjensen@example.com", type: "work" }],
  [ENTERPRISE_USER_SCHEMA]: { department: "Tour Operations" },
};

for (const [name, open] of Object.entries(OPEN)) {
  describe(`table mapping on ${name}`, () => {
    let harness: Harness;
    let ctx: RequestContext;
    const list = async (filter: string, extra: Record<string, unknown> = {}) =>
      (
        await harness.store.list(ctx, "User", { count: 50, filter: parseFilter(filter), ...extra })
      ).resources.map((r) => r.data.userName);
    beforeEach(() => {
      ctx = { tenantId: `t-${randomUUID()}`, baseUrl: "", attributes: new Map() };
    });
    afterEach(async () => {
      await harness?.close();
    });

    describe("reject mode (the default)", () => {
      beforeEach(async () => {
        harness = await open({ columns });
      });

      it("writes mapped attributes to the app's columns and reads them back as SCIM", async () => {
        const created = await harness.store.create(ctx, "User", { ...bjensen, id: randomUUID() });
        const [row] = await harness.rows();
        expect(row).toMatchObject({
          scim_id: created.id,
          user_name: "bjensen",
          external_id: "e-1",
          email: "bjensen@example.com",
          given_name: "Barbara",
          family_name: "Jensen",
          department: "Tour Operations",
          plan: "free",
        });
        expect(Boolean(row?.active)).toBe(true);
        const fetched = await harness.store.get(ctx, "User", created.id);
        expect(fetched?.data).toMatchObject({
          userName: "bjensen",
          active: true,
          name: { givenName: "Barbara", familyName: "Jensen" },
          emails: [{ value: "bjensen@example.com", type: "work" }],
          [ENTERPRISE_USER_SCHEMA]: { department: "Tour Operations" },
          schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
        });
      });

      it("the app table is the truth: a column the app changes shows through SCIM; delete removes the row", async () => {
        const created = await harness.store.create(ctx, "User", { ...bjensen, id: randomUUID() });
        await harness.exec("UPDATE accounts SET given_name = 'Babs'");
        expect((await harness.store.get(ctx, "User", created.id))?.data.name).toEqual({
          givenName: "Babs",
          familyName: "Jensen",
        });
        // Non-eq filters read the column itself; `eq` uses the value index the store writes.
        expect(await list('name.givenName sw "bab"')).toEqual(["bjensen"]);
        await harness.store.delete(ctx, "User", created.id);
        expect(await harness.rows()).toEqual([]);
      });

      it("filters on mapped columns: value path elements, sub-attributes, extension, booleans, ranges", async () => {
        await harness.store.create(ctx, "User", { ...bjensen, id: randomUUID() });
        await harness.store.create(ctx, "User", {
          schemas: [USER_SCHEMA],
          id: randomUUID(),
          userName: "jsmith",
          active: false,
          name: { givenName: "Jim" },
          emails: [{ value: "jim@example.org", type: "Work" }],
        });
        expect(await list('emails[type eq "work" and value ew "example.org"]')).toEqual(["jsmith"]);
        expect(await list('emails.value eq "BJENSEN@example.com"')).toEqual(["bjensen"]);
        expect(await list('emails.type eq "work"')).toEqual(["bjensen", "jsmith"]);
        expect(await list("name pr and not (name.familyName pr)")).toEqual(["jsmith"]);
        expect(await list(`${DEPARTMENT} sw "tour"`)).toEqual(["bjensen"]);
        expect(await list("active eq false")).toEqual(["jsmith"]);
        expect(await list('userName gt "c"')).toEqual(["jsmith"]);
        expect(await list('externalId eq "e-1" or userName eq "JSMITH"')).toEqual(["bjensen", "jsmith"]);
        const sorted = await harness.store.list(ctx, "User", {
          count: 10,
          sort: { by: { attribute: "emails", subAttribute: "value" }, order: "descending" },
        });
        expect(sorted.resources.map((r) => r.data.userName)).toEqual(["jsmith", "bjensen"]);
      });

      it("a filter or sortBy on an attribute no column holds is a 400 naming it", async () => {
        for (const filter of [
          'nickName eq "x"',
          "emails[primary eq true]",
          'emails.display co "x"',
          "addresses pr",
        ]) {
          const error = await scimError(
            harness.store.list(ctx, "User", { count: 5, filter: parseFilter(filter) }),
          );
          expect(error.status, filter).toBe(400);
          expect(error.scimType).toBe("invalidFilter");
          expect(error.message).toContain(filter.split(/[ [.]/)[0]);
        }
        const error = await scimError(
          harness.store.list(ctx, "User", {
            count: 5,
            sort: { by: { attribute: "nickName" }, order: "ascending" },
          }),
        );
        expect([error.status, error.scimType]).toEqual([400, "invalidValue"]);
        expect(error.message).toContain("nickName");
      });

      it("rejects incoming attributes no column holds with a 400 naming them, and writes nothing", async () => {
        const error = await scimError(
          harness.store.create(ctx, "User", {
            ...bjensen,
            id: randomUUID(),
            nickName: "Babs",
            emails: [
              { value: "bjensen@example.com", type: "work", primary: true },
              { value: "babs@home.org", type: "home" },
            ],
          }),
        );
        expect([error.status, error.scimType]).toEqual([400, "invalidValue"]);
        expect(error.message).toContain('"nickName"');
        expect(error.message).toContain('"emails"');
        expect(error.message).toContain('"emails[type eq "work"].primary"');
        expect(await harness.rows()).toEqual([]);
      });

      it("adopts an existing row with the same userName (ignoring case) instead of inserting one", async () => {
        await harness.exec("INSERT INTO accounts (user_name, plan) VALUES ('BJensen', 'pro')");
        const created = await harness.store.create(ctx, "User", { ...bjensen, id: randomUUID() });
        const rows = await harness.rows();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ scim_id: created.id, user_name: "bjensen", plan: "pro" });
      });

      it("keeps groups in the kit's tables and computes User.groups", async () => {
        const user = await harness.store.create(ctx, "User", { ...bjensen, id: randomUUID() });
        const group = await harness.store.create(ctx, "Group", {
          id: randomUUID(),
          schemas: [GROUP_SCHEMA],
          displayName: "Engineering",
          members: [{ value: user.id }],
        });
        expect((await harness.store.get(ctx, "User", user.id))?.data.groups).toEqual([
          { value: group.id, display: "Engineering", type: "direct" },
        ]);
        expect(await list(`groups.value eq "${group.id}"`)).toEqual(["bjensen"]);
      });
    });

    describe("keep mode", () => {
      beforeEach(async () => {
        harness = await open({ columns, unmapped: { keepIn: "scim_extra" } });
      });

      it("keeps what no column holds in the JSON column and returns it; filters still only use columns", async () => {
        const created = await harness.store.create(ctx, "User", {
          ...bjensen,
          id: randomUUID(),
          nickName: "Babs",
          emails: [
            { value: "bjensen@example.com", type: "work", primary: true },
            { value: "babs@home.org", type: "home" },
          ],
        });
        const [row] = await harness.rows();
        const extra = typeof row?.scim_extra === "string" ? JSON.parse(row.scim_extra) : row?.scim_extra;
        expect(extra).toEqual({
          nickName: "Babs",
          emails: [{ value: "babs@home.org", type: "home" }],
          $elements: { 'emails[type eq "work"]': { primary: true } },
        });
        const fetched = await harness.store.get(ctx, "User", created.id);
        expect(fetched?.data.nickName).toBe("Babs");
        expect(fetched?.data.emails).toEqual([
          { primary: true, value: "bjensen@example.com", type: "work" },
          { value: "babs@home.org", type: "home" },
        ]);
        // The home address is kept, not mapped: filters see only the work column.
        expect(await list('emails.value eq "babs@home.org"')).toEqual([]);
        expect(await list('emails.value eq "bjensen@example.com"')).toEqual(["bjensen"]);
        expect((await scimError(list('nickName eq "Babs"'))).scimType).toBe("invalidFilter");
        // A patch that changes nothing keeps the version (RFC 7644 §3.14).
        const same = await harness.store.patch(ctx, "User", created.id, (current) => ({
          data: current.data,
        }));
        expect(same.version).toBe(created.version);
      });
    });

    describe("tenant column", () => {
      beforeEach(async () => {
        harness = await open({ columns, tenantColumn: "tenant_id" });
      });

      it("gives each tenant its own rows; the same userName may exist in both", async () => {
        const other = { ...ctx, tenantId: `t-${randomUUID()}` };
        const mine = await harness.store.create(ctx, "User", { ...bjensen, id: randomUUID() });
        await harness.store.create(other, "User", {
          ...bjensen,
          id: randomUUID(),
          name: { givenName: "Other" },
        });
        expect((await harness.rows()).map((row) => row.tenant_id).sort()).toEqual(
          [ctx.tenantId, other.tenantId].sort(),
        );
        expect(await list('name.givenName eq "Other"')).toEqual([]);
        expect((await harness.store.get(ctx, "User", mine.id))?.data.name).toMatchObject({
          givenName: "Barbara",
        });
        expect(await harness.store.get(other, "User", mine.id)).toBeUndefined();
      });
    });
  });
}

describe("checkTableMapping", () => {
  const keyOf = (mapping: Partial<TableMapping>) => {
    try {
      checkTableMapping({ table: "users", columns: { user_name: "userName" }, ...mapping });
    } catch (error) {
      expect(error).toBeInstanceOf(TableMappingError);
      return (error as TableMappingError).key;
    }
    return undefined;
  };

  it("names the bad entry", () => {
    expect(keyOf({})).toBeUndefined();
    expect(keyOf({ columns: { user_name: "userName", x: "nickname.bogus" } })).toBe("columns.x");
    expect(keyOf({ columns: { user_name: "userName", x: "shoeSize" } })).toBe("columns.x");
    expect(keyOf({ columns: { user_name: "userName", a: "title", b: "title" } })).toBe("columns.b");
    expect(
      keyOf({ columns: { user_name: "userName", a: "emails", b: 'emails[type eq "work"].value' } }),
    ).toBe("columns.b");
    expect(keyOf({ columns: { user_name: "userName", "bad name": "title" } })).toBe("columns.bad name");
    expect(keyOf({ columns: { user_name: "userName", e: 'emails[type co "w"].value' } })).toBe("columns.e");
    expect(keyOf({ columns: { user_name: "userName", m: "meta.created" } })).toBe("columns.m");
    expect(keyOf({ columns: { title: "title" } })).toBe("columns");
    expect(keyOf({ table: "users; drop table x" })).toBe("table");
    expect(keyOf({ unmapped: { keepIn: "" } })).toBe("unmapped.keepIn");
  });
});
