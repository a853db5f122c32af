import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADAPTERS,
  call,
  createUser,
  isScimError,
  PATCH_OP,
  type RunningServer,
  startServer,
  USER,
} from "./harness.js";

describe.each(ADAPTERS)("versioning over %s (RFC 7644 §3.14)", (adapter) => {
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer(adapter);
    base = server.baseUrl;
  });
  afterAll(() => server.close());

  it("every resource response carries an ETag equal to meta.version", async () => {
    const user = await createUser(base, "etagged");
    const fetched = await call(base, "GET", `/Users/${user.id}`);
    expect(fetched.headers.get("etag")).toBe(user.meta.version);
    expect(fetched.body.meta.version).toBe(user.meta.version);
  });

  it("If-None-Match with the current ETag gives 304 without a body; a stale one gives 200", async () => {
    const user = await createUser(base, "cached");
    const notModified = await call(base, "GET", `/Users/${user.id}`, undefined, {
      "If-None-Match": user.meta.version,
    });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe("");
    expect(notModified.headers.get("etag")).toBe(user.meta.version);
    const stale = await call(base, "GET", `/Users/${user.id}`, undefined, { "If-None-Match": 'W/"stale"' });
    expect(stale.status).toBe(200);
  });

  it("PUT with a stale If-Match is 412 and changes nothing; the current one succeeds", async () => {
    const user = await createUser(base, "put-cas");
    const body = { schemas: [USER], userName: "put-cas", title: "one" };
    const first = await call(base, "PUT", `/Users/${user.id}`, body, { "If-Match": user.meta.version });
    expect(first.status).toBe(200);
    const stale = await call(
      base,
      "PUT",
      `/Users/${user.id}`,
      { ...body, title: "two" },
      { "If-Match": user.meta.version },
    );
    expect(isScimError(stale, 412)).toBe(true);
    expect((await call(base, "GET", `/Users/${user.id}`)).body.title).toBe("one");
  });

  it("PATCH with a stale If-Match is 412", async () => {
    const user = await createUser(base, "patch-cas");
    await call(base, "PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "title", value: "x" }],
    });
    const stale = await call(
      base,
      "PATCH",
      `/Users/${user.id}`,
      { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "y" }] },
      { "If-Match": user.meta.version },
    );
    expect(isScimError(stale, 412)).toBe(true);
  });

  it("DELETE with a stale If-Match is 412; with * it deletes", async () => {
    const user = await createUser(base, "delete-cas");
    const stale = await call(base, "DELETE", `/Users/${user.id}`, undefined, { "If-Match": 'W/"nope"' });
    expect(isScimError(stale, 412)).toBe(true);
    const any = await call(base, "DELETE", `/Users/${user.id}`, undefined, { "If-Match": "*" });
    expect(any.status).toBe(204);
  });

  it("If-Match with a list of ETags succeeds when one is current", async () => {
    const user = await createUser(base, "list-cas");
    const response = await call(
      base,
      "PUT",
      `/Users/${user.id}`,
      { schemas: [USER], userName: "list-cas", title: "listed" },
      { "If-Match": `W/"other", ${user.meta.version}` },
    );
    expect(response.status).toBe(200);
  });
});

describe.each(ADAPTERS)("PATCH answered with 204 over %s (RFC 7644 §3.5.2)", (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter, { patchResponse: "noContent" });
  });
  afterAll(() => server.close());

  it("204 with the new ETag; attributes in the query still get the resource", async () => {
    const base = server.baseUrl;
    const user = await createUser(base, "no-content");
    const patch = { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "t" }] };
    const response = await call(base, "PATCH", `/Users/${user.id}`, patch);
    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    const current = await call(base, "GET", `/Users/${user.id}`);
    expect(response.headers.get("etag")).toBe(current.body.meta.version);
    const asked = await call(base, "PATCH", `/Users/${user.id}?attributes=title`, {
      ...patch,
      Operations: [{ op: "replace", path: "title", value: "u" }],
    });
    expect(asked.status).toBe(200);
    expect(asked.body.title).toBe("u");
  });
});
