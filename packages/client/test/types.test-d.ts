/**
 * Type-level tests: run by `vitest` in typecheck mode (and by `tsc`). Nothing here is executed.
 */
import { ENTERPRISE_USER_SCHEMA, type EnterpriseUser, type Group, type User } from "@scimkit/core";
import { eq } from "@scimkit/filter";
import { describe, expectTypeOf, it } from "vitest";
import { createScimClient, type ListPage, type PatchBuilder } from "../src/index.js";

const ACME_SCHEMA = "urn:acme:params:scim:schemas:extension:2.0:User";
interface AcmeUser {
  badgeNumber: number;
}

declare module "../src/extensions.js" {
  interface ScimExtensions {
    [ACME_SCHEMA]: AcmeUser;
  }
}

interface Device {
  schemas: string[];
  id?: string;
  serialNumber: string;
  owner?: string;
}

const client = createScimClient({ baseUrl: "https://example.com/scim/v2", token: "t" });

describe("attributes projection (RFC 7644 §3.9)", () => {
  it("a literal attribute list narrows to those attributes plus id and schemas", async () => {
    const user = await client.users.get("id", { attributes: ["userName"] as const });
    expectTypeOf(user).toEqualTypeOf<Pick<User, "id" | "schemas" | "userName">>();
    // `as const` is not needed: the parameter is a const type parameter.
    const same = await client.users.get("id", { attributes: ["userName", "active"] });
    expectTypeOf(same).toEqualTypeOf<Pick<User, "id" | "schemas" | "userName" | "active">>();
  });

  it("sub-attribute and URN-qualified paths keep their top-level attribute", async () => {
    const user = await client.users.get("id", {
      attributes: ["name.givenName", `${ENTERPRISE_USER_SCHEMA}:employeeNumber`],
    });
    expectTypeOf(user).toEqualTypeOf<Pick<User, "id" | "schemas" | "name" | typeof ENTERPRISE_USER_SCHEMA>>();
    const core = await client.users.get("id", {
      attributes: ["urn:ietf:params:scim:schemas:core:2.0:User:userName"],
    });
    expectTypeOf(core).toEqualTypeOf<Pick<User, "id" | "schemas" | "userName">>();
  });

  it("a list only known at run time keeps the full type", async () => {
    const names: string[] = ["userName"];
    const user = await client.users.get("id", { attributes: names });
    expectTypeOf(user).toEqualTypeOf<User>();
  });

  it("excludedAttributes removes attributes but never id or schemas", async () => {
    const user = await client.users.get("id", { excludedAttributes: ["emails", "id"] });
    expectTypeOf(user).toEqualTypeOf<Omit<User, "emails">>();
    expectTypeOf(user).toHaveProperty("id");
    expectTypeOf(user).not.toHaveProperty("emails");
  });

  it("list, search and iterate project their resources the same way", async () => {
    const page = await client.groups.list({ attributes: ["displayName"] });
    expectTypeOf(page).toEqualTypeOf<ListPage<Pick<Group, "id" | "schemas" | "displayName">>>();
    const found = await client.users.search({ attributes: ["userName"], filter: eq("active", false) });
    expectTypeOf(found.Resources[0]).toEqualTypeOf<Pick<User, "id" | "schemas" | "userName">>();
    for await (const user of client.users.iterate({ attributes: ["userName", "emails"] })) {
      expectTypeOf(user).toEqualTypeOf<Pick<User, "id" | "schemas" | "userName" | "emails">>();
    }
  });

  it("ifNoneMatch adds undefined (304 Not Modified) to the result", async () => {
    const user = await client.users.get("id", { ifNoneMatch: 'W/"1"' });
    expectTypeOf(user).toEqualTypeOf<User | undefined>();
    const always = await client.users.get("id");
    expectTypeOf(always).toEqualTypeOf<User>();
  });
});

describe("extension typing (RFC 7643 §3.3)", () => {
  it("get<EnterpriseUser> makes the enterprise extension present under its URN", async () => {
    const user = await client.users.get<EnterpriseUser>("id");
    expectTypeOf(user[ENTERPRISE_USER_SCHEMA]).toEqualTypeOf<EnterpriseUser>();
    expectTypeOf(user.userName).toEqualTypeOf<string>();
    // Without the type argument the extension is optional.
    const plain = await client.users.get("id");
    expectTypeOf(plain[ENTERPRISE_USER_SCHEMA]).toEqualTypeOf<EnterpriseUser | undefined>();
  });

  it("a custom extension registered through ScimExtensions is placed under its URN", async () => {
    const user = await client.users.get<AcmeUser>("id");
    expectTypeOf(user[ACME_SCHEMA].badgeNumber).toEqualTypeOf<number>();
    const created = await client.users.create<AcmeUser>({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ACME_SCHEMA],
      userName: "a",
      [ACME_SCHEMA]: { badgeNumber: 7 },
    });
    expectTypeOf(created[ACME_SCHEMA]).toEqualTypeOf<AcmeUser>();
  });

  it("an unregistered extension can be given keyed by its URN, and projection still narrows", async () => {
    const user = await client.users.get<{ "urn:x:ext": { level: number } }>("id");
    expectTypeOf(user["urn:x:ext"].level).toEqualTypeOf<number>();
    const narrowed = await client.users.get<EnterpriseUser, readonly ["userName"]>("id", {
      attributes: ["userName"],
    });
    expectTypeOf(narrowed).toEqualTypeOf<{ id?: string; schemas: string[]; userName: string }>();
  });

  it("a full resource type argument is used as given", async () => {
    interface MyUser extends User {
      nickname?: string;
    }
    expectTypeOf(await client.users.get<MyUser>("id")).toEqualTypeOf<MyUser>();
  });

  it("custom resource types are typed by client.resource<T>", async () => {
    const devices = client.resource<Device>("Devices");
    expectTypeOf(await devices.get("d1")).toEqualTypeOf<Device>();
    expectTypeOf(await devices.get("d1", { attributes: ["owner"] })).toEqualTypeOf<
      Pick<Device, "id" | "schemas" | "owner">
    >();
  });
});

describe("request bodies", () => {
  it("create requires the schema's required attributes and rejects wrong value types", async () => {
    // @ts-expect-error userName is required by RFC 7643 §4.1.1
    await client.users.create({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"] });
    // @ts-expect-error active is a boolean
    await client.users.create({ schemas: [], userName: "a", active: "yes" });
    // id and meta may be left out of a create body.
    expectTypeOf(await client.users.create({ schemas: [], userName: "a" })).toEqualTypeOf<User>();
  });

  it("the PATCH builder types values by attribute and accepts any path string", () => {
    const builder = client.users.patch("id");
    expectTypeOf(builder).toEqualTypeOf<PatchBuilder<User>>();
    builder.replace("active", false).add("emails", [{ value: "a@example.com", type: "work" }]);
    builder.remove('members[value eq "x"]').replace('emails[type eq "work"].value', "b@example.com");
    // @ts-expect-error active takes a boolean
    builder.replace("active", "false");
    // @ts-expect-error emails takes a list of email values
    builder.add("emails", "a@example.com");
    expectTypeOf(builder.send()).toEqualTypeOf<Promise<User | undefined>>();
  });

  it("filters are strings or builder ASTs", async () => {
    await client.users.list({ filter: 'userName eq "x"' });
    await client.users.list({ filter: eq("userName", "x") });
    // @ts-expect-error a filter is not a number
    await client.users.list({ filter: 42 });
  });

  it("token and getToken are mutually exclusive", () => {
    // @ts-expect-error pass one or the other
    createScimClient({ baseUrl: "https://x", token: "a", getToken: () => "b" });
    createScimClient({ baseUrl: "https://x", getToken: async () => "b" });
  });
});

describe("client options", () => {
  it("a token read from the environment may be undefined (no Authorization header then)", () => {
    const fromEnvironment: string | undefined = process.env.SCIM_TOKEN;
    createScimClient({ baseUrl: "https://x", token: fromEnvironment });
    createScimClient({ baseUrl: "https://x" });
  });
});
