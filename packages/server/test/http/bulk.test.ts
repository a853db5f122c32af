import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADAPTERS,
  BULK_REQUEST,
  BULK_RESPONSE,
  call,
  createUser,
  GROUP,
  isScimError,
  PATCH_OP,
  type RunningServer,
  startServer,
  USER,
} from "./harness.js";

interface BulkOperationResult {
  method: string;
  bulkId?: string;
  status: string;
  location?: string;
  version?: string;
  response?: { status: string; scimType?: string };
}

describe.each(ADAPTERS)("bulk over %s (RFC 7644 §3.7)", (adapter) => {
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer(adapter, { limits: { bulkMaxOperations: 5, bulkMaxPayloadSize: 4096 } });
    base = server.baseUrl;
  });
  afterAll(() => server.close());

  const bulk = (operations: unknown[], extra: Record<string, unknown> = {}) =>
    call(base, "POST", "/Bulk", { schemas: [BULK_REQUEST], Operations: operations, ...extra });

  it("creates a user and a group that references it by bulkId (RFC 7644 §3.7.2)", async () => {
    const response = await bulk([
      { method: "POST", path: "/Users", bulkId: "qwerty", data: { schemas: [USER], userName: "Alice" } },
      {
        method: "POST",
        path: "/Groups",
        bulkId: "ytrewq",
        data: {
          schemas: [GROUP],
          displayName: "Tour Guides",
          members: [{ type: "User", value: "bulkId:qwerty" }],
        },
      },
    ]);
    expect(response.status).toBe(200);
    expect(response.body.schemas).toEqual([BULK_RESPONSE]);
    const [user, group] = response.body.Operations as BulkOperationResult[];
    expect(user).toMatchObject({ method: "POST", bulkId: "qwerty", status: "201" });
    expect(group).toMatchObject({ method: "POST", bulkId: "ytrewq", status: "201" });
    expect(user?.version).toMatch(/^W\/"/);
    const userId = user?.location?.split("/").pop();
    const fetched = await call(base, "GET", group?.location?.replace(base, "") ?? "");
    expect(fetched.body.members.map((m: { value: string }) => m.value)).toEqual([userId]);
  });

  it("resolves a forward reference: the group comes first in the request (RFC 7644 §3.7)", async () => {
    const response = await bulk([
      {
        method: "POST",
        path: "/Groups",
        bulkId: "g",
        data: { schemas: [GROUP], displayName: "Forward", members: [{ type: "User", value: "bulkId:u" }] },
      },
      { method: "POST", path: "/Users", bulkId: "u", data: { schemas: [USER], userName: "forward-user" } },
    ]);
    const [group, user] = response.body.Operations as BulkOperationResult[];
    expect(group?.status).toBe("201");
    expect(user?.status).toBe("201");
    const userId = user?.location?.split("/").pop();
    const fetchedUser = await call(base, "GET", `/Users/${userId}`);
    expect(fetchedUser.body.groups.map((g: { display: string }) => g.display)).toEqual(["Forward"]);
  });

  it("resolves circular references between two groups (RFC 7644 §3.7.1)", async () => {
    const response = await bulk([
      {
        method: "POST",
        path: "/Groups",
        bulkId: "qwerty",
        data: {
          schemas: [GROUP],
          displayName: "Group A",
          members: [{ type: "Group", value: "bulkId:ytrewq" }],
        },
      },
      {
        method: "POST",
        path: "/Groups",
        bulkId: "ytrewq",
        data: {
          schemas: [GROUP],
          displayName: "Group B",
          members: [{ type: "Group", value: "bulkId:qwerty" }],
        },
      },
    ]);
    const [a, b] = response.body.Operations as BulkOperationResult[];
    expect(a?.status).toBe("201");
    expect(b?.status).toBe("201");
    const idA = a?.location?.split("/").pop();
    const idB = b?.location?.split("/").pop();
    const groupA = await call(base, "GET", `/Groups/${idA}`);
    const groupB = await call(base, "GET", `/Groups/${idB}`);
    expect(groupA.body.members).toEqual([
      { value: idB, type: "Group", display: "Group B", $ref: `${base}/Groups/${idB}` },
    ]);
    expect(groupB.body.members).toEqual([
      { value: idA, type: "Group", display: "Group A", $ref: `${base}/Groups/${idA}` },
    ]);
  });

  it("runs PUT, PATCH and DELETE with per-operation status; version mismatch is 412 (RFC 7644 §3.7.3)", async () => {
    const kept = await createUser(base, "bulk-kept");
    const gone = await createUser(base, "bulk-gone");
    const response = await bulk([
      {
        method: "PUT",
        path: `/Users/${kept.id}`,
        data: { schemas: [USER], userName: "bulk-kept", title: "Put" },
      },
      {
        method: "PATCH",
        path: `/Users/${kept.id}`,
        data: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "displayName", value: "Patched" }] },
      },
      { method: "DELETE", path: `/Users/${gone.id}`, version: 'W/"stale"' },
      { method: "DELETE", path: `/Users/${gone.id}`, version: gone.meta.version },
    ]);
    const statuses = (response.body.Operations as BulkOperationResult[]).map((o) => o.status);
    expect(statuses).toEqual(["200", "200", "412", "204"]);
    const failure = (response.body.Operations as BulkOperationResult[])[2];
    expect(failure?.response?.status).toBe("412");
    const fetched = await call(base, "GET", `/Users/${kept.id}`);
    expect(fetched.body).toMatchObject({ title: "Put", displayName: "Patched" });
    expect(isScimError(await call(base, "GET", `/Users/${gone.id}`), 404)).toBe(true);
  });

  it("continues after errors by default and stops after failOnErrors errors (RFC 7644 §3.7)", async () => {
    await createUser(base, "bulk-dupe");
    const dupe = { method: "POST", path: "/Users", data: { schemas: [USER], userName: "bulk-dupe" } };
    const all = await bulk([
      { ...dupe, bulkId: "d1" },
      { ...dupe, bulkId: "d2" },
      {
        method: "POST",
        path: "/Users",
        bulkId: "ok",
        data: { schemas: [USER], userName: "bulk-after-errors" },
      },
    ]);
    expect((all.body.Operations as BulkOperationResult[]).map((o) => o.status)).toEqual([
      "409",
      "409",
      "201",
    ]);
    const stopped = await bulk(
      [
        { ...dupe, bulkId: "d3" },
        { ...dupe, bulkId: "d4" },
        {
          method: "POST",
          path: "/Users",
          bulkId: "never",
          data: { schemas: [USER], userName: "bulk-never" },
        },
      ],
      { failOnErrors: 1 },
    );
    expect((stopped.body.Operations as BulkOperationResult[]).map((o) => o.status)).toEqual(["409"]);
    const never = await call(base, "GET", `/Users?filter=${encodeURIComponent('userName eq "bulk-never"')}`);
    expect(never.body.totalResults).toBe(0);
  });

  it("an operation that references a failed POST fails with 409 (RFC 7644 §3.7.1)", async () => {
    await createUser(base, "bulk-taken");
    const response = await bulk([
      { method: "POST", path: "/Users", bulkId: "bad", data: { schemas: [USER], userName: "bulk-taken" } },
      {
        method: "POST",
        path: "/Groups",
        bulkId: "dependent",
        data: { schemas: [GROUP], displayName: "Dependent", members: [{ value: "bulkId:bad" }] },
      },
    ]);
    expect((response.body.Operations as BulkOperationResult[]).map((o) => o.status)).toEqual(["409", "409"]);
  });

  it("a POST without bulkId fails that operation with 400 (RFC 7644 §3.7: bulkId REQUIRED for POST)", async () => {
    const response = await bulk([
      { method: "POST", path: "/Users", data: { schemas: [USER], userName: "no-bulk-id" } },
    ]);
    expect((response.body.Operations as BulkOperationResult[])[0]?.status).toBe("400");
  });

  it("more operations than maxOperations is 413 (RFC 7644 §3.7.4)", async () => {
    const operations = Array.from({ length: 6 }, (_, i) => ({
      method: "DELETE",
      path: `/Users/none-${i}`,
    }));
    expect(isScimError(await bulk(operations), 413)).toBe(true);
  });

  it("a payload over maxPayloadSize is 413 (RFC 7644 §3.7.4)", async () => {
    const response = await bulk([
      {
        method: "POST",
        path: "/Users",
        bulkId: "big",
        data: { schemas: [USER], userName: "x".repeat(5000) },
      },
    ]);
    expect(isScimError(response, 413)).toBe(true);
  });

  it("a BulkRequest without its schema is 400", async () => {
    expect(isScimError(await call(base, "POST", "/Bulk", { Operations: [] }), 400)).toBe(true);
  });
});
