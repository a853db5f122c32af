import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry } from "@scimkit/core";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";
import { call, isScimError, type RunningServer, startServer, USER } from "../http/harness.js";

// Several processes may share one SQLite file; a writer waits `busyTimeoutMs` for another
// process's write lock. Past that wait the database is busy, not broken: the client should retry.
describe("SQLite file locked by another process past the busy timeout", () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-sqlite-busy-"));
  const filename = join(dir, "scim.db");
  let store: SqliteStore;
  let server: RunningServer;
  let other: Database.Database;

  beforeAll(async () => {
    const registry = createDefaultRegistry();
    store = await SqliteStore.open({ filename, registry, busyTimeoutMs: 200 });
    server = await startServer("express", { registry, store });
    other = new Database(filename);
  });

  afterAll(async () => {
    other?.close();
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes answer 503 with the SCIM error JSON (RFC 9110 §15.6.4, RFC 7644 §3.12), never 500; reads go on; writes succeed once the lock is released", async () => {
    const before = await call(server.baseUrl, "POST", "/Users", { schemas: [USER], userName: "before-lock" });
    expect(before.status).toBe(201);

    // Another process (here: another connection) holds the write lock.
    other.exec("BEGIN IMMEDIATE");
    try {
      const write = await call(server.baseUrl, "POST", "/Users", {
        schemas: [USER],
        userName: "while-locked",
      });
      expect(isScimError(write, 503)).toBe(true);
      const patch = await call(server.baseUrl, "PATCH", `/Users/${before.body.id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: "title", value: "while-locked" }],
      });
      expect(isScimError(patch, 503)).toBe(true);
      // WAL: readers are not blocked by a writer.
      const read = await call(server.baseUrl, "GET", `/Users/${before.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.title).toBeUndefined();
    } finally {
      other.exec("ROLLBACK");
    }

    const after = await call(server.baseUrl, "POST", "/Users", { schemas: [USER], userName: "while-locked" });
    expect(after.status).toBe(201);
  });
});
