import { createDefaultRegistry } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { encodeCursor } from "../../src/store/cursor.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import type { SqlStatement } from "../../src/store/sql/sql-store.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import type { ListQuery, ResourceStore } from "../../src/store/store.js";
import { createTestSchema, type TestSchema } from "./pg-test-schema.js";

// Issue 16: a list page of 100 costs the same at 1,000 and 100,000 users, with an exact
// totalResults (RFC 7644 §3.4.2: "totalResults ... The total number of results returned by the
// list or query operation"), and an RFC 9865 cursor page costs the same on the last page as on the
// first (a keyset, not OFFSET). Work is counted, not timed: the rows every plan node touched.

const SMALL = 1_000;
const LARGE = 100_000;
const tenant = (size: number): RequestContext => ({
  tenantId: `list-${size}`,
  baseUrl: "https://example.test/v2",
  attributes: new Map(),
});
const USER_DOCUMENT = `'{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"user' || i || '"}'`;

/** The first page, and the last page of cursor paging (from the cursor before the last 100). */
async function pages(store: ResourceStore, size: number, lastCursor: string) {
  const ctx = tenant(size);
  const first = await store.list(ctx, "User", { count: 100, startIndex: 1 });
  expect(first.totalResults).toBe(size);
  expect(first.resources).toHaveLength(100);
  const cursorFirst = await store.list(ctx, "User", { count: 100, cursor: "" });
  expect(cursorFirst.totalResults).toBe(size);
  expect(cursorFirst.nextCursor).toBeDefined();
  const last = await store.list(ctx, "User", { count: 100, cursor: lastCursor });
  expect(last.resources).toHaveLength(100);
  expect(last.resources.at(-1)?.data.userName).toBe(`user${size}`);
  expect(last.nextCursor).toBeUndefined();
  expect(last.totalResults).toBe(size);
}

const QUERIES = (lastCursor: string): [string, ListQuery][] => [
  ["index page 1", { count: 100, startIndex: 1 }],
  ["first cursor page", { count: 100, cursor: "" }],
  ["last cursor page", { count: 100, cursor: lastCursor }],
];

describe("a list page of 100 costs the same at 1,000 and 100,000 users (issue 16)", () => {
  describe("SQLite", () => {
    let store: SqliteStore;
    const lastCursors = new Map<number, string>();
    beforeAll(() => {
      store = new SqliteStore({ filename: ":memory:", registry: createDefaultRegistry() });
      for (const size of [SMALL, LARGE]) {
        // Inserted by SQL in one statement: the count triggers see every row as the store's do.
        store.database
          .prepare(
            `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
             INSERT INTO scim_resources (tenant_id, resource_type, id, data, version, created, last_modified)
             SELECT ?, 'User', 'id-' || i, jsonb(${USER_DOCUMENT}), '1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n`,
          )
          .run(size, tenant(size).tenantId);
        const { seq } = store.database
          .prepare("SELECT seq FROM scim_resources WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1 OFFSET 100")
          .get(tenant(size).tenantId) as { seq: number };
        lastCursors.set(size, encodeCursor({ key: null, seq }));
      }
    }, 60_000);
    afterAll(() => store?.close());

    it("exact totals and the last cursor page", async () => {
      for (const size of [SMALL, LARGE]) await pages(store, size, lastCursors.get(size)!);
    });

    it("no statement counts or walks the users: the count is one row, the page an index range", () => {
      for (const [name, query] of QUERIES(lastCursors.get(LARGE)!)) {
        const statements = store.compileList(tenant(LARGE), "User", query);
        for (const statement of [statements.count, statements.page!]) {
          const plan = (
            store.database
              .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
              .all(Object.fromEntries(statement.params.map((value, index) => [`p${index + 1}`, value]))) as {
              detail: string;
            }[]
          )
            .map((row) => row.detail)
            .join("\n");
          expect(plan, name).toMatch(/SEARCH c USING PRIMARY KEY \(tenant_id=\? AND resource_type=\?\)/);
          expect(plan, name).not.toMatch(/SCAN r\b/);
          if (statement === statements.page) {
            expect(plan, name).toMatch(
              /SEARCH r USING INDEX scim_resources_order \(tenant_id=\? AND resource_type=\?/,
            );
            expect(plan, name).not.toMatch(/USE TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY/);
            if (name === "last cursor page") expect(plan, name).toMatch(/seq>\?\)/);
            // Each user's groups: its membership rows, then each group by key (not every group).
            expect(plan, name).toMatch(
              /SEARCH m USING (COVERING )?INDEX scim_memberships_member \(tenant_id=\? AND member_id=\?\)/,
            );
            expect(plan, name).toMatch(
              /SEARCH g USING INDEX scim_resources_key \(tenant_id=\? AND resource_type=\? AND id=\?\)/,
            );
          }
        }
      }
    });
  });

  describe("PostgreSQL", () => {
    let database: TestSchema;
    let store: PostgresStore;
    const lastCursors = new Map<number, string>();

    interface PlanNode {
      "Actual Rows"?: number;
      "Actual Loops"?: number;
      "Rows Removed by Filter"?: number;
      Plans?: PlanNode[];
    }
    /** Rows produced plus rows filtered out, over every node of the executed plan. */
    const touched = (node: PlanNode): number =>
      ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1) +
      (node.Plans ?? []).reduce((total, child) => total + touched(child), 0);
    const explain = async (statement: SqlStatement) => {
      const { rows } = await database.pool.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`,
        statement.params as unknown[],
      );
      return rows[0]!["QUERY PLAN"][0]!.Plan;
    };

    beforeAll(async () => {
      database = await createTestSchema("scim_list_cost");
      store = await PostgresStore.open({
        pool: database.pool,
        schema: database.schema,
        registry: createDefaultRegistry(),
      });
      for (const size of [SMALL, LARGE]) {
        await database.pool.query(
          `INSERT INTO "${database.schema}".scim_resources (tenant_id, resource_type, id, data, version, created, last_modified)
           SELECT $1, 'User', 'id-' || i, (${USER_DOCUMENT})::jsonb, '1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
           FROM generate_series(1, $2::int) AS i`,
          [tenant(size).tenantId, size],
        );
        const { rows } = await database.pool.query<{ seq: string }>(
          `SELECT seq FROM "${database.schema}".scim_resources WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET 100`,
          [tenant(size).tenantId],
        );
        lastCursors.set(size, encodeCursor({ key: null, seq: Number(rows[0]!.seq) }));
      }
      // A bulk load like an import: the store is told, as its documentation asks.
      await store.analyze();
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it("exact totals and the last cursor page", async () => {
      for (const size of [SMALL, LARGE]) await pages(store, size, lastCursors.get(size)!);
    });

    it("the same rows touched at 1,000 and 100,000 users, first page and last", async () => {
      for (const [name, query] of QUERIES("")) {
        const work = async (size: number) => {
          const resolved = name === "last cursor page" ? { ...query, cursor: lastCursors.get(size)! } : query;
          const statements = store.compileList(tenant(size), "User", resolved);
          return touched(await explain(statements.page!));
        };
        const small = await work(SMALL);
        const large = await work(LARGE);
        // A count or a walk of the users would touch 100,000 rows.
        expect(large, name).toBeLessThanOrEqual(small + 20);
        expect(large, name).toBeLessThan(1_000);
      }
    });
  });
});
