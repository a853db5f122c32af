import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestOutcome } from "../../src/config.js";
import { AuthenticationError } from "../../src/http/authentication-error.js";
import { isWellFormedRequestId } from "../../src/http/request-id.js";
import { ADAPTERS, call, type RunningServer, startServer, USER } from "./harness.js";

describe("isWellFormedRequestId", () => {
  it("keeps 1 to 128 characters of [A-Za-z0-9._:-] and nothing else", () => {
    for (const good of ["a", "req-1", "0f8e.A:b_c-d", "x".repeat(128)])
      expect(isWellFormedRequestId(good)).toBe(true);
    for (const bad of [
      "",
      "x".repeat(129),
      "has space",
      'quote"',
      "new\nline",
      "ünïcode",
      "semi;colon",
      "a/b",
    ])
      expect(isWellFormedRequestId(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe.each(ADAPTERS)("X-Request-Id over %s", (adapter) => {
  let server: RunningServer;
  const outcomes: RequestOutcome[] = [];
  beforeAll(async () => {
    server = await startServer(adapter, {
      authenticate: (request) => {
        if (request.headers.get("authorization") !== "Bearer ok") throw new AuthenticationError("no");
        return { principal: "tester", tenantId: "t1" };
      },
      onResponse: (outcome) => {
        outcomes.push(outcome);
      },
    });
  });
  afterAll(() => server.close());
  const auth = { Authorization: "Bearer ok" };

  it("a well-formed incoming id is kept and echoed, on success and on errors", async () => {
    const ok = await call(server.baseUrl, "GET", "/Users", undefined, {
      ...auth,
      "X-Request-Id": "abc-123:x.y_z",
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBe("abc-123:x.y_z");
    const missing = await call(server.baseUrl, "GET", "/Users/nope", undefined, {
      ...auth,
      "X-Request-Id": "r-404",
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-request-id")).toBe("r-404");
    const unauthenticated = await call(server.baseUrl, "GET", "/Users", undefined, {
      "X-Request-Id": "r-401",
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("x-request-id")).toBe("r-401");
  });

  it("a missing or malformed id is replaced by a generated one, different per request", async () => {
    const ids = new Set<string>();
    for (const given of [undefined, "has space", "x".repeat(129), 'bad"quote']) {
      const headers: Record<string, string> = given === undefined ? auth : { ...auth, "X-Request-Id": given };
      const response = await call(server.baseUrl, "GET", "/ServiceProviderConfig", undefined, headers);
      const id = response.headers.get("x-request-id") ?? "";
      expect(isWellFormedRequestId(id), id).toBe(true);
      expect(id).not.toBe(given);
      ids.add(id);
    }
    expect(ids.size).toBe(4);
  });

  it("onResponse reports id, tenant, actor, method, path (no query) and status of every request", async () => {
    outcomes.length = 0;
    await call(
      server.baseUrl,
      "POST",
      "/Users",
      { schemas: [USER], userName: "logged" },
      { ...auth, "X-Request-Id": "create-1" },
    );
    await call(server.baseUrl, "GET", "/Users?filter=userName%20eq%20%22secret%22", undefined, {
      "X-Request-Id": "anon-1",
    });
    expect(outcomes).toHaveLength(2);
    expect(outcomes[0]).toMatchObject({
      requestId: "create-1",
      method: "POST",
      path: "/scim/v2/Users",
      status: 201,
      tenantId: "t1",
      principal: "tester",
    });
    expect(outcomes[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(outcomes[1]).toMatchObject({
      requestId: "anon-1",
      method: "GET",
      path: "/scim/v2/Users",
      status: 401,
    });
    expect(outcomes[1]?.tenantId).toBeUndefined();
  });
});
