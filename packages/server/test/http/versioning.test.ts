import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADAPTERS,
  call,
  createUser,
  GROUP,
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

/** Creates a group with `members` and returns its id. */
async function createGroup(base: string, displayName: string, members: readonly string[]): Promise<string> {
  const created = await call(base, "POST", "/Groups", {
    schemas: [GROUP],
    displayName,
    members: members.map((value) => ({ value })),
  });
  expect(created.status).toBe(201);
  return String(created.body.id);
}

const addMember = (value: string) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "add", path: "members", value: [{ value }] }],
});

describe.each(ADAPTERS)("default PATCH answer policy over %s (RFC 7644 §3.5.2)", (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter);
  });
  afterAll(() => server.close());

  // RFC 7644 §3.5.2: "the server either MUST return a 200 OK response code and the entire
  // resource within the response body, subject to the "attributes" query parameter [...], or MAY
  // return HTTP status code 204 (No Content) and the appropriate response headers [...]. The
  // server MUST return a 200 OK if the "attributes" parameter is specified in the request."
  it("a group PATCH answers 204 with the new ETag, a user PATCH 200 with the resource", async () => {
    const base = server.baseUrl;
    const first = await createUser(base, "policy-member-1");
    const second = await createUser(base, "policy-member-2");
    const groupId = await createGroup(base, "policy-group", [first.id]);
    const patched = await call(base, "PATCH", `/Groups/${groupId}`, addMember(second.id));
    expect(patched.status).toBe(204);
    expect(patched.text).toBe("");
    const current = await call(base, "GET", `/Groups/${groupId}`);
    expect(patched.headers.get("etag")).toBe(current.body.meta.version);
    // GET keeps returning members (RFC 7643 §4.2 members: returned "default").
    expect(current.body.members.map((member: { value: string }) => member.value)).toEqual([
      first.id,
      second.id,
    ]);
    const user = await call(base, "PATCH", `/Users/${first.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "title", value: "t" }],
    });
    expect(user.status).toBe(200);
    expect(user.body.title).toBe("t");
  });

  it("a group PATCH with attributes or excludedAttributes answers 200 with the projected group", async () => {
    const base = server.baseUrl;
    const member = await createUser(base, "policy-asked");
    const groupId = await createGroup(base, "policy-asked-group", []);
    const asked = await call(
      base,
      "PATCH",
      `/Groups/${groupId}?excludedAttributes=members`,
      addMember(member.id),
    );
    expect(asked.status).toBe(200);
    expect(asked.body.displayName).toBe("policy-asked-group");
    expect(asked.body.members).toBeUndefined();
    const withMembers = await call(base, "PATCH", `/Groups/${groupId}?attributes=members`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "displayName", value: "policy-asked-renamed" }],
    });
    expect(withMembers.status).toBe(200);
    expect(withMembers.body.members).toEqual([expect.objectContaining({ value: member.id })]);
  });
});

describe.each(ADAPTERS)('patchResponse "resource" over %s (RFC 7644 §3.5.2)', (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter, { patchResponse: "resource" });
  });
  afterAll(() => server.close());

  // RFC 7644 §3.5.2: "the server either MUST return a 200 OK response code and the entire
  // resource within the response body".
  it("a group PATCH answers 200 with the entire group, members included", async () => {
    const base = server.baseUrl;
    const member = await createUser(base, "resource-policy");
    const groupId = await createGroup(base, "resource-policy-group", []);
    const patched = await call(base, "PATCH", `/Groups/${groupId}`, addMember(member.id));
    expect(patched.status).toBe(200);
    expect(patched.body.members).toEqual([expect.objectContaining({ value: member.id })]);
    expect(patched.headers.get("etag")).toBe(patched.body.meta.version);
  });
});

describe.each(ADAPTERS)("patchResponse per kind over %s (RFC 7644 §3.5.2)", (adapter) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(adapter, { patchResponse: { groups: "resource", others: "noContent" } });
  });
  afterAll(() => server.close());

  // RFC 7644 §3.5.2: the server "MAY return HTTP status code 204 (No Content) and the appropriate
  // response headers for a successful PATCH request".
  it("groups and other types follow their own setting", async () => {
    const base = server.baseUrl;
    const member = await createUser(base, "per-kind");
    const groupId = await createGroup(base, "per-kind-group", []);
    expect((await call(base, "PATCH", `/Groups/${groupId}`, addMember(member.id))).status).toBe(200);
    const user = await call(base, "PATCH", `/Users/${member.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "title", value: "t" }],
    });
    expect(user.status).toBe(204);
    expect(user.text).toBe("");
  });
});
