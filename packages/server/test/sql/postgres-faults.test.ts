import { randomBytes } from "node:crypto";
import { createDefaultRegistry } from "@scimkit/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TENANT } from "../../src/context.js";
import { PostgresStore } from "../../src/store/sql/postgres/index.js";
import { TcpRelay } from "../../src/testing/tcp-relay.js";
import { call, isScimError, type RunningServer, startServer, USER } from "../http/harness.js";
import { createTestSchema, PG_TEST_URL, type TestSchema } from "./pg-test-schema.js";

const target = new URL(PG_TEST_URL);

/** Polls `condition` until it holds; fails after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `call`, timed. */
async function timedCall(baseUrl: string, method: string, path: string, body?: unknown) {
  const started = Date.now();
  const exchange = await call(baseUrl, method, path, body);
  return { exchange, elapsedMs: Date.now() - started };
}

describe("PostgreSQL behind a silent network: every wait ends at the configured timeout", () => {
  const queryTimeoutMs = 3_000;
  const connectTimeoutMs = 1_000;
  let schema: TestSchema;
  let relay: TcpRelay;
  let store: PostgresStore;
  let server: RunningServer;

  beforeAll(async () => {
    schema = await createTestSchema("stall");
    relay = await TcpRelay.start({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(PG_TEST_URL);
    url.port = String(relay.port);
    const registry = createDefaultRegistry();
    store = await PostgresStore.open({
      connectionString: url.toString(),
      schema: schema.schema,
      registry,
      maxConnections: 4,
      connectTimeoutMs,
      queryTimeoutMs,
    });
    server = await startServer("express", { registry, store });
  });

  afterAll(async () => {
    await server?.close();
    relay?.restore();
    await store?.close();
    await relay?.close();
    await schema?.drop();
  });

  it("packets dropped, nothing reset: requests in flight (inside transactions too) and new ones answer 503 within one timeout, not two (no retry or ROLLBACK on the dead connection); then it recovers", async () => {
    const users = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        call(server.baseUrl, "POST", "/Users", { schemas: [USER], userName: `stall-${index}` }),
      ),
    );
    for (const user of users) expect(user.status).toBe(201);
    const patch = (value: string) => ({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "title", value }],
    });

    // Writers and readers keep requests in flight while the network goes silent under them.
    const answers: { status: number; elapsedMs: number; scimError: boolean; detail?: string }[] = [];
    let running = true;
    const clients = users.map(async (user, index) => {
      for (let round = 0; running; round += 1) {
        const { exchange, elapsedMs } =
          index % 3 === 2
            ? await timedCall(server.baseUrl, "GET", `/Users/${user.body.id}`)
            : await timedCall(server.baseUrl, "PATCH", `/Users/${user.body.id}`, patch(`r${round}`));
        answers.push({
          status: exchange.status,
          elapsedMs,
          scimError: isScimError(exchange, 503),
          detail: exchange.body?.detail,
        });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    relay.stall();
    await new Promise((resolve) => setTimeout(resolve, 2 * queryTimeoutMs + 1_000));
    relay.restore();
    running = false;
    await Promise.all(clients);

    const failed = answers.filter((answer) => answer.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((answer) => answer.scimError)).toBe(true);
    // At most one wait for a pool slot (connect timeout) and one statement timeout per request.
    const bound = connectTimeoutMs + queryTimeoutMs + 1_000;
    expect(Math.max(...answers.map((answer) => answer.elapsedMs))).toBeLessThan(bound);

    await until(
      async () => (await call(server.baseUrl, "GET", `/Users/${users[0]!.body.id}`)).status === 200,
    );
    // No pooled connection is left stuck behind a statement that timed out: all of them answer.
    const after = await Promise.all(
      users.map((user) => timedCall(server.baseUrl, "PATCH", `/Users/${user.body.id}`, patch("after"))),
    );
    for (const { exchange, elapsedMs } of after) {
      expect(exchange.status).toBe(200);
      expect(elapsedMs).toBeLessThan(queryTimeoutMs);
    }
    // Nothing of a request that failed was committed by a later one: each user's audit trail
    // holds exactly one event per version it reached.
    for (const { exchange } of after) {
      const entries = await store.journal!.audit({
        tenant: DEFAULT_TENANT,
        resourceId: exchange.body.id,
        limit: 1_000,
      });
      const versions = entries.map((entry) => Number(entry.version)).sort((a, b) => a - b);
      const reached = Number(exchange.body.meta.version.replace(/\D/g, ""));
      expect(versions).toEqual(Array.from({ length: reached }, (_, index) => index + 1));
    }
  });
});

describe("PostgreSQL faults: the server survives, answers 503, and recovers by itself", () => {
  let schema: TestSchema;
  let relay: TcpRelay;
  let store: PostgresStore;
  let server: RunningServer;
  const applicationName = `scimkit_faults_${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    schema = await createTestSchema("faults");
    relay = await TcpRelay.start({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(PG_TEST_URL);
    url.port = String(relay.port);
    url.searchParams.set("application_name", applicationName);
    const registry = createDefaultRegistry();
    store = await PostgresStore.open({
      connectionString: url.toString(),
      schema: schema.schema,
      registry,
      connectTimeoutMs: 1_000,
      queryTimeoutMs: 5_000,
    });
    server = await startServer("express", { registry, store });
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
    await relay?.close();
    await schema?.drop();
  });

  it("database unreachable: 503 SCIM error (never 500, never a hang), ping fails; back when it returns", async () => {
    const before = await call(server.baseUrl, "POST", "/Users", { schemas: [USER], userName: "before-cut" });
    expect(before.status).toBe(201);

    // Idle pooled connections are severed: without an `error` listener the process would exit here.
    relay.cut();
    const started = Date.now();
    const during = await call(server.baseUrl, "GET", `/Users/${before.body.id}`);
    expect(isScimError(during, 503)).toBe(true);
    expect(during.text).not.toMatch(/ECONN|terminated|stack|at /);
    const write = await call(server.baseUrl, "POST", "/Users", { schemas: [USER], userName: "during-cut" });
    expect(isScimError(write, 503)).toBe(true);
    // Bounded: the connect timeout (1 s here), far below any client's patience.
    expect(Date.now() - started).toBeLessThan(30_000);
    await expect(store.ping()).rejects.toBeDefined();

    relay.restore();
    const after = await call(server.baseUrl, "GET", `/Users/${before.body.id}`);
    expect(after.status).toBe(200);
    expect(after.body.userName).toBe("before-cut");
    await expect(store.ping()).resolves.toBeUndefined();
    const created = await call(server.baseUrl, "POST", "/Users", { schemas: [USER], userName: "after-cut" });
    expect(created.status).toBe(201);
  });

  it("connections terminated by the server (idle and in use) under write load: 201 or 503 only, no acknowledged write lost", async () => {
    const admin = new pg.Pool({ connectionString: PG_TEST_URL, max: 1 });
    const terminate = () =>
      admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [
        applicationName,
      ]);
    try {
      const statuses: number[] = [];
      const acknowledged: string[] = [];
      const writes = Array.from({ length: 120 }, async (_, index) => {
        const userName = `load-${index}`;
        const response = await call(server.baseUrl, "POST", "/Users", { schemas: [USER], userName });
        statuses.push(response.status);
        if (response.status === 201) acknowledged.push(response.body.id);
        else expect(isScimError(response, 503)).toBe(true);
      });
      // "terminating connection due to administrator command" (57P01), repeatedly, mid-load.
      for (let round = 0; round < 5; round += 1) {
        await terminate();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await Promise.all(writes);
      expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);

      // Recovered without a restart (pooled connections the server ended are replaced as their
      // termination notices arrive); every acknowledged write is stored.
      await terminate();
      await until(async () => (await call(server.baseUrl, "GET", "/Users?count=1")).status === 200);
      for (const id of acknowledged) {
        const read = await call(server.baseUrl, "GET", `/Users/${id}`);
        expect(read.status).toBe(200);
      }
    } finally {
      await admin.end();
    }
  });
});
