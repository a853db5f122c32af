import { randomBytes } from "node:crypto";
import { createDefaultRegistry } from "@scimkit/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
