/**
 * Every client method against the real server kit (createScimServer + MemoryStore + Fetch
 * adapter) over HTTP on 127.0.0.1.
 */
import {
  createDefaultRegistry,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  type SchemaRegistry,
  USER_SCHEMA,
} from "@scimkit/core";
import { and, eq, parsePath } from "@scimkit/filter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScimClient, failedBulkOperations, type ScimClient, ScimClientError } from "../src/index.js";
import { type RunningScimKit, startScimKit } from "./support/scim-kit-server.js";

const DEVICE_SCHEMA = "urn:example:params:scim:schemas:Device";

interface Device {
  schemas: string[];
  id?: string;
  meta?: { version?: string };
  serialNumber: string;
  owner?: string;
}

function registryWithDevices(): SchemaRegistry {
  const attribute = (name: string, required: boolean) => ({
    name,
    type: "string" as const,
    multiValued: false,
    description: name,
    required,
    caseExact: false,
    mutability: "readWrite" as const,
    returned: "default" as const,
    uniqueness: "none" as const,
  });
  return createDefaultRegistry()
    .addSchema({
      id: DEVICE_SCHEMA,
      name: "Device",
      description: "A managed laptop",
      attributes: [attribute("serialNumber", true), attribute("owner", false)],
    })
    .addResourceType({ name: "Device", endpoint: "/Devices", schema: DEVICE_SCHEMA });
}

let kit: RunningScimKit;
let client: ScimClient;

beforeAll(async () => {
  kit = await startScimKit({ registry: registryWithDevices() });
  client = createScimClient({ baseUrl: kit.baseUrl, token: "test-token", retry: false });
});
afterAll(() => kit.close());

const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER_SCHEMA],
  userName,
  ...extra,
});

describe("users", () => {
  it("create → 201 with id and meta.version (RFC 7644 §3.3, §3.14)", async () => {
    const user = await client.users.create(newUser("create.me", { active: true }));
    expect(user.id).toEqual(expect.any(String));
    expect(user.userName).toBe("create.me");
    expect(user.meta?.version).toMatch(/^W\/".+"$/);
  });

  it("get returns the stored resource; attributes projection returns only what was asked (§3.9)", async () => {
    const created = await client.users.create(newUser("get.me", { displayName: "Get Me", active: true }));
    const full = await client.users.get(created.id ?? "");
    expect(full).toMatchObject({ id: created.id, userName: "get.me", displayName: "Get Me", active: true });
    const projected = await client.users.get(created.id ?? "", { attributes: ["userName"] });
    expect(projected.userName).toBe("get.me");
    expect(projected.id).toBe(created.id);
    expect(projected).not.toHaveProperty("displayName");
    const excluded = await client.users.get(created.id ?? "", { excludedAttributes: ["displayName"] });
    expect(excluded).not.toHaveProperty("displayName");
    expect(excluded.userName).toBe("get.me");
  });

  it("get with ifNoneMatch resolves to undefined on 304 and to the resource after a change (§3.14)", async () => {
    const created = await client.users.create(newUser("etag.read"));
    await expect(client.users.get(created.id ?? "", { ifNoneMatch: created })).resolves.toBeUndefined();
    await client.users
      .patch(created.id ?? "")
      .replace("displayName", "changed")
      .send();
    const changed = await client.users.get(created.id ?? "", { ifNoneMatch: created });
    expect(changed?.displayName).toBe("changed");
  });

  it("replace with ifMatch succeeds on the current version and fails 412 on a stale one (§3.14)", async () => {
    const created = await client.users.create(newUser("etag.write"));
    const replaced = await client.users.replace(
      created.id ?? "",
      newUser("etag.write", { displayName: "v2" }),
      { ifMatch: created },
    );
    expect(replaced.displayName).toBe("v2");
    expect(replaced.meta?.version).not.toBe(created.meta?.version);
    const stale = await client.users
      .replace(created.id ?? "", newUser("etag.write", { displayName: "v3" }), { ifMatch: created })
      .catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(ScimClientError);
    expect((stale as ScimClientError).status).toBe(412);
  });

  it("patch builder sends replace/add/remove in one request (§3.5.2)", async () => {
    const created = await client.users.create(
      newUser("patch.me", { active: true, emails: [{ value: "old@example.com", type: "home" }] }),
    );
    const patched = await client.users
      .patch(created.id ?? "")
      .replace("active", false)
      .add("emails", [{ value: "work@example.com", type: "work" }])
      .remove('emails[type eq "home"]')
      .send({ ifMatch: created });
    const after = patched ?? (await client.users.get(created.id ?? ""));
    expect(after.active).toBe(false);
    expect(after.emails?.map((email) => email.value)).toEqual(["work@example.com"]);
    expect(kit.requests.filter((line) => line.startsWith("PATCH"))).toContain(
      `PATCH /scim/v2/Users/${created.id}`,
    );
  });

  it("patch direct form accepts operations, with a path given as a parsed AST", async () => {
    const created = await client.users.create(newUser("patch.direct", { name: { givenName: "Ann" } }));
    await client.users.patch(created.id ?? "", [
      { op: "replace", path: parsePath("name.givenName"), value: "Anna" },
      { op: "add", value: { displayName: "Anna D." } },
    ]);
    const after = await client.users.get(created.id ?? "");
    expect(after.name?.givenName).toBe("Anna");
    expect(after.displayName).toBe("Anna D.");
  });

  it("delete removes the resource; a later get is a 404 ScimClientError (§3.6)", async () => {
    const created = await client.users.create(newUser("delete.me"));
    await client.users.delete(created.id ?? "", { ifMatch: created });
    const error = await client.users.get(created.id ?? "").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScimClientError);
    expect((error as ScimClientError).status).toBe(404);
  });

  it("list with a builder filter and search (POST /.search) return the same page (§3.4.2, §3.4.3)", async () => {
    await client.users.create(newUser("find.alpha", { active: false, title: "x" }));
    await client.users.create(newUser("find.beta", { active: true }));
    const filter = and(eq("userName", "find.alpha"), eq("active", false));
    const listed = await client.users.list({ filter, attributes: ["userName", "active"] });
    const searched = await client.users.search({ filter, attributes: ["userName", "active"] });
    expect(listed.totalResults).toBe(1);
    expect(listed.Resources.map((user) => user.userName)).toEqual(["find.alpha"]);
    expect(searched.Resources).toEqual(listed.Resources);
    const raw = await client.users.list({
      filter: 'userName sw "find."',
      sortBy: "userName",
      sortOrder: "descending",
    });
    expect(raw.Resources.map((user) => user.userName)).toEqual(["find.beta", "find.alpha"]);
  });

  it("iterate with useSearch pages through POST /.search", async () => {
    for (const name of ["it.a", "it.b", "it.c"]) await client.users.create(newUser(name));
    const names: string[] = [];
    for await (const user of client.users.iterate({
      filter: 'userName sw "it."',
      pageSize: 2,
      useSearch: true,
    })) {
      names.push(user.userName);
    }
    expect(names.sort()).toEqual(["it.a", "it.b", "it.c"]);
  });

  it("enterprise extension attributes round-trip under their URN (RFC 7643 §4.3)", async () => {
    const created = await client.users.create(
      newUser("ext.user", {
        schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
        [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "701984", department: "Tour Operations" },
      }),
    );
    const read = await client.users.get(created.id ?? "", {
      attributes: ["userName", `${ENTERPRISE_USER_SCHEMA}:employeeNumber`],
    });
    expect(read[ENTERPRISE_USER_SCHEMA]?.employeeNumber).toBe("701984");
  });
});

describe("groups", () => {
  it("create with members, remove one member with a valuePath, add another (§3.5.2.2)", async () => {
    const [a, b, c] = await Promise.all(
      ["grp.a", "grp.b", "grp.c"].map((name) => client.users.create(newUser(name))),
    );
    const group = await client.groups.create({
      schemas: [GROUP_SCHEMA],
      displayName: "Engineering",
      members: [{ value: a.id ?? "" }, { value: b.id ?? "" }],
    });
    await client.groups
      .patch(group.id ?? "")
      .remove(`members[value eq "${a.id}"]`)
      .add("members", [{ value: c.id ?? "" }])
      .send();
    const after = await client.groups.get(group.id ?? "");
    expect(after.members?.map((member) => member.value).sort()).toEqual([b.id, c.id].sort());
  });
});

describe("custom resource types", () => {
  it("client.resource<Device>('Devices') supports the full lifecycle", async () => {
    const devices = client.resource<Device>("Devices");
    const created = await devices.create({ schemas: [DEVICE_SCHEMA], serialNumber: "C02X1234" });
    expect(created.serialNumber).toBe("C02X1234");
    const replaced = await devices.replace(created.id ?? "", {
      schemas: [DEVICE_SCHEMA],
      serialNumber: "C02X1234",
      owner: "bjensen",
    });
    expect(replaced.owner).toBe("bjensen");
    const page = await devices.list({ filter: eq("owner", "bjensen") });
    expect(page.Resources.map((device) => device.id)).toEqual([created.id]);
    await devices.delete(created.id ?? "");
    await expect(devices.get(created.id ?? "")).rejects.toMatchObject({ status: 404 });
  });
});

describe("bulk (RFC 7644 §3.7)", () => {
  it("creates a user and a group referencing it by bulkId (§3.7.2)", async () => {
    const response = await client.bulk([
      { method: "POST", path: "/Users", bulkId: "u1", data: newUser("bulk.one") },
      {
        method: "POST",
        path: "/Groups",
        bulkId: "g1",
        data: { schemas: [GROUP_SCHEMA], displayName: "Bulk Group", members: [{ value: "bulkId:u1" }] },
      },
    ]);
    expect(failedBulkOperations(response)).toEqual([]);
    expect(response.Operations.map((operation) => Number(operation.status))).toEqual([201, 201]);
    const groupId = response.Operations[1].location?.split("/").pop() ?? "";
    const userId = response.Operations[0].location?.split("/").pop() ?? "";
    const group = await client.groups.get(groupId);
    expect(group.members?.map((member) => member.value)).toEqual([userId]);
  });

  it("reports failed operations without rejecting the call", async () => {
    await client.users.create(newUser("bulk.dup"));
    const response = await client.bulk([
      { method: "POST", path: "/Users", bulkId: "d", data: newUser("bulk.dup") },
    ]);
    const failed = failedBulkOperations(response);
    expect(failed).toHaveLength(1);
    expect(Number(failed[0].status)).toBe(409);
  });
});

describe("root search (RFC 7644 §3.4.3)", () => {
  it("client.search() queries every resource type at POST /.search", async () => {
    await client.users.create(newUser("root.search.user", { displayName: "RootSearchTarget" }));
    await client.groups.create({ schemas: [GROUP_SCHEMA], displayName: "RootSearchTarget" });
    const page = await client.search({ filter: 'displayName eq "RootSearchTarget"' });
    expect(page.Resources.map((resource) => resource.meta?.resourceType).sort()).toEqual(["Group", "User"]);
    expect(kit.requests).toContain("POST /scim/v2/.search");
  });
});

describe("discovery (RFC 7644 §4)", () => {
  it("serviceProviderConfig, resourceTypes and schemas", async () => {
    const config = await client.serviceProviderConfig();
    expect(config.patch?.supported).toBe(true);
    expect(config.pagination?.cursor).toBe(true);
    const types = await client.resourceTypes();
    expect(types.map((type) => type.name).sort()).toEqual(["Device", "Group", "User"]);
    const schemas = await client.schemas();
    expect(schemas.map((schema) => schema.id)).toEqual(
      expect.arrayContaining([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA, DEVICE_SCHEMA]),
    );
  });
});

describe("/Me (RFC 7644 §3.11)", () => {
  it("each /Me method reaches the service; the kit answers 501 Not Implemented", async () => {
    const calls: Array<() => Promise<unknown>> = [
      () => client.me.get(),
      () => client.me.replace(newUser("me")),
      () => client.me.patch().replace("displayName", "Me").send(),
      () => client.me.delete(),
    ];
    for (const call of calls)
      await expect(call()).rejects.toMatchObject({ name: "ScimClientError", status: 501 });
    expect(kit.requests.filter((line) => line.includes("/Me")).map((line) => line.split(" ")[0])).toEqual([
      "GET",
      "PUT",
      "PATCH",
      "DELETE",
    ]);
  });
});
