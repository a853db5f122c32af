import { randomUUID } from "node:crypto";
import { createDefaultRegistry } from "@scimkit/core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import type { ResourceStore } from "../../src/store/store.js";
import { call, GROUP, PATCH_OP, type RunningServer, startServer, USER } from "../http/harness.js";
import { createTestSchema, type TestSchema } from "./pg-test-schema.js";

// Issue 16: an IdP that adds 50,000 members one by one must not pay for the members already
// there. A member add or remove, end to end over HTTP as Entra ID and Okta send it, runs the same
// statements with the same work at 50 and at 50,000 members: no statement reads the member list,
// none rewrites a document that grows with it, and the new version (ETag) is a counter.
// Work is counted, not timed: rows each statement returns and, on PostgreSQL, the rows each plan
// node produced or filtered out (EXPLAIN ANALYZE of the very statements the request ran).

const SMALL = 50;
const LARGE = 50_000;

/** One statement a request ran, with its parameters and the rows it returned. */
interface Ran {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly rows: number;
}

const entraAdd = (value: string) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "Add", path: "members", value: [{ value }] }],
});
const oktaRemove = (value: string) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "remove", path: `members[value eq "${value}"]` }],
});

/** Normalises a statement for comparison across group sizes (names and literals are the same). */
const shape = (ran: readonly Ran[]) => ran.map((statement) => statement.sql.replace(/\s+/g, " ").trim());

interface Setup {
  readonly server: RunningServer;
  /** Group ids with SMALL and LARGE members. */
  readonly groups: { readonly small: string; readonly large: string };
  readonly member: string;
  /** Runs `request` and returns the statements it ran. */
  capture(request: () => Promise<void>): Promise<Ran[]>;
}

async function setUp(store: ResourceStore, seed: (groupId: string, count: number) => Promise<void>) {
  const server = await startServer("fetch", { store, registry: createDefaultRegistry() });
  const base = server.baseUrl;
  const user = await call(base, "POST", "/Users", { schemas: [USER], userName: `cost-${randomUUID()}` });
  expect(user.status).toBe(201);
  const group = async (displayName: string, count: number) => {
    const created = await call(base, "POST", "/Groups", { schemas: [GROUP], displayName });
    expect(created.status).toBe(201);
    await seed(created.body.id, count);
    return String(created.body.id);
  };
  return {
    server,
    member: String(user.body.id),
    groups: { small: await group("small", SMALL), large: await group("large", LARGE) },
  };
}

/** Adds and removes one member of each group; returns the statements of each request. */
async function addAndRemove(setup: Setup) {
  const base = setup.server.baseUrl;
  const result: Record<"small" | "large", { add: Ran[]; remove: Ran[] }> = {
    small: { add: [], remove: [] },
    large: { add: [], remove: [] },
  };
  for (const size of ["small", "large"] as const) {
    const path = `/Groups/${setup.groups[size]}`;
    result[size].add = await setup.capture(async () => {
      const added = await call(base, "PATCH", path, entraAdd(setup.member));
      // The default answer of a group PATCH (RFC 7644 §3.5.2): 204 and the ETag, no member list.
      expect(added.status).toBe(204);
      expect(added.headers.get("etag")).toMatch(/^W\/"/);
    });
    result[size].remove = await setup.capture(async () => {
      expect((await call(base, "PATCH", path, oktaRemove(setup.member))).status).toBe(204);
    });
  }
  const group = await call(base, "GET", `/Groups/${setup.groups.large}?excludedAttributes=members`);
  expect(group.body.meta.version).toBe('W/"3"');
  return result;
}

describe("member add/remove cost does not grow with the group (issue 16)", () => {
  describe("SQLite", () => {
    let store: SqliteStore;
    let setup: Setup;
    const ran: Ran[] = [];
    beforeAll(async () => {
      store = new SqliteStore({ filename: ":memory:", registry: createDefaultRegistry() });
      const db = store.database;
      // Every statement the store prepares reports what it ran and how many rows it returned.
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => {
        const statement = prepare(sql);
        const all = statement.all.bind(statement);
        const run = statement.run.bind(statement);
        const get = statement.get.bind(statement);
        return Object.assign(statement, {
          all: (...params: unknown[]) => {
            const rows = all(...params);
            ran.push({ sql, params, rows: rows.length });
            return rows;
          },
          get: (...params: unknown[]) => {
            const row = get(...params);
            ran.push({ sql, params, rows: row === undefined ? 0 : 1 });
            return row;
          },
          run: (...params: unknown[]) => {
            const info = run(...params);
            ran.push({ sql, params, rows: info.changes });
            return info;
          },
        });
      }) as typeof db.prepare;
      const seeded = await setUp(store, async (groupId, count) => {
        prepare(
          `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
           INSERT INTO scim_memberships (tenant_id, group_id, member_id, member_type) SELECT 'default', ?, 'seeded-' || i, 'User' FROM n`,
        ).run(count, groupId);
      });
      setup = {
        ...seeded,
        async capture(request) {
          ran.length = 0;
          await request();
          return [...ran];
        },
      };
    }, 60_000);
    afterAll(async () => {
      await setup?.server.close();
      await store?.close();
    });

    it("the same statements, rows and index searches at 50 and 50,000 members", async () => {
      const { small, large } = await addAndRemove(setup);
      for (const kind of ["add", "remove"] as const) {
        expect(shape(large[kind])).toEqual(shape(small[kind]));
        expect(large[kind].map((s) => s.rows)).toEqual(small[kind].map((s) => s.rows));
        for (const statement of large[kind]) {
          if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)/i.test(statement.sql)) continue;
          const plan = (
            store.database.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params) as {
              detail: string;
            }[]
          )
            .map((row) => row.detail)
            .join("\n");
          // A scan of the memberships is the one thing whose cost grows with the group.
          expect(plan, statement.sql).not.toMatch(/SCAN (m|scim_memberships)\b/);
          expect(plan, statement.sql).not.toMatch(/scim_memberships_order|group_id=\?\)$/m);
        }
      }
      // No statement returned more than a handful of rows: the member list is never read.
      expect(Math.max(...large.add.map((s) => s.rows), ...large.remove.map((s) => s.rows))).toBeLessThan(5);
    });
  });

  describe("PostgreSQL", () => {
    let database: TestSchema;
    let store: PostgresStore;
    let setup: Setup;
    const ran: Ran[] = [];
    let recording = false;

    /** Rows produced plus rows filtered out, over every node of the statement's executed plan. */
    async function rowsTouched(client: pg.PoolClient, statement: Ran): Promise<number> {
      interface PlanNode {
        "Actual Rows"?: number;
        "Actual Loops"?: number;
        "Rows Removed by Filter"?: number;
        "Rows Removed by Index Recheck"?: number;
        Plans?: PlanNode[];
      }
      const sum = (node: PlanNode): number =>
        ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1) +
        (node["Rows Removed by Index Recheck"] ?? 0) +
        (node.Plans ?? []).reduce((total, child) => total + sum(child), 0);
      await client.query("BEGIN");
      try {
        const { rows } = await client.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`,
          statement.params as unknown[],
        );
        return sum(rows[0]!["QUERY PLAN"][0]!.Plan);
      } finally {
        await client.query("ROLLBACK");
      }
    }

    beforeAll(async () => {
      database = await createTestSchema("scim_cost");
      const pool = database.pool;
      // Every statement the store sends (through the pool or a checked-out client) is recorded.
      const record = (
        sql: unknown,
        values: unknown,
        result: { rows?: unknown[]; rowCount?: number | null },
      ) => {
        if (!recording) return;
        const config =
          typeof sql === "string" ? { text: sql, values } : (sql as { text: string; values?: unknown[] });
        ran.push({
          sql: config.text,
          params: (config.values ?? values ?? []) as unknown[],
          rows: result.rows?.length || result.rowCount || 0,
        });
      };
      const wrap = <T extends { query: (...args: never[]) => unknown }>(target: T) => {
        const query = target.query.bind(target) as (
          ...args: unknown[]
        ) => Promise<pg.QueryResult> | undefined;
        (target as { query: unknown }).query = (...args: unknown[]) => {
          const [sql, values] = args;
          const params = Array.isArray(values) ? values : undefined;
          const callback = args.findIndex((arg) => typeof arg === "function");
          if (callback >= 0) {
            // pg-pool runs pool.query through client.query with a callback.
            const done = args[callback] as (error: unknown, result: pg.QueryResult) => void;
            args[callback] = (error: unknown, result: pg.QueryResult) => {
              if (!error) record(sql, params, result);
              done(error, result);
            };
            return query(...args);
          }
          return query(...args)?.then((result) => {
            record(sql, params, result);
            return result;
          });
        };
      };
      // pool.query runs on a pooled client too, so wrapping the clients sees every statement.
      const wrapped = new WeakSet<object>();
      pool.on("acquire", (client) => {
        if (wrapped.has(client)) return;
        wrapped.add(client);
        wrap(client);
      });
      store = await PostgresStore.open({ pool, schema: database.schema, registry: createDefaultRegistry() });
      const seeded = await setUp(store, async (groupId, count) => {
        await database.pool.query(
          `INSERT INTO "${database.schema}".scim_memberships (tenant_id, group_id, member_id, member_type)
           SELECT 'default', $1, 'seeded-' || i, 'User' FROM generate_series(1, $2::int) AS i`,
          [groupId, count],
        );
      });
      await store.analyze();
      setup = {
        ...seeded,
        async capture(request) {
          ran.length = 0;
          recording = true;
          try {
            await request();
          } finally {
            recording = false;
          }
          return [...ran];
        },
      };
    }, 60_000);
    afterAll(async () => {
      await setup?.server.close();
      await store?.close();
      await database?.drop();
    });

    it("the same statements and the same rows touched at 50 and 50,000 members", async () => {
      const { small, large } = await addAndRemove(setup);
      const client = await database.pool.connect();
      try {
        for (const kind of ["add", "remove"] as const) {
          const statements = (list: Ran[]) =>
            list.filter((s) => /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)/i.test(s.sql));
          expect(shape(statements(large[kind]))).toEqual(shape(statements(small[kind])));
          const work = async (list: Ran[]) => {
            const touched: number[] = [];
            for (const statement of statements(list)) touched.push(await rowsTouched(client, statement));
            return touched;
          };
          const atSmall = await work(small[kind]);
          const atLarge = await work(large[kind]);
          // Each statement touches a few rows whatever the size (50,000 would show a scan).
          for (const [index, rows] of atLarge.entries()) {
            expect(rows, statements(large[kind])[index]!.sql).toBeLessThanOrEqual(atSmall[index]! + 2);
            expect(rows, statements(large[kind])[index]!.sql).toBeLessThan(20);
          }
        }
      } finally {
        client.release();
      }
    });
  });
});
