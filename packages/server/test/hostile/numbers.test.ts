/**
 * Issue 11 item 3: integer parameters out of range never reach SQL. RFC 7644 §3.4.2.4 gives
 * `startIndex` and `count` as integers; a value past what a store can hold is clamped at the HTTP
 * boundary (a startIndex past the end is an empty page), text that is no decimal number is a 400.
 */
import { createDefaultRegistry } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BULK_REQUEST,
  call,
  createUser,
  isScimError,
  LIST_RESPONSE,
  type RunningServer,
  SEARCH_REQUEST,
  startServer,
} from "../http/harness.js";
import { openTestStore, STORE_KINDS, type TestStore } from "./stores.js";

const HUGE = ["1e20", "9223372036854775807", "1e308", "18446744073709551616", "-9223372036854775809"];

describe.each(STORE_KINDS)("integer parameters out of range on the %s store", (kind) => {
  let server: RunningServer;
  let storage: TestStore;
  beforeAll(async () => {
    const registry = createDefaultRegistry();
    storage = await openTestStore(kind, registry);
    server = await startServer("express", { registry, store: storage.store });
    await createUser(server.baseUrl, "first");
    await createUser(server.baseUrl, "second");
  });
  afterAll(async () => {
    await server?.close();
    await storage?.close();
  });

  it.each(HUGE)("GET /Users?startIndex=%s is a page, never a 500", async (value) => {
    const response = await call(server.baseUrl, "GET", `/Users?startIndex=${value}`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.schemas).toEqual([LIST_RESPONSE]);
    expect(response.body.totalResults).toBe(2);
    // A start past the end is an empty page; a negative one reads as 1 (RFC 7644 §3.4.2.4).
    expect(response.body.Resources).toHaveLength(value.startsWith("-") ? 2 : 0);
    expect(Number.isSafeInteger(response.body.startIndex)).toBe(true);
  });

  it.each(HUGE)("GET /Users?count=%s is capped, never a 500", async (value) => {
    const response = await call(server.baseUrl, "GET", `/Users?count=${value}&startIndex=${value}`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.totalResults).toBe(2);
  });

  it.each(HUGE)("POST /.search with startIndex and count %s is a page, never a 500", async (value) => {
    for (const path of ["/Users/.search", "/.search"]) {
      for (const startIndex of [Number(value), value]) {
        const response = await call(server.baseUrl, "POST", path, {
          schemas: [SEARCH_REQUEST],
          startIndex,
          count: Number(value),
        });
        expect(response.status, `${path} ${response.text}`).toBe(200);
        expect(response.body.schemas).toEqual([LIST_RESPONSE]);
      }
    }
  });

  it("a body's startIndex written 1e308 in JSON text is clamped too", async () => {
    const text = `{"schemas":["${SEARCH_REQUEST}"],"startIndex":1e308,"count":9223372036854775807}`;
    const response = await call(server.baseUrl, "POST", "/Users/.search", text);
    expect(response.status, response.text).toBe(200);
    expect(response.body.Resources).toEqual([]);
  });

  it.each(["1e400", "Infinity", "0x10", "1.5", "12abc", "NaN"])(
    "startIndex=%s is no integer: 400 invalidValue",
    async (value) => {
      const response = await call(server.baseUrl, "GET", `/Users?startIndex=${encodeURIComponent(value)}`);
      expect(isScimError(response, 400, "invalidValue"), response.text).toBe(true);
    },
  );

  it("Bulk failOnErrors 1e308 is accepted as 'never stop', never a 500", async () => {
    const response = await call(server.baseUrl, "POST", "/Bulk", {
      schemas: [BULK_REQUEST],
      failOnErrors: 1e308,
      Operations: [{ method: "DELETE", path: "/Users/missing" }],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.Operations[0].status).toBe("404");
  });
});
