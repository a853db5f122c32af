import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationError } from "../../src/http/authentication-error.js";
import {
  ADAPTERS,
  BULK_REQUEST,
  call,
  isScimError,
  PATCH_OP,
  type RunningServer,
  SEARCH_REQUEST,
  startServer,
  USER,
} from "./harness.js";

describe.each(ADAPTERS)("read-only credentials over %s (RFC 6750 §3.1 insufficient_scope)", (adapter) => {
  let server: RunningServer;
  let userId: string;
  beforeAll(async () => {
    server = await startServer(adapter, {
      authenticate: (request) => {
        const header = request.headers.get("authorization");
        if (header === "Bearer writer") return { principal: "writer", scope: "write" };
        if (header === "Bearer reader") return { principal: "reader", scope: "read" };
        throw new AuthenticationError("no");
      },
    });
    const created = await call(
      server.baseUrl,
      "POST",
      "/Users",
      { schemas: [USER], userName: "target" },
      {
        Authorization: "Bearer writer",
      },
    );
    userId = created.body.id;
  });
  afterAll(() => server.close());
  const reader = { Authorization: "Bearer reader" };

  it("GET, list, filter and POST /.search are allowed", async () => {
    expect((await call(server.baseUrl, "GET", `/Users/${userId}`, undefined, reader)).status).toBe(200);
    expect(
      (await call(server.baseUrl, "GET", "/Users?filter=userName%20eq%20%22target%22", undefined, reader))
        .body.totalResults,
    ).toBe(1);
    const search = { schemas: [SEARCH_REQUEST], filter: 'userName eq "target"' };
    expect((await call(server.baseUrl, "POST", "/Users/.search", search, reader)).body.totalResults).toBe(1);
    expect((await call(server.baseUrl, "POST", "/.search", search, reader)).body.totalResults).toBe(1);
    expect((await call(server.baseUrl, "GET", "/ServiceProviderConfig", undefined, reader)).status).toBe(200);
  });

  it("a search is a read in any letter case of its path, as the router matches it (RFC 7644 §3.4.3)", async () => {
    const search = { schemas: [SEARCH_REQUEST], filter: 'userName eq "target"' };
    for (const path of ["/Users/.SEARCH", "/users/.Search", "/.SEARCH", "/USERS/.search"]) {
      const response = await call(server.baseUrl, "POST", path, search, reader);
      expect(response.status, path).toBe(200);
      expect(response.body.totalResults, path).toBe(1);
    }
  });

  it('every write answers 403 with WWW-Authenticate error="insufficient_scope" and changes nothing', async () => {
    const writes: [string, string, unknown][] = [
      ["POST", "/Users", { schemas: [USER], userName: "sneaky" }],
      ["PUT", `/Users/${userId}`, { schemas: [USER], userName: "renamed" }],
      [
        "PATCH",
        `/Users/${userId}`,
        { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "userName", value: "x" }] },
      ],
      ["DELETE", `/Users/${userId}`, undefined],
      [
        "POST",
        "/Bulk",
        { schemas: [BULK_REQUEST], Operations: [{ method: "DELETE", path: `/Users/${userId}` }] },
      ],
    ];
    for (const [method, path, body] of writes) {
      const response = await call(server.baseUrl, method, path, body, reader);
      expect(isScimError(response, 403), `${method} ${path}`).toBe(true);
      expect(response.headers.get("www-authenticate")).toMatch(
        /^Bearer realm="scim", error="insufficient_scope"/,
      );
    }
    const after = await call(server.baseUrl, "GET", `/Users/${userId}`, undefined, reader);
    expect(after.body.userName).toBe("target");
    expect((await call(server.baseUrl, "GET", "/Users", undefined, reader)).body.totalResults).toBe(1);
  });
});
