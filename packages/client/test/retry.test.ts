import { afterEach, describe, expect, it } from "vitest";
import { createScimClient, ScimClientError, ScimNetworkError, ScimTimeoutError } from "../src/index.js";
import { backoffDelay, resolveRetryOptions } from "../src/retry.js";
import { type HttpTestServer, scimError, startHttpTestServer } from "./support/http-test-server.js";

const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: "u1", userName: "bjensen" };
// Keep computed backoff short so the suite stays fast; Retry-After waits are what is measured.
const fastRetry = { baseDelay: 5, jitter: false };

let server: HttpTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("retry policy", () => {
  it("defaults: 2 retries on 429/502/503/504, POST and PATCH not retried", () => {
    const options = resolveRetryOptions(undefined);
    expect(options.limit).toBe(2);
    expect(options.statusCodes).toEqual([429, 502, 503, 504]);
    expect(options.retryNonIdempotent).toBe(false);
    expect(resolveRetryOptions(5).limit).toBe(5);
    expect(resolveRetryOptions(false).limit).toBe(0);
    expect(resolveRetryOptions({ limit: 4 }, { retryNonIdempotent: true })).toMatchObject({
      limit: 4,
      retryNonIdempotent: true,
    });
  });

  it("backoff doubles per attempt, is capped, and full jitter stays within [0, backoff]", () => {
    const options = resolveRetryOptions({ baseDelay: 100, backoffLimit: 350, jitter: false });
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, options))).toEqual([100, 200, 350, 350]);
    const jittered = resolveRetryOptions({ baseDelay: 100, jitter: true });
    expect(backoffDelay(3, jittered, () => 0.5)).toBe(200);
    expect(backoffDelay(3, jittered, () => 0)).toBe(0);
  });
});

describe("retries over HTTP", () => {
  it("RFC 6585 §4: retries a 429 after the Retry-After seconds and then succeeds", async () => {
    server = await startHttpTestServer((_request, index) =>
      index === 0
        ? { ...scimError(429, undefined, "slow down"), headers: { "retry-after": "1" } }
        : { status: 200, body: user },
    );
    const client = createScimClient({ baseUrl: server.baseUrl, token: "t", retry: fastRetry });
    const started = performance.now();
    const result = await client.users.get("u1");
    const waited = performance.now() - started;
    expect(result.userName).toBe("bjensen");
    expect(server.requests).toHaveLength(2);
    // The computed backoff would be 5 ms; only Retry-After explains a wait of about a second.
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    server = await startHttpTestServer((_request, index) =>
      index === 0
        ? { status: 503, headers: { "retry-after": new Date(Date.now() + 1500).toUTCString() } }
        : { status: 200, body: user },
    );
    const client = createScimClient({ baseUrl: server.baseUrl, retry: fastRetry });
    const started = performance.now();
    await client.users.get("u1");
    // HTTP dates have one-second resolution, so the wait is between ~0.5 s and 1.5 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    expect(server.requests).toHaveLength(2);
  });

  it("caps a long Retry-After at maxRetryAfter", async () => {
    server = await startHttpTestServer((_request, index) =>
      index === 0 ? { status: 429, headers: { "retry-after": "3600" } } : { status: 200, body: user },
    );
    const client = createScimClient({ baseUrl: server.baseUrl, retry: { ...fastRetry, maxRetryAfter: 50 } });
    const started = performance.now();
    await client.users.get("u1");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([502, 503, 504])(
    "retries GET on %i up to the limit, then throws ScimClientError",
    async (status) => {
      server = await startHttpTestServer(() => scimError(status, undefined, "upstream down"));
      const client = createScimClient({ baseUrl: server.baseUrl, retry: { ...fastRetry, limit: 3 } });
      const error = await client.users.get("u1").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ScimClientError);
      expect((error as ScimClientError).status).toBe(status);
      expect(server.requests).toHaveLength(4);
    },
  );

  it("does not retry statuses outside the policy (500, 400)", async () => {
    server = await startHttpTestServer((_request, index) =>
      scimError(index === 0 ? 500 : 400, undefined, "no"),
    );
    const client = createScimClient({ baseUrl: server.baseUrl, retry: fastRetry });
    await expect(client.users.get("u1")).rejects.toMatchObject({ status: 500 });
    expect(server.requests).toHaveLength(1);
  });

  it("never retries POST (create) or PATCH by default: a lost response may hide a completed write", async () => {
    server = await startHttpTestServer(() => ({ status: 503, headers: { "retry-after": "0" } }));
    const client = createScimClient({ baseUrl: server.baseUrl, retry: fastRetry });
    await expect(client.users.create({ schemas: user.schemas, userName: "x" })).rejects.toMatchObject({
      status: 503,
    });
    await expect(client.users.patch("u1").replace("active", false).send()).rejects.toMatchObject({
      status: 503,
    });
    await expect(client.bulk([{ method: "DELETE", path: "/Users/u1" }])).rejects.toMatchObject({
      status: 503,
    });
    expect(server.requests.map((request) => request.method)).toEqual(["POST", "PATCH", "POST"]);
  });

  it("retries POST and PATCH when asked with retryNonIdempotent (per call or per client)", async () => {
    server = await startHttpTestServer((_request, index) =>
      index % 2 === 0 ? { status: 503, headers: { "retry-after": "0" } } : { status: 201, body: user },
    );
    const perCall = createScimClient({ baseUrl: server.baseUrl, retry: fastRetry });
    await perCall.users.create(
      { schemas: user.schemas, userName: "x" },
      { retry: { retryNonIdempotent: true } },
    );
    const perClient = createScimClient({
      baseUrl: server.baseUrl,
      retry: { ...fastRetry, retryNonIdempotent: true },
    });
    await perClient.users.patch("u1", [{ op: "replace", path: "active", value: false }]);
    expect(server.requests.map((request) => request.method)).toEqual(["POST", "POST", "PATCH", "PATCH"]);
  });

  it("RFC 7644 §3.4.3: POST /.search is a query, so it is retried like a GET", async () => {
    server = await startHttpTestServer((_request, index) =>
      index === 0
        ? { status: 429, headers: { "retry-after": "0" } }
        : { status: 200, body: { totalResults: 0, Resources: [] } },
    );
    const client = createScimClient({ baseUrl: server.baseUrl, retry: fastRetry });
    await client.users.search({ filter: 'userName eq "x"' });
    expect(server.requests.map((request) => request.url)).toEqual([
      "/scim/v2/Users/.search",
      "/scim/v2/Users/.search",
    ]);
  });

  it("retry: false sends exactly one request", async () => {
    server = await startHttpTestServer(() => ({ status: 429, headers: { "retry-after": "0" } }));
    const client = createScimClient({ baseUrl: server.baseUrl, retry: false });
    await expect(client.users.get("u1")).rejects.toMatchObject({ status: 429 });
    expect(server.requests).toHaveLength(1);
  });

  it("asks getToken again for every attempt, so a refreshed token is used on the retry", async () => {
    server = await startHttpTestServer((_request, index) =>
      index === 0 ? { status: 503, headers: { "retry-after": "0" } } : { status: 200, body: user },
    );
    let issued = 0;
    const client = createScimClient({
      baseUrl: server.baseUrl,
      retry: fastRetry,
      getToken: async () => `token-${++issued}`,
    });
    await client.users.get("u1");
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
    ]);
  });
});

describe("network failures and timeouts", () => {
  it("a refused connection is a ScimNetworkError, not a ScimClientError", async () => {
    server = await startHttpTestServer(() => ({ status: 200 }));
    const baseUrl = server.baseUrl;
    await server.close();
    server = undefined;
    const client = createScimClient({ baseUrl, retry: false });
    const error = await client.users.get("u1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScimNetworkError);
    expect((error as ScimNetworkError).request).toEqual({ method: "GET", url: `${baseUrl}/Users/u1` });
  });

  it("a dropped socket is retried for GET and surfaces as ScimNetworkError at the end", async () => {
    server = await startHttpTestServer(() => ({ status: 200, destroy: true }));
    const client = createScimClient({ baseUrl: server.baseUrl, retry: { ...fastRetry, limit: 1 } });
    await expect(client.users.get("u1")).rejects.toBeInstanceOf(ScimNetworkError);
    expect(server.requests).toHaveLength(2);
  });

  it("a slow service is a ScimTimeoutError carrying the timeout", async () => {
    server = await startHttpTestServer(() => ({ status: 200, body: user, delayMs: 500 }));
    const client = createScimClient({ baseUrl: server.baseUrl, timeout: 100, retry: false });
    const error = await client.users.get("u1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScimTimeoutError);
    expect((error as ScimTimeoutError).timeout).toBe(100);
  });

  it("retries a timeout only with retryOnTimeout", async () => {
    server = await startHttpTestServer((_request, index) => ({
      status: 200,
      body: user,
      delayMs: index === 0 ? 500 : 0,
    }));
    const client = createScimClient({
      baseUrl: server.baseUrl,
      timeout: 100,
      retry: { ...fastRetry, retryOnTimeout: true },
    });
    await expect(client.users.get("u1")).resolves.toMatchObject({ id: "u1" });
    expect(server.requests).toHaveLength(2);
  });
});
