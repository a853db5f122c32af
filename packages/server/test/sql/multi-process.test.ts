import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry, GROUP_SCHEMA } from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "../../src/context.js";
import { postgresMigrations } from "../../src/store/sql/migrations.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import { startChild } from "./child-process.js";
import { createTestSchema, PG_TEST_URL, type TestSchema } from "./pg-test-schema.js";

const context = (tenantId: string): RequestContext => ({
  tenantId,
  baseUrl: "https://example.test/v2",
  attributes: new Map(),
});

interface Outcome {
  created: number;
  conflicts: number;
  patched: number;
  errors: string[];
}

/** Starts two worker processes, releases them at once and collects their JSON outcomes. */
async function runTwoWorkers(args: readonly string[]): Promise<Outcome[]> {
  const workers = [startChild("pg-worker.ts", args), startChild("pg-worker.ts", args)];
  await Promise.all(workers.map((worker) => worker.waitForLine((line) => line === "ready")));
  for (const worker of workers) worker.process.stdin.end("go\n");
  const outcomes = await Promise.all(
    workers.map(
      async (worker) => JSON.parse(await worker.waitForLine((line) => line.startsWith("{"))) as Outcome,
    ),
  );
  await Promise.all(workers.map((worker) => worker.exited));
  return outcomes;
}

describe("two server processes on one PostgreSQL database", () => {
  let database: TestSchema;
  beforeAll(async () => {
    database = await createTestSchema("scim_procs");
  });
  afterAll(async () => {
    await database.drop();
  });

  // Both processes start on a schema that does not exist yet, so they also race the migrations
  // (serialised by the advisory lock); then 2 × 10 creates with one userName race the unique index.
  it("20 concurrent creates with one userName across both yield exactly one resource (RFC 7644 §3.3: 409 uniqueness)", async () => {
    const tenant = randomUUID();
    const outcomes = await runTwoWorkers(["creates", PG_TEST_URL, database.schema, tenant, "Bjensen", "10"]);
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    expect(outcomes.reduce((sum, o) => sum + o.created, 0)).toBe(1);
    expect(outcomes.reduce((sum, o) => sum + o.conflicts, 0)).toBe(19);
    const store = await PostgresStore.open({
      pool: database.pool,
      schema: database.schema,
      registry: createDefaultRegistry(),
    });
    const page = await store.list(context(tenant), "User", {
      filter: parseFilter('userName eq "bjensen"'),
      count: 10,
    });
    expect(page.totalResults).toBe(1);
    const { rows } = await database.pool.query(
      `SELECT count(*)::int AS n FROM "${database.schema}".scim_migrations`,
    );
    expect(rows[0].n).toBe(postgresMigrations('"x"').length);
  }, 60_000);

  it("concurrent PATCHes adding members from both processes lose none", async () => {
    const tenant = randomUUID();
    const store = await PostgresStore.open({
      pool: database.pool,
      schema: database.schema,
      registry: createDefaultRegistry(),
    });
    const group = await store.create(context(tenant), "Group", {
      id: randomUUID(),
      schemas: [GROUP_SCHEMA],
      displayName: "Shared",
    });
    const outcomes = await runTwoWorkers(["members", PG_TEST_URL, database.schema, tenant, group.id, "15"]);
    expect(outcomes.flatMap((o) => o.errors)).toEqual([]);
    const after = await store.get(context(tenant), "Group", group.id);
    expect((after?.data.members as unknown[] | undefined)?.length).toBe(30);
    expect(Number(after?.version)).toBe(Number(group.version) + 30);
  }, 60_000);
});

// A process killed with SIGKILL loses nothing it acknowledged: in WAL mode a commit has reached the
// WAL file (the OS page cache) before the write call returns, and the WAL replays on reopen.
describe("SQLite durability", () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-sqlite-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("every write acknowledged before SIGKILL is present after reopening", async () => {
    const filename = join(dir, "scim.db");
    const writer = startChild("sqlite-writer.ts", [filename]);
    await writer.waitForLine((line) => line === "ready");
    await writer.waitForLine(() => writer.lines.filter((l) => l.startsWith("ack ")).length >= 300);
    writer.process.kill("SIGKILL");
    const exit = await writer.exited;
    expect(exit.signal).toBe("SIGKILL");
    const acknowledged = writer.lines.filter((line) => line.startsWith("ack ")).map((line) => line.slice(4));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const store = new SqliteStore({ filename, registry: createDefaultRegistry() });
    try {
      expect(store.database.pragma("journal_mode", { simple: true })).toBe("wal");
      const ctx = context("durability");
      const missing: string[] = [];
      for (const id of acknowledged) if (!(await store.get(ctx, "User", id))) missing.push(id);
      expect(missing).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
