import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/store/memory.js";
import type { ResourceStore } from "../../src/store/store.js";
import { ADAPTERS, call, isScimError, type RunningServer, startServer, USER } from "./harness.js";

/** A store whose list() has a bug: the server must answer 500 without leaking it. */
class BrokenStore extends MemoryStore implements ResourceStore {
  override async list(): Promise<never> {
    throw new TypeError("cannot read properties of undefined (reading 'secretInternalField')");
  }
}

describe.each(ADAPTERS)("errors over %s (RFC 7644 §3.12)", (adapter) => {
  let server: RunningServer;
  let base: string;
  const logged: string[] = [];
  beforeAll(async () => {
    server = await startServer(adapter, {
      store: new BrokenStore(),
      limits: { maxBodyBytes: 2048 },
      logger: { error: (message, details) => logged.push(`${message} ${JSON.stringify(details)}`) },
    });
    base = server.baseUrl;
  });
  afterAll(() => server.close());

  it("malformed JSON is 400 invalidSyntax", async () => {
    const response = await call(base, "POST", "/Users", '{"schemas": [');
    expect(isScimError(response, 400, "invalidSyntax")).toBe(true);
  });

  it("a JSON array instead of an object is 400 invalidSyntax", async () => {
    expect(isScimError(await call(base, "POST", "/Users", "[1,2]"), 400, "invalidSyntax")).toBe(true);
  });

  it("an unsupported Content-Type is 415 with a SCIM error body", async () => {
    const response = await call(base, "POST", "/Users", "userName=x", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(isScimError(response, 415)).toBe(true);
  });

  it("an unknown resource type is 404 (RFC 7644 §3.12)", async () => {
    expect(isScimError(await call(base, "GET", "/Printers"), 404)).toBe(true);
    expect(isScimError(await call(base, "GET", "/Users/x/y"), 404)).toBe(true);
  });

  it("an unsupported method is 405 with Allow", async () => {
    const response = await call(base, "DELETE", "/Users");
    expect(isScimError(response, 405)).toBe(true);
    expect(response.headers.get("allow")).toBe("GET, POST");
    const put = await call(base, "PUT", "/Bulk", {});
    expect(isScimError(put, 405)).toBe(true);
  });

  it("an oversized body is 413 (RFC 7644 §3.12)", async () => {
    const response = await call(base, "POST", "/Users", { schemas: [USER], userName: "x".repeat(4096) });
    expect(isScimError(response, 413)).toBe(true);
  });

  it("a thrown bug is a 500 SCIM error without internals, and it is logged", async () => {
    const response = await call(base, "GET", "/Users");
    expect(isScimError(response, 500)).toBe(true);
    expect(response.text).not.toContain("secretInternalField");
    expect(response.text).not.toMatch(/at .*\.ts/);
    expect(logged.some((line) => line.includes("secretInternalField"))).toBe(true);
  });

  it("/Me is 501 when not supported (RFC 7644 §3.11)", async () => {
    expect(isScimError(await call(base, "GET", "/Me"), 501)).toBe(true);
  });

  it("a path outside the base path is 404", async () => {
    const outside = base.replace(/\/scim\/v2$/, "");
    const response = await fetch(`${outside}/scim/v3/Users`);
    expect(response.status).toBe(404);
  });
});

describe.each(ADAPTERS)("unknownAttributes: ignore over %s", (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter, { unknownAttributes: "ignore" });
  });
  afterAll(() => server.close());

  it("drops attributes no schema defines instead of rejecting them", async () => {
    const response = await call(server.baseUrl, "POST", "/Users", {
      schemas: [USER],
      userName: "lenient",
      shoeSize: 9,
    });
    expect(response.status).toBe(201);
    expect(response.body.shoeSize).toBeUndefined();
  });
});
