import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVICE_SCHEMA, registryWithDevices } from "./device-registry.js";
import {
  ADAPTERS,
  call,
  createUser,
  ENTERPRISE,
  GROUP,
  isScimError,
  PATCH_OP,
  type RunningServer,
  startServer,
  USER,
} from "./harness.js";

describe.each(ADAPTERS)("resource endpoints over %s", (adapter) => {
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer(adapter, { registry: registryWithDevices() });
    base = server.baseUrl;
  });
  afterAll(() => server.close());

  describe("POST (RFC 7644 §3.3)", () => {
    it("creates a user: 201, Location, ETag, meta, id assigned by the server", async () => {
      const response = await call(base, "POST", "/Users", {
        schemas: [USER],
        userName: "bjensen",
        id: "client-chosen",
        name: { givenName: "Barbara", familyName: "Jensen" },
        emails: [{ value: "bjensen@example.com", type: "work", primary: true }],
      });
      expect(response.status).toBe(201);
      expect(response.headers.get("content-type")).toMatch(/^application\/scim\+json/);
      const user = response.body;
      expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(user.id).not.toBe("client-chosen");
      expect(user.userName).toBe("bjensen");
      expect(user.schemas).toContain(USER);
      expect(user.meta.resourceType).toBe("User");
      expect(user.meta.location).toBe(`${base}/Users/${user.id}`);
      expect(response.headers.get("location")).toBe(user.meta.location);
      expect(response.headers.get("etag")).toBe(user.meta.version);
      expect(user.meta.version).toMatch(/^W\/".+"$/);
      expect(Date.parse(user.meta.created)).not.toBeNaN();
    });

    it("ignores readOnly attributes sent by the client (RFC 7643 §7 mutability readOnly)", async () => {
      const response = await call(base, "POST", "/Users", {
        schemas: [USER],
        userName: "readonly-sender",
        meta: { resourceType: "User", created: "2000-01-01T00:00:00Z" },
        groups: [{ value: "not-a-group" }],
      });
      expect(response.status).toBe(201);
      expect(response.body.meta.created).not.toBe("2000-01-01T00:00:00Z");
      expect(response.body.groups).toBeUndefined();
    });

    it("accepts plain application/json with a charset (RFC 7644 §3.1 and §8.1)", async () => {
      const response = await fetch(`${base}/Users`, {
        method: "POST",
        headers: { "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify({ schemas: [USER], userName: "json-sender" }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    });

    it("stores enterprise extension attributes under their URN (RFC 7643 §4.3)", async () => {
      const response = await call(base, "POST", "/Users", {
        schemas: [USER, ENTERPRISE],
        userName: "extended",
        [ENTERPRISE]: { employeeNumber: "701984", department: "Tour Operations" },
      });
      expect(response.status).toBe(201);
      const fetched = await call(base, "GET", `/Users/${response.body.id}`);
      expect(fetched.body[ENTERPRISE]).toEqual({ employeeNumber: "701984", department: "Tour Operations" });
    });

    it("rejects a missing required attribute with 400 invalidValue (RFC 7643 §2.2)", async () => {
      const response = await call(base, "POST", "/Users", { schemas: [USER], displayName: "no userName" });
      expect(isScimError(response, 400)).toBe(true);
    });

    it("rejects a body without schemas with 400 (RFC 7643 §3)", async () => {
      const response = await call(base, "POST", "/Users", { userName: "schemaless" });
      expect(isScimError(response, 400)).toBe(true);
    });

    it("rejects a wrong attribute type with 400 invalidValue (RFC 7644 §3.12)", async () => {
      const response = await call(base, "POST", "/Users", { schemas: [USER], userName: "typed", active: 42 });
      expect(isScimError(response, 400, "invalidValue")).toBe(true);
    });

    it("rejects an unknown attribute with 400 by default", async () => {
      const response = await call(base, "POST", "/Users", {
        schemas: [USER],
        userName: "unknown-attr",
        shoeSize: 9,
      });
      expect(isScimError(response, 400)).toBe(true);
      expect(response.body.detail).toMatch(/shoeSize/);
    });

    it("409 uniqueness for a taken userName, case-insensitively (RFC 7644 §3.3)", async () => {
      await createUser(base, "dupe");
      const response = await call(base, "POST", "/Users", { schemas: [USER], userName: "DUPE" });
      expect(isScimError(response, 409, "uniqueness")).toBe(true);
    });
  });

  describe("GET by id (RFC 7644 §3.4.1)", () => {
    it("returns the resource; unknown ids are 404", async () => {
      const user = await createUser(base, "getter");
      const response = await call(base, "GET", `/Users/${user.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(user);
      const missing = await call(base, "GET", "/Users/00000000-0000-0000-0000-000000000000");
      expect(isScimError(missing, 404)).toBe(true);
    });

    it("applies attributes and excludedAttributes; id and schemas are always returned (RFC 7644 §3.9)", async () => {
      const user = await createUser(base, "projected", { displayName: "Pro Jected", title: "Chief" });
      const only = await call(base, "GET", `/Users/${user.id}?attributes=displayName`);
      expect(only.body.displayName).toBe("Pro Jected");
      expect(only.body.id).toBe(user.id);
      expect(only.body.schemas).toEqual(user.schemas);
      expect(only.body.title).toBeUndefined();
      expect(only.body.userName).toBeUndefined();
      const without = await call(base, "GET", `/Users/${user.id}?excludedAttributes=title`);
      expect(without.body.title).toBeUndefined();
      expect(without.body.userName).toBe("projected");
    });
  });

  describe("PUT (RFC 7644 §3.5.1)", () => {
    it("replaces attributes: omitted ones are cleared, readOnly ones ignored", async () => {
      const user = await createUser(base, "replaced", { title: "Old title", displayName: "Before" });
      const response = await call(base, "PUT", `/Users/${user.id}`, {
        schemas: [USER],
        userName: "replaced",
        displayName: "After",
        id: "ignored",
        meta: { created: "1999-01-01T00:00:00Z" },
      });
      expect(response.status).toBe(200);
      expect(response.body.id).toBe(user.id);
      expect(response.body.displayName).toBe("After");
      expect(response.body.title).toBeUndefined();
      expect(response.body.meta.created).toBe(user.meta.created);
      expect(response.body.meta.version).not.toBe(user.meta.version);
      expect(response.headers.get("etag")).toBe(response.body.meta.version);
    });

    it("enforces immutable attributes: a changed value is 400 mutability (RFC 7643 §7)", async () => {
      const created = await call(base, "POST", "/Devices", {
        schemas: [DEVICE_SCHEMA],
        displayName: "laptop-1",
        serialNumber: "SN-1",
      });
      expect(created.status).toBe(201);
      const same = await call(base, "PUT", `/Devices/${created.body.id}`, {
        schemas: [DEVICE_SCHEMA],
        displayName: "laptop-1b",
        serialNumber: "SN-1",
      });
      expect(same.status).toBe(200);
      const changed = await call(base, "PUT", `/Devices/${created.body.id}`, {
        schemas: [DEVICE_SCHEMA],
        displayName: "laptop-1b",
        serialNumber: "SN-2",
      });
      expect(isScimError(changed, 400, "mutability")).toBe(true);
    });

    it("404 for an unknown id", async () => {
      const response = await call(base, "PUT", "/Users/00000000-0000-0000-0000-000000000000", {
        schemas: [USER],
        userName: "nobody",
      });
      expect(isScimError(response, 404)).toBe(true);
    });

    it("409 when the new userName belongs to someone else", async () => {
      await createUser(base, "owner-of-name");
      const other = await createUser(base, "wants-name");
      const response = await call(base, "PUT", `/Users/${other.id}`, {
        schemas: [USER],
        userName: "Owner-Of-Name",
      });
      expect(isScimError(response, 409, "uniqueness")).toBe(true);
    });
  });

  describe("PATCH (RFC 7644 §3.5.2)", () => {
    it("replaces a value and bumps the version", async () => {
      const user = await createUser(base, "patched", { active: true });
      const response = await call(base, "PATCH", `/Users/${user.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "active", value: false }],
      });
      expect(response.status).toBe(200);
      expect(response.body.active).toBe(false);
      expect(response.body.meta.version).not.toBe(user.meta.version);
    });

    it("a PATCH that changes nothing keeps the version (RFC 7644 §3.14)", async () => {
      const user = await createUser(base, "unchanged", { active: true });
      const response = await call(base, "PATCH", `/Users/${user.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "active", value: true }],
      });
      expect(response.status).toBe(200);
      expect(response.body.meta.version).toBe(user.meta.version);
    });

    it("adds an email through a filtered path (RFC 7644 §3.5.2.1)", async () => {
      const user = await createUser(base, "emailer", { emails: [{ value: "a@example.com", type: "home" }] });
      const response = await call(base, "PATCH", `/Users/${user.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "add", path: "emails", value: [{ value: "w@example.com", type: "work" }] }],
      });
      expect(response.status).toBe(200);
      expect(response.body.emails.map((e: { value: string }) => e.value).sort()).toEqual([
        "a@example.com",
        "w@example.com",
      ]);
    });

    it("a PatchOp body without the PatchOp schema is 400 (RFC 7644 §3.5.2)", async () => {
      const user = await createUser(base, "bad-patch");
      const response = await call(base, "PATCH", `/Users/${user.id}`, {
        Operations: [{ op: "replace", path: "active", value: false }],
      });
      expect(isScimError(response, 400)).toBe(true);
    });

    it("an invalid path is 400 invalidPath (RFC 7644 §3.5.2)", async () => {
      const user = await createUser(base, "bad-path");
      const response = await call(base, "PATCH", `/Users/${user.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "emails[type eq", value: "x" }],
      });
      expect(isScimError(response, 400, "invalidPath")).toBe(true);
    });

    it("404 for an unknown id", async () => {
      const response = await call(base, "PATCH", "/Users/00000000-0000-0000-0000-000000000000", {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: "active", value: false }],
      });
      expect(isScimError(response, 404)).toBe(true);
    });
  });

  describe("DELETE (RFC 7644 §3.6)", () => {
    it("204, then GET is 404 and a second DELETE is 404", async () => {
      const user = await createUser(base, "deleted");
      const response = await call(base, "DELETE", `/Users/${user.id}`);
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expect(isScimError(await call(base, "GET", `/Users/${user.id}`), 404)).toBe(true);
      expect(isScimError(await call(base, "DELETE", `/Users/${user.id}`), 404)).toBe(true);
    });
  });

  describe("groups and membership (RFC 7643 §4.2, §4.1.2)", () => {
    it("members get $ref from the base URL; User.groups is computed", async () => {
      const alice = await createUser(base, "alice-member");
      const created = await call(base, "POST", "/Groups", {
        schemas: [GROUP],
        displayName: "Tour Guides",
        members: [{ value: alice.id, type: "User" }],
      });
      expect(created.status).toBe(201);
      // RFC 7643 §4.2 "display": the member's name as it is now (no displayName: its userName).
      expect(created.body.members).toEqual([
        { value: alice.id, type: "User", display: "alice-member", $ref: `${base}/Users/${alice.id}` },
      ]);
      const user = await call(base, "GET", `/Users/${alice.id}`);
      expect(user.body.groups).toEqual([
        {
          value: created.body.id,
          display: "Tour Guides",
          type: "direct",
          $ref: `${base}/Groups/${created.body.id}`,
        },
      ]);
    });

    it("PATCH add/remove members changes only those members (RFC 7644 §3.5.2.1, §3.5.2.2)", async () => {
      const a = await createUser(base, "gm-a");
      const b = await createUser(base, "gm-b");
      const c = await createUser(base, "gm-c");
      const group = (
        await call(base, "POST", "/Groups", {
          schemas: [GROUP],
          displayName: "Members",
          members: [{ value: a.id }],
        })
      ).body;
      const added = await call(base, "PATCH", `/Groups/${group.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "add", path: "members", value: [{ value: b.id }, { value: c.id }] }],
      });
      // A group PATCH answers 204 by default (RFC 7644 §3.5.2); the group is read back.
      expect(added.status).toBe(204);
      const afterAdd = await call(base, "GET", `/Groups/${group.id}`);
      expect(afterAdd.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
        [a.id, b.id, c.id].sort(),
      );
      const removed = await call(base, "PATCH", `/Groups/${group.id}?attributes=members`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "remove", path: `members[value eq "${b.id}"]` }],
      });
      // Asked for attributes: 200 with the projected group (RFC 7644 §3.5.2).
      expect(removed.status).toBe(200);
      expect(removed.body.members.map((m: { value: string }) => m.value).sort()).toEqual([a.id, c.id].sort());
      const userB = await call(base, "GET", `/Users/${b.id}`);
      expect(userB.body.groups).toBeUndefined();
    });

    it("PATCH remove with a members filter on display removes the matching members (RFC 7644 §3.5.2.2)", async () => {
      // The display a filter sees is the one the server returns: the member's current name.
      const a = await createUser(base, "display-a", { displayName: "Alpha" });
      const b = await createUser(base, "display-b", { displayName: "Beta" });
      const group = (
        await call(base, "POST", "/Groups", {
          schemas: [GROUP],
          displayName: "By display",
          members: [
            { value: a.id, display: "Stale Beta" },
            { value: b.id, display: "Stale Alpha" },
          ],
        })
      ).body;
      const response = await call(base, "PATCH", `/Groups/${group.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "remove", path: 'members[display eq "Beta"]' }],
      });
      expect(response.status).toBe(204);
      const fetched = await call(base, "GET", `/Groups/${group.id}`);
      expect(fetched.body.members.map((m: { value: string }) => m.value)).toEqual([a.id]);
    });

    it("deleting a user removes it from its groups (RFC 7644 §3.6)", async () => {
      const a = await createUser(base, "doomed-member");
      const group = (
        await call(base, "POST", "/Groups", {
          schemas: [GROUP],
          displayName: "Doomed",
          members: [{ value: a.id }],
        })
      ).body;
      await call(base, "DELETE", `/Users/${a.id}`);
      const fetched = await call(base, "GET", `/Groups/${group.id}`);
      expect(fetched.body.members).toBeUndefined();
    });

    it("excludedAttributes=members omits members (what Entra sends)", async () => {
      const a = await createUser(base, "excluded-member");
      const group = (
        await call(base, "POST", "/Groups", {
          schemas: [GROUP],
          displayName: "Excluded",
          members: [{ value: a.id }],
        })
      ).body;
      const fetched = await call(base, "GET", `/Groups/${group.id}?excludedAttributes=members`);
      expect(fetched.status).toBe(200);
      expect(fetched.body.members).toBeUndefined();
      expect(fetched.body.displayName).toBe("Excluded");
    });
  });

  describe("custom resource types", () => {
    it("serves a registered Device type at /Devices with CRUD; returned:never is never returned", async () => {
      const created = await call(base, "POST", "/Devices", {
        schemas: [DEVICE_SCHEMA],
        displayName: "phone-1",
        secret: "s3cr3t",
      });
      expect(created.status).toBe(201);
      expect(created.body.meta.resourceType).toBe("Device");
      expect(created.body.meta.location).toBe(`${base}/Devices/${created.body.id}`);
      expect(created.body.secret).toBeUndefined();
      const listed = await call(base, "GET", '/Devices?filter=displayName eq "PHONE-1"');
      expect(listed.body.totalResults).toBe(1);
      expect((await call(base, "DELETE", `/Devices/${created.body.id}`)).status).toBe(204);
    });
  });
});
