/**
 * The per-credential rate limit on every store: counts per key and fixed window, 429 with
 * `Retry-After` (RFC 6585 §4) and the SCIM error body (RFC 7644 §3.12) over real HTTP, and one
 * count shared by every server on the same SQLite file or PostgreSQL schema.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry } from "@scimkit/core";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError } from "../../src/http/authentication-error.js";
import { MemoryRateLimiter } from "../../src/rate-limit/memory-rate-limiter.js";
import { PostgresRateLimiter } from "../../src/rate-limit/postgres-rate-limiter.js";
import type { RateLimiter, RateLimiterOptions } from "../../src/rate-limit/rate-limiter.js";
import { SqliteRateLimiter } from "../../src/rate-limit/sqlite-rate-limiter.js";
import { migratePostgres } from "../../src/store/sql/postgres/migrations.js";
import { migrateSqlite } from "../../src/store/sql/sqlite/migrations.js";
import { SqliteStore } from "../../src/store/sql/sqlite/store.js";
import { call, ERROR, type RunningServer, startServer } from "../http/harness.js";
import { createTestSchema, PG_TEST_URL, type TestSchema } from "../sql/pg-test-schema.js";

const STORES = ["memory", "sqlite", "postgres"] as const;

/** A clock the test moves. */
function manualClock(start: number) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe.each(STORES)("rate limiter on %s", (kind) => {
  /** Makes a limiter; on SQL stores each call opens its own connection, as another process would. */
  let makeLimiter: (options: RateLimiterOptions) => RateLimiter;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    if (kind === "memory") {
      makeLimiter = (options) => new MemoryRateLimiter(options);
    } else if (kind === "sqlite") {
      const dir = mkdtempSync(join(tmpdir(), "scimkit-rate-"));
      const file = join(dir, "scim.db");
      const connections: Database.Database[] = [];
      migrateSqlite(new Database(file));
      makeLimiter = (options) => {
        const db = new Database(file);
        db.pragma("busy_timeout = 5000");
        connections.push(db);
        return new SqliteRateLimiter(db, options);
      };
      cleanup = async () => {
        for (const db of connections) db.close();
        rmSync(dir, { recursive: true, force: true });
      };
    } else {
      const database: TestSchema = await createTestSchema("scim_rate");
      await migratePostgres(database.pool, database.schema);
      const pools: pg.Pool[] = [];
      makeLimiter = (options) => {
        const pool = new pg.Pool({ connectionString: PG_TEST_URL, max: 5 });
        pools.push(pool);
        return new PostgresRateLimiter({ ...options, pool, schema: database.schema });
      };
      cleanup = async () => {
        await Promise.all(pools.map((pool) => pool.end()));
        await database.drop();
      };
    }
  });
  afterAll(() => cleanup());

  it("allows `limit` requests per key and window, then says how long to wait; a new window starts afresh", async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 12, 0, 10));
    const limiter = makeLimiter({ limit: 3, now: clock.now });
    const key = `fixed-${kind}`;
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit(key));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    // 50 s are left of the minute that started at 12:00:00.
    expect(decisions[3]?.retryAfterSeconds).toBe(50);
    // Another key has its own count.
    expect((await limiter.hit(`${key}-other`)).allowed).toBe(true);
    clock.advance(50_000);
    const next = await limiter.hit(key);
    expect(next).toMatchObject({ allowed: true, remaining: 2, retryAfterSeconds: 60 });
  });

  it("rejects a limit or window that is not a positive whole number, naming it", () => {
    expect(() => makeLimiter({ limit: 0 })).toThrow(/limit must be a positive whole number/);
    expect(() => makeLimiter({ limit: 1, windowMs: 0.5 })).toThrow(/windowMs/);
  });

  it("two limiters on the same database (two processes) share one count, exact under concurrency; in memory each counts alone", async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 12, 5, 0));
    const first = makeLimiter({ limit: 20, now: clock.now });
    const second = makeLimiter({ limit: 20, now: clock.now });
    const key = `shared-${kind}`;
    const decisions = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? first : second).hit(key)),
    );
    // Memory is per process: each of the two allows its own 20 (the documented limitation).
    expect(decisions.filter((d) => d.allowed)).toHaveLength(kind === "memory" ? 40 : 20);
    clock.advance(60_000);
    expect((await second.hit(key)).allowed).toBe(true);
  });

  it("keeps no counters of finished windows once a new window is counted", async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 13, 0, 0));
    const limiter = makeLimiter({ limit: 5, now: clock.now });
    await limiter.hit("old-window");
    clock.advance(120_000);
    await limiter.hit("new-window");
    // The finished window's counter is gone: a clock set back to that window starts at 1 again.
    clock.advance(-120_000);
    expect((await limiter.hit("old-window")).remaining).toBe(4);
  });
});

describe.each(STORES)("rateLimit option over HTTP, two servers on one %s database", (kind) => {
  const registry = createDefaultRegistry();
  let servers: RunningServer[] = [];
  let cleanup: () => Promise<void> = async () => {};
  /** An hour-long window: a test run never straddles two windows by chance. */
  const WINDOW_MS = 3_600_000;
  const LIMIT = 4;

  beforeAll(async () => {
    const limiters: RateLimiter[] = [];
    const stores: { close(): Promise<void> }[] = [];
    if (kind === "memory") {
      limiters.push(new MemoryRateLimiter({ limit: LIMIT, windowMs: WINDOW_MS }));
    } else if (kind === "sqlite") {
      const dir = mkdtempSync(join(tmpdir(), "scimkit-rate-http-"));
      for (let i = 0; i < 2; i++) {
        const store = new SqliteStore({ filename: join(dir, "scim.db"), registry });
        stores.push(store);
        limiters.push(new SqliteRateLimiter(store.database, { limit: LIMIT, windowMs: WINDOW_MS }));
      }
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const database = await createTestSchema("scim_rate_http");
      await migratePostgres(database.pool, database.schema);
      const pools = [0, 1].map(() => new pg.Pool({ connectionString: PG_TEST_URL, max: 3 }));
      for (const pool of pools)
        limiters.push(
          new PostgresRateLimiter({ pool, schema: database.schema, limit: LIMIT, windowMs: WINDOW_MS }),
        );
      cleanup = async () => {
        await Promise.all(pools.map((pool) => pool.end()));
        await database.drop();
      };
    }
    // Memory has nothing to share: both servers use one limiter, as one process would.
    const limiterOf = (index: number) => limiters[index] ?? (limiters[0] as RateLimiter);
    servers = await Promise.all(
      [0, 1].map((index) =>
        startServer(index === 0 ? "express" : "fetch", {
          registry,
          authenticate: (request) => {
            const header = request.headers.get("authorization");
            if (header === "Bearer alpha") return { principal: "token-alpha", tenantId: "acme" };
            if (header === "Bearer beta") return { principal: "token-beta", tenantId: "acme" };
            throw new AuthenticationError("unknown credential");
          },
          rateLimit: { limiter: limiterOf(index) },
        }),
      ),
    );
    const closeStores = cleanup;
    cleanup = async () => {
      await Promise.all(stores.map((store) => store.close()));
      await closeStores();
    };
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await cleanup();
  });

  it("the credential's requests over the limit, on either server, get 429 with Retry-After and a SCIM error", async () => {
    const [first, second] = servers as [RunningServer, RunningServer];
    const alpha = { Authorization: "Bearer alpha" };
    const statuses = [];
    for (let i = 0; i < LIMIT; i++)
      statuses.push(
        (await call((i % 2 === 0 ? first : second).baseUrl, "GET", "/Users", undefined, alpha)).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200]);
    for (const server of servers) {
      const limited = await call(server.baseUrl, "GET", "/Users", undefined, alpha);
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
      expect(limited.headers.get("content-type")).toContain("application/scim+json");
      expect(limited.body).toMatchObject({ schemas: [ERROR], status: "429" });
      expect(limited.body.detail).toMatch(/too many requests/);
    }
    // Another credential of the same tenant has its own count; a bad credential is a 401, not counted.
    expect(
      (await call(second.baseUrl, "GET", "/Users", undefined, { Authorization: "Bearer beta" })).status,
    ).toBe(200);
    const anonymous = await call(first.baseUrl, "GET", "/Users", undefined, { Authorization: "Bearer nope" });
    expect(anonymous.status).toBe(401);
  });
});
