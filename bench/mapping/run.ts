/**
 * Table-mapping benchmark (not a test): a 10,000-user initial sync into an application table
 * mapped with `tableMapping`, against the same sync into the kit's own document table, and the
 * `userName eq` lookup at 1,000 and 100,000 mapped users (the ratio shows whether it stays an
 * index probe). Run: `npx -y pnpm@12.4.2 run bench:mapping` in bench/. `BENCH_STORES=sqlite,pg`
 * (default `sqlite`), `BENCH_SYNC` (default 10000), `BENCH_SIZES` (default `1000,100000`).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry, ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { type Filter, parseFilter } from "@scimkit/filter";
import type { RequestContext, ResourceStore } from "@scimkit/server";
import { mappingMigration, type TableMapping } from "@scimkit/server/mapping";
import { PostgresStore } from "@scimkit/server/postgres";
import { SqliteStore } from "@scimkit/server/sqlite";

const SYNC = Number(process.env.BENCH_SYNC ?? 10_000);
const SIZES = (process.env.BENCH_SIZES ?? "1000,100000").split(",").map(Number);
const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ctx: RequestContext = { tenantId: "bench", baseUrl: "https://example.test/v2", attributes: new Map() };
const registry = createDefaultRegistry();

/** The provisioning app's accounts table (issue 15's columns plus userName, active, externalId). */
const MAPPING: TableMapping = {
  table: "accounts",
  columns: {
    user_name: "userName",
    active: "active",
    external_id: "externalId",
    email: 'emails[type eq "work"].value',
    given_name: "name.givenName",
    family_name: "name.familyName",
    department: `${ENTERPRISE_USER_SCHEMA}:department`,
  },
  unmapped: { keepIn: "scim_extra" },
};

/** What Okta sends on a create. */
function user(i: number) {
  return {
    id: randomUUID(),
    schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    userName: `user${i}@example.com`,
    externalId: `00u${i}`,
    active: true,
    displayName: `User ${i}`,
    name: { givenName: `Given${i % 100}`, familyName: `Family${i}` },
    emails: [{ value: `user${i}@example.com`, type: "work", primary: true }],
    [ENTERPRISE_USER_SCHEMA]: { department: `Dept ${i % 20}` },
  };
}

async function populate(store: ResourceStore, from: number, to: number, concurrency: number) {
  for (let i = from; i < to; i += concurrency) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(to, i + concurrency); j++) batch.push(store.create(ctx, "User", user(j)));
    await Promise.all(batch);
  }
}

/** Median of `runs` timings, best of 3 rounds (the machine is shared: load only slows). */
async function median(task: (i: number) => Promise<unknown>, runs: number) {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      await task(i);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    best = Math.min(best, times[Math.floor(times.length / 2)]!);
  }
  return best;
}

interface Target {
  readonly name: string;
  readonly concurrency: number;
  /** A fresh store; `mapped` ones keep Users in the accounts table. */
  open(mapped: boolean): Promise<ResourceStore & { close(): Promise<void> }>;
  analyze(store: ResourceStore): Promise<void>;
}

async function run(target: Target) {
  console.log(`\n## ${target.name}\n`);
  console.log("| scenario | figure |\n|---|---:|");
  for (const mapped of [false, true]) {
    const store = await target.open(mapped);
    try {
      const started = process.hrtime.bigint();
      await populate(store, 0, SYNC, target.concurrency);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const label = mapped ? "mapped accounts table" : "kit's document table";
      console.log(
        `| initial sync of ${SYNC} users, ${label} | ${seconds.toFixed(1)} s (${Math.round(SYNC / seconds)} users/s) |`,
      );
    } finally {
      await store.close();
    }
  }
  const store = await target.open(true);
  try {
    const lookups: number[] = [];
    let populated = 0;
    for (const size of SIZES) {
      await populate(store, populated, size, target.concurrency);
      populated = size;
      await target.analyze(store);
      const filters: Filter[] = Array.from({ length: 500 }, () =>
        parseFilter(`userName eq "USER${Math.floor(Math.random() * size)}@example.com"`),
      );
      const lookup = await median(
        (i) => store.list(ctx, "User", { filter: filters[i % 500]!, count: 100 }),
        500,
      );
      lookups.push(lookup);
      console.log(`| userName eq, ${size} mapped users (median) | ${lookup.toFixed(3)} ms |`);
    }
    console.log(
      `| userName eq ratio ${SIZES.at(-1)}/${SIZES[0]} | ${(lookups.at(-1)! / lookups[0]!).toFixed(2)} |`,
    );
  } finally {
    await store.close();
  }
}

/** A one-connection pool of `pg` (the server package's dependency, loaded from there). */
function adminPool() {
  const pg = createRequire(import.meta.resolve("@scimkit/server/postgres"))("pg") as {
    Pool: new (config: {
      connectionString: string;
      max: number;
    }) => {
      query(sql: string): Promise<unknown>;
      end(): Promise<void>;
    };
  };
  return new pg.Pool({ connectionString: PG_URL, max: 1 });
}

const dir = mkdtempSync(join(tmpdir(), "scimkit-bench-mapping-"));
const targets = (process.env.BENCH_STORES ?? "sqlite").split(",");
const schemas: string[] = [];
try {
  if (targets.includes("sqlite")) {
    let n = 0;
    await run({
      name: "SQLite (file, WAL, synchronous=NORMAL)",
      concurrency: 1,
      async open(mapped) {
        const store = new SqliteStore({
          filename: join(dir, `bench-${n++}.db`),
          registry,
          ...(mapped ? { tableMapping: MAPPING } : {}),
        });
        if (mapped)
          for (const sql of mappingMigration(MAPPING, { dialect: "sqlite", createTable: true }))
            store.database.exec(sql);
        return store;
      },
      analyze: async () => {},
    });
  }
  if (targets.includes("pg")) {
    await run({
      name: `PostgreSQL (${PG_URL.replace(/\/\/[^@]*@/, "//")})`,
      concurrency: 16,
      async open(mapped) {
        const schema = `scim_bench_map_${randomUUID().slice(0, 8)}`;
        schemas.push(schema);
        const tableMapping = { ...MAPPING, table: `${schema}.accounts` };
        const store = await PostgresStore.open({
          connectionString: PG_URL,
          schema,
          registry,
          maxConnections: 16,
          ...(mapped ? { tableMapping } : {}),
        });
        if (mapped) {
          const pool = adminPool();
          for (const sql of mappingMigration(tableMapping, { dialect: "postgres", createTable: true }))
            await pool.query(sql);
          await pool.end();
        }
        return store;
      },
      async analyze(store) {
        if (store instanceof PostgresStore) await store.analyze();
      },
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length > 0) {
    const pool = adminPool();
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}
