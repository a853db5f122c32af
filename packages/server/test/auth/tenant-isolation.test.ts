import { randomUUID } from "node:crypto";
import { createDefaultRegistry } from "@scimkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerAuthentication } from "../../src/auth/bearer-authentication.js";
import { staticTokenVerifier } from "../../src/auth/static-token-verifier.js";
import { MemoryStore } from "../../src/store/memory.js";
import { PostgresStore } from "../../src/store/sql/postgres/store.js";
import { SqliteStore } from "../../src/store/sql/sqlite/store.js";
import type { ResourceStore } from "../../src/store/store.js";
import {
  BULK_REQUEST,
  call,
  type Exchange,
  GROUP,
  PATCH_OP,
  type RunningServer,
  SEARCH_REQUEST,
  startServer,
  USER,
} from "../http/harness.js";
import { createTestSchema, type TestSchema } from "../sql/pg-test-schema.js";

const A = { Authorization: "Bearer token-of-tenant-a" };
const B = { Authorization: "Bearer token-of-tenant-b" };
/**
 * Runs tasks with `limit` of them in flight at once: hundreds of concurrent requests, without
 * opening more sockets at once than the listen backlog of a busy machine accepts.
 */
async function inFlight<T>(tasks: (() => Promise<T>)[], limit = 100): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * `call`, tried again when the connection was reset before any answer: on a machine under load,
 * a pooled keep-alive socket can be closed by the server just as the next request goes out (the
 * request never reached the handler). The totals checked below would expose a duplicate.
 */
async function send(...args: Parameters<typeof call>): Promise<Exchange> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(...args);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (attempt >= 3 || (code !== "ECONNRESET" && code !== "UND_ERR_SOCKET")) throw error;
    }
  }
}

const ids = (exchange: Exchange): string[] =>
  (exchange.body?.Resources ?? []).map((r: { id: string }) => r.id);

/** The stores every isolation test runs on. */
const STORES = ["memory", "sqlite", "postgres"] as const;

/**
 * Tenant isolation through the kit's bearer authentication: the tenant comes from the token, and
 * tenant B must see tenant A's resources as if they did not exist, whatever it tries.
 */
describe.each(STORES)("tenant isolation on %s", (kind) => {
  let server: RunningServer;
  let database: TestSchema | undefined;
  let store: ResourceStore;
  let aliceId: string;
  let groupId: string;
  let bobId: string;

  beforeAll(async () => {
    const registry = createDefaultRegistry();
    if (kind === "memory") store = new MemoryStore({ registry });
    else if (kind === "sqlite") store = new SqliteStore({ filename: ":memory:", registry });
    else {
      database = await createTestSchema("scim_isolation");
      store = await PostgresStore.open({ pool: database.pool, schema: database.schema, registry });
    }
    server = await startServer("express", {
      registry,
      store,
      authenticate: bearerAuthentication({
        verifiers: [
          staticTokenVerifier({ token: "token-of-tenant-a", tenantId: "tenant-a", principal: "a" }),
          staticTokenVerifier({ token: "token-of-tenant-b", tenantId: "tenant-b", principal: "b" }),
        ],
      }),
    });
    const base = server.baseUrl;
    const alice = await call(
      base,
      "POST",
      "/Users",
      { schemas: [USER], userName: "shared.name", externalId: "ext-1" },
      A,
    );
    expect(alice.status).toBe(201);
    aliceId = alice.body.id;
    const group = await call(
      base,
      "POST",
      "/Groups",
      { schemas: [GROUP], displayName: "Admins", members: [{ value: aliceId }] },
      A,
    );
    expect(group.status).toBe(201);
    groupId = group.body.id;
    // The same userName, externalId and displayName are free in another tenant.
    const bob = await call(
      base,
      "POST",
      "/Users",
      { schemas: [USER], userName: "shared.name", externalId: "ext-1" },
      B,
    );
    expect(bob.status).toBe(201);
    bobId = bob.body.id;
    expect((await call(base, "POST", "/Groups", { schemas: [GROUP], displayName: "Admins" }, B)).status).toBe(
      201,
    );
  }, 60_000);

  afterAll(async () => {
    await server.close();
    await store.close?.();
    await database?.drop();
  });

  it("reading, listing, filtering and searching never show the other tenant's resources", async () => {
    const base = server.baseUrl;
    expect((await call(base, "GET", `/Users/${aliceId}`, undefined, B)).status).toBe(404);
    expect((await call(base, "GET", `/Groups/${groupId}`, undefined, B)).status).toBe(404);
    expect(ids(await call(base, "GET", "/Users", undefined, B))).toEqual([bobId]);
    expect(
      ids(
        await call(
          base,
          "GET",
          `/Users?filter=${encodeURIComponent('userName eq "shared.name"')}`,
          undefined,
          B,
        ),
      ),
    ).toEqual([bobId]);
    expect(
      ids(await call(base, "GET", `/Users?filter=${encodeURIComponent(`id eq "${aliceId}"`)}`, undefined, B)),
    ).toEqual([]);
    const search = { schemas: [SEARCH_REQUEST], filter: 'externalId eq "ext-1"' };
    expect(ids(await call(base, "POST", "/Users/.search", search, B))).toEqual([bobId]);
    const everything = await call(base, "POST", "/.search", { schemas: [SEARCH_REQUEST] }, B);
    expect(ids(everything)).not.toContain(aliceId);
    expect(ids(everything)).not.toContain(groupId);
    const members = await call(
      base,
      "GET",
      `/Groups?filter=${encodeURIComponent(`members[value eq "${aliceId}"]`)}`,
      undefined,
      B,
    );
    expect(ids(members)).toEqual([]);
    // A's own view is intact.
    expect(ids(await call(base, "GET", "/Users", undefined, A))).toEqual([aliceId]);
  });

  it("a cursor from one tenant's listing pages only through the other's own resources (RFC 9865)", async () => {
    const base = server.baseUrl;
    for (const n of [1, 2, 3])
      await call(base, "POST", "/Users", { schemas: [USER], userName: `a-page-${n}` }, A);
    const first = await call(base, "GET", "/Users?cursor&count=1", undefined, A);
    expect(first.body.nextCursor).toBeTypeOf("string");
    const stolen = await call(
      base,
      "GET",
      `/Users?cursor=${encodeURIComponent(first.body.nextCursor)}&count=10`,
      undefined,
      B,
    );
    for (const id of ids(stolen)) expect(id).toBe(bobId);
    expect(JSON.stringify(stolen.body)).not.toContain("a-page-");
  });

  it("patching, replacing and deleting the other tenant's resources answer 404 and change nothing", async () => {
    const base = server.baseUrl;
    const patch = {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "displayName", value: "hacked" }],
    };
    expect((await call(base, "PATCH", `/Users/${aliceId}`, patch, B)).status).toBe(404);
    expect(
      (await call(base, "PUT", `/Users/${aliceId}`, { schemas: [USER], userName: "hacked" }, B)).status,
    ).toBe(404);
    const removeMembers = { schemas: [PATCH_OP], Operations: [{ op: "remove", path: "members" }] };
    expect((await call(base, "PATCH", `/Groups/${groupId}`, removeMembers, B)).status).toBe(404);
    expect((await call(base, "DELETE", `/Users/${aliceId}`, undefined, B)).status).toBe(404);
    expect((await call(base, "DELETE", `/Groups/${groupId}`, undefined, B)).status).toBe(404);
    const alice = await call(base, "GET", `/Users/${aliceId}`, undefined, A);
    expect(alice.body.userName).toBe("shared.name");
    expect(alice.body.displayName).toBeUndefined();
    const group = await call(base, "GET", `/Groups/${groupId}`, undefined, A);
    expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([aliceId]);
  });

  it("bulk operations by plain id or by another request's bulkId cannot reach the other tenant", async () => {
    const base = server.baseUrl;
    const bulk = await call(
      base,
      "POST",
      "/Bulk",
      {
        schemas: [BULK_REQUEST],
        Operations: [
          {
            method: "PATCH",
            path: `/Users/${aliceId}`,
            data: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] },
          },
          { method: "PUT", path: `/Users/${aliceId}`, data: { schemas: [USER], userName: "taken-over" } },
          { method: "DELETE", path: `/Groups/${groupId}` },
        ],
      },
      B,
    );
    expect(bulk.status).toBe(200);
    expect(bulk.body.Operations.map((op: { status: string }) => op.status)).toEqual(["404", "404", "404"]);
    // A bulkId of A's earlier request means nothing in B's request.
    const aBulk = await call(
      base,
      "POST",
      "/Bulk",
      {
        schemas: [BULK_REQUEST],
        Operations: [
          { method: "POST", path: "/Users", bulkId: "carol", data: { schemas: [USER], userName: "carol" } },
        ],
      },
      A,
    );
    const carolId = aBulk.body.Operations[0].location.split("/").pop();
    const bRef = await call(
      base,
      "POST",
      "/Bulk",
      {
        schemas: [BULK_REQUEST],
        Operations: [
          {
            method: "POST",
            path: "/Groups",
            bulkId: "g",
            data: { schemas: [GROUP], displayName: "Steal", members: [{ value: "bulkId:carol" }] },
          },
        ],
      },
      B,
    );
    expect(bRef.body.Operations[0].status).toMatch(/^4/);
    const carol = await call(base, "GET", `/Users/${carolId}`, undefined, A);
    expect(carol.body.active).not.toBe(false);
    expect(carol.body.groups ?? []).toEqual([]);
    const alice = await call(base, "GET", `/Users/${aliceId}`, undefined, A);
    expect([alice.body.userName, alice.body.active]).toEqual(["shared.name", undefined]);
  });

  it("adding the other tenant's user as a member answers exactly as for an id that does not exist", async () => {
    const base = server.baseUrl;
    const withForeign = await call(
      base,
      "POST",
      "/Groups",
      { schemas: [GROUP], displayName: "G1", members: [{ value: aliceId }] },
      B,
    );
    const withMissing = await call(
      base,
      "POST",
      "/Groups",
      { schemas: [GROUP], displayName: "G2", members: [{ value: randomUUID() }] },
      B,
    );
    expect(withForeign.status).toBe(withMissing.status);
    const bGroup = (await call(base, "GET", "/Groups", undefined, B)).body.Resources.find(
      (g: { displayName: string }) => g.displayName === "Admins",
    );
    const add = {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: aliceId }] }],
    };
    const addMissing = {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: randomUUID() }] }],
    };
    const addedForeign = await call(base, "PATCH", `/Groups/${bGroup.id}`, add, B);
    const addedMissing = await call(base, "PATCH", `/Groups/${bGroup.id}`, addMissing, B);
    expect(addedForeign.status).toBe(addedMissing.status);
    // Whatever B's group records, A's user does not become a member of anything of B's.
    const alice = await call(base, "GET", `/Users/${aliceId}`, undefined, A);
    expect((alice.body.groups ?? []).map((g: { value: string }) => g.value)).toEqual([groupId]);
    expect(JSON.stringify(alice.body)).not.toContain(bGroup.id);
  });

  it("hundreds of interleaved requests of two tenants in flight never read or write across tenants", async () => {
    const base = server.baseUrl;
    const perTenant = 100;
    const tenants = [
      { name: "a", headers: A },
      { name: "b", headers: B },
    ] as const;
    // Creates of both tenants interleaved, a hundred in flight at any moment.
    const created = await inFlight(
      Array.from({ length: perTenant * 2 }, (_, i) => () => {
        const tenant = tenants[i % 2] as (typeof tenants)[number];
        const n = Math.floor(i / 2);
        return send(
          base,
          "POST",
          "/Users",
          { schemas: [USER], userName: `load-${n}`, externalId: `${tenant.name}-${n}` },
          tenant.headers,
        ).then((response) => ({ tenant, response }));
      }),
    );
    for (const { tenant, response } of created) {
      expect(response.status).toBe(201);
      expect(response.body.externalId.startsWith(`${tenant.name}-`)).toBe(true);
    }
    // Reads, patches and foreign reads, interleaved.
    const checks = await inFlight(
      created.flatMap(({ tenant, response }) => {
        const other = tenant.name === "a" ? B : A;
        const id = response.body.id as string;
        const patch = {
          schemas: [PATCH_OP],
          Operations: [{ op: "replace", path: "displayName", value: `by-${tenant.name}` }],
        };
        return [
          () =>
            send(base, "GET", `/Users/${id}`, undefined, tenant.headers).then((r) => ({
              kind: "own",
              tenant: tenant.name,
              r,
            })),
          () =>
            send(base, "GET", `/Users/${id}`, undefined, other).then((r) => ({
              kind: "foreign",
              tenant: tenant.name,
              r,
            })),
          () =>
            send(base, "PATCH", `/Users/${id}`, patch, tenant.headers).then((r) => ({
              kind: "patch",
              tenant: tenant.name,
              r,
            })),
          () =>
            send(
              base,
              "PATCH",
              `/Users/${id}`,
              { ...patch, Operations: [{ ...patch.Operations[0], value: "intruder" }] },
              other,
            ).then((r) => ({ kind: "foreign-patch", tenant: tenant.name, r })),
        ];
      }),
    );
    for (const { kind, tenant, r } of checks) {
      if (kind === "own") expect(r.body.externalId.startsWith(`${tenant}-`)).toBe(true);
      else if (kind === "patch") expect(r.status).toBe(200);
      else expect(r.status).toBe(404);
    }
    for (const tenant of tenants) {
      const filter = encodeURIComponent('userName sw "load-"');
      const listed = await send(base, "GET", `/Users?filter=${filter}&count=1000`, undefined, tenant.headers);
      expect(listed.body.totalResults).toBe(perTenant);
      for (const user of listed.body.Resources) {
        expect(user.externalId.startsWith(`${tenant.name}-`)).toBe(true);
        expect(user.displayName).toBe(`by-${tenant.name}`);
      }
    }
  }, 120_000);
});
