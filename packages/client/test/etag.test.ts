import { afterEach, describe, expect, it } from "vitest";
import { conditionalHeaders } from "../src/etag.js";
import { createScimClient, versionOf } from "../src/index.js";
import { type HttpTestServer, startHttpTestServer } from "./support/http-test-server.js";

let server: HttpTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("ETags (RFC 7644 §3.14)", () => {
  it("copies the ETag header into meta.version when the body has none", async () => {
    server = await startHttpTestServer(() => ({
      status: 200,
      headers: { etag: 'W/"e180ee84f0671b1"' },
      body: { schemas: [], id: "u1", userName: "b", meta: { resourceType: "User" } },
    }));
    const client = createScimClient({ baseUrl: server.baseUrl });
    const user = await client.users.get("u1");
    expect(user.meta).toEqual({ resourceType: "User", version: 'W/"e180ee84f0671b1"' });
    expect(versionOf(user)).toBe('W/"e180ee84f0671b1"');
  });

  it("keeps meta.version from the body when both are present", async () => {
    server = await startHttpTestServer(() => ({
      status: 200,
      headers: { etag: 'W/"header"' },
      body: { schemas: [], id: "u1", userName: "b", meta: { version: 'W/"body"' } },
    }));
    const client = createScimClient({ baseUrl: server.baseUrl });
    expect(versionOf(await client.users.get("u1"))).toBe('W/"body"');
  });

  it("sends If-Match on replace, patch and delete, taken from a string or a resource", async () => {
    server = await startHttpTestServer((request) => ({
      status: request.method === "DELETE" ? 204 : 200,
      body: request.method === "DELETE" ? undefined : { schemas: [], id: "u1", userName: "b" },
    }));
    const client = createScimClient({ baseUrl: server.baseUrl });
    const read = { schemas: [], id: "u1", userName: "b", meta: { version: 'W/"7"' } };
    await client.users.replace("u1", read, { ifMatch: read });
    await client.users.patch("u1").replace("active", true).send({ ifMatch: 'W/"8"' });
    await client.users.delete("u1", { ifMatch: 'W/"9"' });
    expect(server.requests.map((request) => request.headers["if-match"])).toEqual([
      'W/"7"',
      'W/"8"',
      'W/"9"',
    ]);
  });

  it("refuses a conditional request from a resource without a version instead of sending it unconditionally", () => {
    expect(() => conditionalHeaders({ ifMatch: { schemas: [], id: "u1" } })).toThrow(/no meta.version/);
    expect(conditionalHeaders({})).toEqual({});
  });
});

describe("request plumbing", () => {
  it("an AbortSignal cancels the request", async () => {
    server = await startHttpTestServer(() => ({ status: 200, body: {}, delayMs: 2000 }));
    const client = createScimClient({ baseUrl: server.baseUrl, retry: false });
    const controller = new AbortController();
    const pending = client.users.get("u1", { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("without a token no Authorization header is sent", async () => {
    server = await startHttpTestServer(() => ({
      status: 200,
      body: { schemas: [], id: "u1", userName: "x" },
    }));
    const client = createScimClient({ baseUrl: server.baseUrl, token: undefined });
    await client.users.get("u1");
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it("ids are percent-encoded into the path", async () => {
    server = await startHttpTestServer(() => ({
      status: 200,
      body: { schemas: [], id: "a/b c", userName: "x" },
    }));
    const client = createScimClient({ baseUrl: server.baseUrl });
    await client.users.get("a/b c");
    expect(server.requests[0].url).toBe("/scim/v2/Users/a%2Fb%20c");
  });

  it("attributes and excludedAttributes go into the query as comma-separated lists (RFC 7644 §3.9)", async () => {
    server = await startHttpTestServer(() => ({
      status: 200,
      body: { schemas: [], id: "u1", userName: "x" },
    }));
    const client = createScimClient({ baseUrl: server.baseUrl });
    await client.users.get("u1", {
      attributes: ["userName", "name.givenName"],
      excludedAttributes: ["emails"],
    });
    const url = new URL(server.requests[0].url, "http://x");
    expect(url.searchParams.get("attributes")).toBe("userName,name.givenName");
    expect(url.searchParams.get("excludedAttributes")).toBe("emails");
  });
});
