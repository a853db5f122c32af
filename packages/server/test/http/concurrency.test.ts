import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADAPTERS, call, isScimError, type RunningServer, startServer, USER } from "./harness.js";

describe.each(ADAPTERS)("concurrency over %s", (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter);
  });
  afterAll(() => server.close());

  it("20 concurrent POSTs with one userName: exactly one 201 and nineteen 409s (RFC 7644 §3.3)", async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(server.baseUrl, "POST", "/Users", { schemas: [USER], userName: "racer" }),
      ),
    );
    const created = responses.filter((r) => r.status === 201);
    const conflicts = responses.filter((r) => isScimError(r, 409, "uniqueness"));
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    const listed = await call(
      server.baseUrl,
      "GET",
      `/Users?filter=${encodeURIComponent('userName eq "racer"')}`,
    );
    expect(listed.body.totalResults).toBe(1);
  });
});
