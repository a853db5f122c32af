import { randomUUID } from "node:crypto";
import { GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/audit/index.js";
import type { ChangeJournal } from "../../src/journal/change-journal.js";
import type { JournalEntry } from "../../src/journal/entry.js";
import { createScimServer, type ScimServer } from "../../src/server.js";
import { type OpenedStore, openStore, STORE_KINDS } from "./stores.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BASE = "http://scim.test/scim/v2";

describe.each(STORE_KINDS)("change journal on %s", (kind) => {
  let opened: OpenedStore;
  let scim: ScimServer;
  let journal: ChangeJournal;
  let audit: AuditLog;

  beforeAll(async () => {
    opened = await openStore(kind);
    journal = opened.store.journal!;
    audit = new AuditLog(opened.store);
    scim = createScimServer({
      registry: opened.registry,
      store: opened.store,
      basePath: "/scim/v2",
      authenticate: (request) => {
        const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "anonymous";
        return { principal: `token-${token}` };
      },
      resolveTenant: (request) => request.headers.get("x-tenant") ?? "default",
    });
  });
  afterAll(() => opened.close());

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await scim.fetch(
      new Request(`${BASE}${path}`, {
        method,
        headers: { "content-type": "application/scim+json", authorization: "Bearer t1", ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function entriesOf(resourceId: string, tenant = "default"): Promise<JournalEntry[]> {
    return journal.audit({ tenant, resourceId, limit: 1000 });
  }

  it("create, patch, replace and delete each write one entry with who, where and what (issue 12 audit fields)", async () => {
    const tenant = `t-${randomUUID()}`;
    const created = await call(
      "POST",
      "/Users",
      {
        schemas: [USER_SCHEMA],
        userName: "alice",
        active: true,
        password: "s3cret-Passw0rd",
        name: { givenName: "Alice" },
      },
      { "x-request-id": "req-create-1", "x-tenant": tenant },
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const patched = await call(
      "PATCH",
      `/Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] },
      { "x-tenant": tenant },
    );
    expect(patched.status).toBe(200);
    const replaced = await call(
      "PUT",
      `/Users/${id}`,
      { schemas: [USER_SCHEMA], userName: "alice", active: false, name: { givenName: "Alicia" } },
      { "x-tenant": tenant },
    );
    expect(replaced.status).toBe(200);
    expect((await call("DELETE", `/Users/${id}`, undefined, { "x-tenant": tenant })).status).toBe(204);

    const entries = await entriesOf(id, tenant);
    expect(entries.map((e) => e.action)).toEqual(["create", "patch", "replace", "delete"]);
    const [create, patch, replace, remove] = entries as [
      JournalEntry,
      JournalEntry,
      JournalEntry,
      JournalEntry,
    ];
    expect(create).toMatchObject({
      tenant,
      requestId: "req-create-1",
      actor: "token-t1",
      method: "POST",
      path: "/scim/v2/Users",
      resourceType: "User",
      resourceId: id,
      version: created.body.meta.version.replace(/^W\/"|"$/g, ""),
    });
    expect(create.changes).toEqual(
      expect.arrayContaining([
        { path: "userName", before: null, after: "alice" },
        { path: "name.givenName", before: null, after: "Alice" },
        // RFC 7643 §4.1.1 password is returned "never": the journal never holds it.
        { path: "password", before: null, after: "[redacted]" },
      ]),
    );
    expect(JSON.stringify(entries)).not.toContain("s3cret-Passw0rd");
    expect(patch).toMatchObject({ method: "PATCH", path: `/scim/v2/Users/${id}` });
    expect(patch.requestId).toBe(patched.headers.get("x-request-id"));
    expect(patch.changes).toEqual([{ path: "active", before: true, after: false }]);
    expect(replace.action).toBe("replace");
    expect(replace.changes).toEqual(
      expect.arrayContaining([{ path: "name.givenName", before: "Alice", after: "Alicia" }]),
    );
    // PUT without the password removes it; the removal is recorded, redacted.
    expect(replace.changes).toEqual(
      expect.arrayContaining([{ path: "password", before: "[redacted]", after: null }]),
    );
    expect(remove).toMatchObject({ action: "delete", method: "DELETE", version: null });
    expect(remove.changes).toEqual(
      expect.arrayContaining([{ path: "userName", before: "alice", after: null }]),
    );
  });

  it("writes nothing for a PATCH that changes nothing or a write that fails", async () => {
    const tenant = `t-${randomUUID()}`;
    const headers = { "x-tenant": tenant };
    const created = await call(
      "POST",
      "/Users",
      { schemas: [USER_SCHEMA], userName: "bob", active: true },
      headers,
    );
    const id = created.body.id as string;
    const noop = { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: true }] };
    expect((await call("PATCH", `/Users/${id}`, noop, headers)).status).toBe(200);
    expect((await call("POST", "/Users", { schemas: [USER_SCHEMA], userName: "BOB" }, headers)).status).toBe(
      409,
    );
    const stale = { ...headers, "if-match": 'W/"nope"' };
    expect((await call("DELETE", `/Users/${id}`, undefined, stale)).status).toBe(412);
    const all = await journal.audit({ tenant, limit: 100 });
    expect(all.map((e) => [e.action, e.resourceId])).toEqual([["create", id]]);
  });

  it("membership changes are recorded per member, at the cost of the delta (issue 14)", async () => {
    const tenant = `t-${randomUUID()}`;
    const headers = { "x-tenant": tenant };
    const members = Array.from({ length: 2000 }, () => ({ value: randomUUID(), type: "User" }));
    const group = await call(
      "POST",
      "/Groups",
      { schemas: [GROUP_SCHEMA], displayName: "Big", members },
      headers,
    );
    expect(group.status).toBe(201);
    const id = group.body.id as string;
    const [create] = await entriesOf(id, tenant);
    expect(create?.changes.filter((c) => c.path.startsWith("members["))).toHaveLength(2000);

    // Entra ID adds one member by PATCH: one change, however large the group.
    const newcomer = randomUUID();
    const add = {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: newcomer }] }],
    };
    expect((await call("PATCH", `/Groups/${id}`, add, headers)).status).toBe(204);
    // Entra ID removes by a value filter; removing a non-member changes nothing.
    const leaver = members[0]!.value;
    const remove = {
      schemas: [PATCH_OP],
      Operations: [
        { op: "remove", path: `members[value eq "${leaver}"]` },
        { op: "remove", path: `members[value eq "${randomUUID()}"]` },
      ],
    };
    expect((await call("PATCH", `/Groups/${id}`, remove, headers)).status).toBe(204);
    // Re-adding an existing member is no change at all.
    const again = {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: newcomer }] }],
    };
    await call("PATCH", `/Groups/${id}`, again, headers);

    // Okta PUTs the whole list: the journal holds the computed difference, not the list.
    const okta = [...members.slice(2), { value: newcomer }, { value: "late-joiner" }];
    const put = await call(
      "PUT",
      `/Groups/${id}`,
      { schemas: [GROUP_SCHEMA], displayName: "Big", members: okta },
      headers,
    );
    expect(put.status).toBe(200);

    const [, added, removed, replaced, ...rest] = await entriesOf(id, tenant);
    expect(rest).toEqual([]);
    expect(added?.changes).toEqual([
      { path: `members[value eq "${newcomer}"]`, before: null, after: { value: newcomer } },
    ]);
    expect(removed?.changes).toEqual([
      { path: `members[value eq "${leaver}"]`, before: { value: leaver, type: "User" }, after: null },
    ]);
    expect(replaced?.action).toBe("replace");
    expect(replaced?.changes).toEqual([
      {
        path: `members[value eq "${members[1]!.value}"]`,
        before: { value: members[1]!.value, type: "User" },
        after: null,
      },
      { path: 'members[value eq "late-joiner"]', before: null, after: { value: "late-joiner" } },
    ]);
  }, 60_000);

  it("each Bulk operation is its own entry under the Bulk request's id, with the operation's method and path", async () => {
    const tenant = `t-${randomUUID()}`;
    const response = await call(
      "POST",
      "/Bulk",
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: [
          {
            method: "POST",
            path: "/Users",
            bulkId: "u1",
            data: { schemas: [USER_SCHEMA], userName: "carol" },
          },
          {
            method: "POST",
            path: "/Groups",
            bulkId: "g1",
            data: { schemas: [GROUP_SCHEMA], displayName: "G", members: [{ value: "bulkId:u1" }] },
          },
        ],
      },
      { "x-tenant": tenant, "x-request-id": "bulk-42" },
    );
    expect(response.status).toBe(200);
    const entries = await journal.audit({ tenant, limit: 10 });
    expect(entries.map((e) => [e.requestId, e.method, e.path, e.resourceType])).toEqual([
      ["bulk-42", "POST", "/scim/v2/Users", "User"],
      ["bulk-42", "POST", "/scim/v2/Groups", "Group"],
    ]);
  });

  it("the audit log queries by tenant, resource and time range, pages, exports JSON lines and prunes", async () => {
    const tenant = `t-${randomUUID()}`;
    const other = `t-${randomUUID()}`;
    const ids: string[] = [];
    for (const name of ["d1", "d2", "d3"]) {
      ids.push(
        (await call("POST", "/Users", { schemas: [USER_SCHEMA], userName: name }, { "x-tenant": tenant }))
          .body.id,
      );
    }
    await call("POST", "/Users", { schemas: [USER_SCHEMA], userName: "elsewhere" }, { "x-tenant": other });
    const page = await audit.query({ tenant, limit: 2 });
    expect(page.events.map((e) => e.resourceId)).toEqual(ids.slice(0, 2));
    const next = await audit.query({ tenant, limit: 2, after: page.nextCursor! });
    expect(next.events.map((e) => e.resourceId)).toEqual(ids.slice(2));
    expect((await audit.query({ tenant, resourceId: ids[1]! })).events).toHaveLength(1);
    expect((await audit.query({ tenant: other })).events.map((e) => e.tenant)).toEqual([other]);
    const future = new Date(Date.now() + 60_000);
    expect((await audit.query({ tenant, since: future })).events).toEqual([]);
    expect((await audit.query({ tenant, until: future })).events).toHaveLength(3);
    const lines: string[] = [];
    for await (const line of audit.exportJsonLines({ tenant })) lines.push(line);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.endsWith("\n")).toBe(true);
      // Exactly the fields of the audit export contract (issue 12), in this order.
      expect(Object.keys(JSON.parse(line))).toEqual([
        "time",
        "tenant",
        "requestId",
        "actor",
        "method",
        "path",
        "action",
        "resourceType",
        "resourceId",
        "version",
        "changes",
      ]);
    }
    await expect(audit.query({ since: "yesterday-ish" })).rejects.toThrow(/since/);
    expect(await audit.prune(future)).toBeGreaterThanOrEqual(4);
    expect((await audit.query({ tenant })).events).toEqual([]);
  });
});

describe.each(STORE_KINDS)("journal: false on %s", (kind) => {
  it("keeps no journal", async () => {
    const opened = await openStore(kind, false);
    try {
      expect(opened.store.journal).toBeUndefined();
      expect(() => new AuditLog(opened.store)).toThrow(/no change journal/);
    } finally {
      await opened.close();
    }
  });
});
