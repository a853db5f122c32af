/**
 * Issue 11 item 10: a group cannot list itself (directly or through a Bulk bulkId that resolves to
 * its own id), and a query at the service root treats an attribute a resource type does not define
 * as having no value, where "a presence or equality filter for an undefined attribute evaluates to
 * false" (RFC 7644 §3.4.2) — so `userName eq null` matches no Group.
 */
import { createDefaultRegistry } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BULK_REQUEST,
  call,
  createUser,
  GROUP,
  isScimError,
  PATCH_OP,
  type RunningServer,
  SEARCH_REQUEST,
  startServer,
} from "../http/harness.js";
import { openTestStore, STORE_KINDS, type TestStore } from "./stores.js";

describe.each(STORE_KINDS)("groups and root queries on the %s store", (kind) => {
  let server: RunningServer;
  let storage: TestStore;
  let base: string;
  let userId: string;
  let groupId: string;
  beforeAll(async () => {
    const registry = createDefaultRegistry();
    storage = await openTestStore(kind, registry);
    server = await startServer("express", { registry, store: storage.store });
    base = server.baseUrl;
    userId = (await createUser(base, "member.one", { displayName: "Member One" })).id;
    const group = await call(base, "POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Team",
      members: [{ value: userId }],
    });
    groupId = group.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await storage?.close();
  });

  it("PATCH or PUT making a group its own member is 400 invalidValue and changes nothing", async () => {
    const before = await storage.snapshot();
    const patch = await call(base, "PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: groupId }] }],
    });
    expect(isScimError(patch, 400, "invalidValue"), patch.text).toBe(true);
    const put = await call(base, "PUT", `/Groups/${groupId}`, {
      schemas: [GROUP],
      displayName: "Team",
      members: [{ value: userId }, { value: groupId }],
    });
    expect(isScimError(put, 400, "invalidValue"), put.text).toBe(true);
    expect(await storage.snapshot()).toBe(before);
  });

  it("a Bulk POST whose members name its own bulkId is 400 for that operation (RFC 7644 §3.7.2)", async () => {
    const before = await storage.snapshot();
    const response = await call(base, "POST", "/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [
        {
          method: "POST",
          bulkId: "self",
          path: "/Groups",
          data: { schemas: [GROUP], displayName: "Loop", members: [{ value: "bulkId:self", type: "Group" }] },
        },
      ],
    });
    expect(response.status, response.text).toBe(200);
    const [op] = response.body.Operations;
    expect(op.status, JSON.stringify(op)).toBe("400");
    expect(op.response.scimType).toBe("invalidValue");
    expect(await storage.snapshot()).toBe(before);
  });

  it("RFC 7644 §3.4.2: at the root, `userName eq null` and `userName pr` match no Group", async () => {
    for (const filter of ["userName eq null", "userName pr", 'userName eq "member.one"']) {
      const response = await call(base, "POST", "/.search", { schemas: [SEARCH_REQUEST], filter });
      expect(response.status, response.text).toBe(200);
      const types = response.body.Resources.map(
        (r: { meta: { resourceType: string } }) => r.meta.resourceType,
      );
      expect(types, filter).not.toContain("Group");
      expect(response.body.totalResults, filter).toBe(filter === "userName eq null" ? 0 : 1);
    }
  });

  it("at the root, an attribute both types define filters both; `ne` on an undefined one holds", async () => {
    const shared = await call(base, "POST", "/.search", {
      schemas: [SEARCH_REQUEST],
      filter: 'displayName sw "Team" or displayName sw "Member"',
    });
    expect(shared.body.totalResults).toBe(2);
    const negated = await call(base, "POST", "/.search", {
      schemas: [SEARCH_REQUEST],
      filter: 'userName ne "nobody" and displayName eq "Team"',
    });
    expect(negated.body.Resources.map((r: { id: string }) => r.id)).toEqual([groupId]);
    // Per resource type the RFC meaning of `eq null` stays: "has no value".
    const perType = await call(base, "GET", `/Users?filter=${encodeURIComponent("title eq null")}`);
    expect(perType.body.totalResults).toBe(1);
  });
});
