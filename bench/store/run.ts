/**
 * Store benchmarks for the SQL stores (not a test): `userName eq` lookup latency as the user count
 * grows, a list page of 100, a complex filter, and adding one member to big groups.
 * Run: `npx -y pnpm@12.4.2 run bench:store` in bench/. `BENCH_STORES=sqlite,pg` (default `sqlite`)
 * picks the stores, `BENCH_SIZES=1000,10000,100000` the user counts, `PG_TEST_URL` the server.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry, GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { type Filter, parseFilter } from "@scimkit/filter";
import type { RequestContext, ResourceStore } from "@scimkit/server";
import { PostgresStore } from "@scimkit/server/postgres";
import { SqliteStore } from "@scimkit/server/sqlite";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const GROUP_SIZES = [5_000, 50_000];
const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ctx: RequestContext = { tenantId: "bench", baseUrl: "https://example.test/v2", attributes: new Map() };

/** The part of `pg` the cleanup uses. */
interface PgModule {
  Pool: new (config: {
    connectionString: string;
    max: number;
  }) => {
    query(sql: string): Promise<unknown>;
    end(): Promise<void>;
  };
}

/** A store that supports skipping the member list in a PATCH result (both SQL stores do). */
type PatchingStore = ResourceStore & {
  patch(
    ...args: [...Parameters<ResourceStore["patch"]>, options?: { withMembers?: boolean }]
  ): ReturnType<ResourceStore["patch"]>;
};

function user(i: number) {
  return {
    id: randomUUID(),
    schemas: [USER_SCHEMA],
    userName: `user${i}@example.com`,
    externalId: `ext-${i}`,
    active: i % 3 !== 0,
    displayName: `User ${i}`,
    title: i % 5 === 0 ? "Engineer" : undefined,
    name: { givenName: `Given${i % 100}`, familyName: `Family${i}` },
    emails: [
      { value: `user${i}@example.com`, type: "work", primary: true },
      { value: `user${i}@home.example`, type: "home" },
    ],
  };
}

/** Median and 95th percentile of `runs` timings of `task`, best of `rounds` (load only slows). */
async function measure(task: (i: number) => Promise<unknown>, runs: number, rounds = 3) {
  let best = { median: Number.POSITIVE_INFINITY, p95: 0 };
  for (let round = 0; round < rounds; round++) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      await task(i);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    if (median < best.median) best = { median, p95: times[Math.floor(times.length * 0.95)]! };
  }
  return best;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

async function populate(store: ResourceStore, from: number, to: number, concurrency: number) {
  for (let i = from; i < to; i += concurrency) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(to, i + concurrency); j++) batch.push(store.create(ctx, "User", user(j)));
    await Promise.all(batch);
  }
}

async function bench(name: string, store: PatchingStore, concurrency: number) {
  console.log(`\n## ${name}\n`);
  const lookups: Record<number, number> = {};
  let populated = 0;
  for (const size of SIZES) {
    const started = Date.now();
    await populate(store, populated, size, concurrency);
    populated = size;
    // What autovacuum does shortly after a bulk load, done now (PostgreSQL only).
    if (store instanceof PostgresStore) await store.analyze();
    console.log(`populated ${size} users (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    // Pre-parsed filters for random existing users, as the server hands them to the store.
    const filters: Filter[] = Array.from({ length: 500 }, () =>
      parseFilter(`userName eq "USER${Math.floor(Math.random() * size)}@example.com"`),
    );
    const lookup = await measure(
      (i) => store.list(ctx, "User", { filter: filters[i % filters.length]!, count: 100 }),
      500,
    );
    lookups[size] = lookup.median;
    console.log(`| userName eq, ${size} users | ${ms(lookup.median)} | ${ms(lookup.p95)} |`);
  }
  const first = SIZES[0]!;
  const last = SIZES.at(-1)!;
  console.log(`userName eq ratio ${last}/${first}: ${(lookups[last]! / lookups[first]!).toFixed(2)}`);

  const pages = await measure(
    () => store.list(ctx, "User", { count: 100, startIndex: 1 + Math.floor(Math.random() * (last - 100)) }),
    30,
  );
  console.log(
    `| list page of 100 (startIndex random, ${last} users) | ${ms(pages.median)} | ${ms(pages.p95)} |`,
  );
  const cursorPages = await measure(() => store.list(ctx, "User", { count: 100, cursor: "" }), 30);
  console.log(
    `| list first cursor page of 100 (${last} users) | ${ms(cursorPages.median)} | ${ms(cursorPages.p95)} |`,
  );
  const sorted = await measure(
    () =>
      store.list(ctx, "User", { count: 100, sort: { by: { attribute: "userName" }, order: "ascending" } }),
    5,
  );
  console.log(
    `| list page of 100 sortBy=userName (${last} users) | ${ms(sorted.median)} | ${ms(sorted.p95)} |`,
  );
  const complex = parseFilter(
    'emails[type eq "work" and value co "9@example"] and active eq true and not (title pr) and name.givenName sw "given1"',
  );
  const complexRun = await measure(() => store.list(ctx, "User", { filter: complex, count: 100 }), 5);
  console.log(
    `| complex filter (${last} users, full scan) | ${ms(complexRun.median)} | ${ms(complexRun.p95)} |`,
  );
  const entra = parseFilter(`emails[type eq "work" and value eq "user${Math.floor(last / 2)}@example.com"]`);
  const entraRun = await measure(() => store.list(ctx, "User", { filter: entra, count: 100 }), 200);
  console.log(
    `| emails[type eq "work" and value eq …] (${last} users) | ${ms(entraRun.median)} | ${ms(entraRun.p95)} |`,
  );

  const adds: Record<number, number> = {};
  for (const members of GROUP_SIZES) {
    const group = await store.create(ctx, "Group", {
      id: randomUUID(),
      schemas: [GROUP_SCHEMA],
      displayName: `Group of ${members}`,
      members: Array.from({ length: members }, () => ({ value: randomUUID(), type: "User" })),
    });
    const add = await measure(
      () =>
        store.patch(
          ctx,
          "Group",
          group.id,
          () => ({ members: { add: [{ value: randomUUID(), type: "User" }] } }),
          undefined,
          {
            withMembers: false,
          },
        ),
      300,
    );
    adds[members] = add.median;
    console.log(`| add one member, group of ${members} | ${ms(add.median)} | ${ms(add.p95)} |`);
  }
  const [small, big] = GROUP_SIZES;
  console.log(`add-one-member ratio ${big}/${small}: ${(adds[big!]! / adds[small!]!).toFixed(2)}`);
}

const dir = mkdtempSync(join(tmpdir(), "scimkit-bench-"));
const registry = createDefaultRegistry();
const stores = (process.env.BENCH_STORES ?? "sqlite").split(",");
try {
  if (stores.includes("sqlite")) {
    const sqlite = new SqliteStore({ filename: join(dir, "bench.db"), registry });
    try {
      await bench("SQLite (file, WAL, synchronous=NORMAL)", sqlite, 1);
    } finally {
      await sqlite.close();
    }
  }
  if (stores.includes("pg")) {
    const schema = `scim_bench_${randomUUID().slice(0, 8)}`;
    const pg = await PostgresStore.open({ connectionString: PG_URL, schema, registry, maxConnections: 16 });
    try {
      await bench(`PostgreSQL (${PG_URL.replace(/\/\/[^@]*@/, "//")}, schema ${schema})`, pg, 16);
    } finally {
      await pg.close();
      // pg is the server package's dependency, not the bench's: load it from there.
      const pgModule = createRequire(import.meta.resolve("@scimkit/server/postgres"))("pg") as PgModule;
      const pool = new pgModule.Pool({ connectionString: PG_URL, max: 1 });
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
