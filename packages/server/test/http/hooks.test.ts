import { ScimError } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeEvent } from "../../src/config.js";
import { AuthenticationError } from "../../src/http/authentication-error.js";
import { ADAPTERS, call, isScimError, PATCH_OP, type RunningServer, startServer, USER } from "./harness.js";

describe.each(ADAPTERS)("hooks and seams over %s", (adapter) => {
  let server: RunningServer;
  let base: string;
  const events: ChangeEvent[] = [];
  beforeAll(async () => {
    server = await startServer(adapter, {
      authenticate: (request) => {
        const header = request.headers.get("authorization");
        if (header === null) throw new AuthenticationError("missing token", 'Bearer realm="test"');
        if (header === "Bearer forbidden") throw new ScimError(403, undefined, "not allowed");
        return { principal: header.slice("Bearer ".length) };
      },
      // Tenancy seam: one tenant per principal, so each token sees its own data.
      resolveTenant: (_request, ctx) => `tenant-of-${ctx.principal}`,
      onChange: (event) => {
        events.push(event);
      },
    });
    base = server.baseUrl;
  });
  afterAll(() => server.close());

  const as = (principal: string) => ({ Authorization: `Bearer ${principal}` });

  it("authenticate runs before routing: 401 with the hook's challenge, 403 passes through", async () => {
    const missing = await call(base, "GET", "/ServiceProviderConfig");
    expect(isScimError(missing, 401)).toBe(true);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="test"');
    expect(isScimError(await call(base, "GET", "/Users", undefined, as("forbidden")), 403)).toBe(true);
  });

  it("resolveTenant isolates tenants: same userName twice, invisible to each other", async () => {
    const a = await call(base, "POST", "/Users", { schemas: [USER], userName: "shared" }, as("alpha"));
    const b = await call(base, "POST", "/Users", { schemas: [USER], userName: "shared" }, as("beta"));
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(isScimError(await call(base, "GET", `/Users/${a.body.id}`, undefined, as("beta")), 404)).toBe(
      true,
    );
    const listed = await call(base, "GET", "/Users", undefined, as("alpha"));
    expect(listed.body.Resources.map((r: { id: string }) => r.id)).toEqual([a.body.id]);
  });

  it("onChange sees each write with its tenant and principal; a no-op PATCH is not reported", async () => {
    events.length = 0;
    const created = await call(
      base,
      "POST",
      "/Users",
      { schemas: [USER], userName: "audited", active: true },
      as("gamma"),
    );
    const id = created.body.id;
    const patch = { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: true }] };
    await call(base, "PATCH", `/Users/${id}`, patch, as("gamma"));
    await call(base, "DELETE", `/Users/${id}`, undefined, as("gamma"));
    expect(events.map((e) => e.action)).toEqual(["create", "delete"]);
    expect(events[0]?.ctx.tenantId).toBe("tenant-of-gamma");
    expect(events[0]?.ctx.principal).toBe("gamma");
    expect(events[0]?.id).toBe(id);
  });
});
