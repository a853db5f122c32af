/**
 * The store contract suite: the behaviour every {@link ResourceStore} must show, as a vitest suite.
 * Run it from your store's test file:
 *
 * @example
 * import { runStoreContract } from "@scimkit/server/testing";
 * runStoreContract("MyStore", async ({ registry }) => {
 *   const store = await MyStore.open({ registry });
 *   return { store, cleanup: () => store.close() };
 * });
 */
import { randomUUID } from "node:crypto";
import {
  createDefaultRegistry,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  type SchemaRegistry,
  ScimError,
  USER_SCHEMA,
} from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../context.js";
import type { ResourceData, ResourceStore, StoredResource } from "../store/store.js";

/** What the factory receives: the registry the suite writes resources against. */
export interface StoreContractSetup {
  readonly registry: SchemaRegistry;
}

/** What the factory returns: a fresh, empty store and how to dispose of it. */
export interface StoreUnderTest {
  readonly store: ResourceStore;
  readonly cleanup?: () => Promise<void>;
}

/** Creates a fresh, empty store for one test. */
export type StoreFactory = (setup: StoreContractSetup) => Promise<StoreUnderTest>;

function contextFor(tenantId: string): RequestContext {
  return { tenantId, baseUrl: "https://scim.example.com/v2", attributes: new Map() };
}

function userData(userName: string, extra: ResourceData = {}): ResourceData {
  return { id: randomUUID(), schemas: [USER_SCHEMA], userName, ...extra };
}

function groupData(displayName: string, members: string[] = []): ResourceData {
  const data: ResourceData = { id: randomUUID(), schemas: [GROUP_SCHEMA], displayName };
  if (members.length > 0) data.members = members.map((value) => ({ value, type: "User" }));
  return data;
}

/** Asserts that `promise` rejects with a `ScimError` of this status (and scimType). */
async function expectScimError(promise: Promise<unknown>, status: number, scimType?: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(ScimError.is(caught), `expected a ScimError ${status}, got ${String(caught)}`).toBe(true);
  const error = caught as ScimError;
  expect(error.status).toBe(status);
  if (scimType !== undefined) expect(error.scimType).toBe(scimType);
}

const memberIds = (stored: StoredResource | undefined): string[] =>
  ((stored?.data.members as { value: string }[] | undefined) ?? []).map((m) => m.value).sort();

const groupIds = (stored: StoredResource | undefined): string[] =>
  ((stored?.data.groups as { value: string }[] | undefined) ?? []).map((g) => g.value).sort();

/**
 * Registers the contract suite for a store. `makeStore` is called once per test and must return an
 * empty store (or one isolated by a fresh tenant); `cleanup` runs after each test.
 */
export function runStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`ResourceStore contract: ${name}`, () => {
    const registry = createDefaultRegistry();
    let store: ResourceStore;
    let cleanup: (() => Promise<void>) | undefined;
    // A fresh tenant per test keeps tests independent even for stores that share a database.
    let ctx: RequestContext;

    beforeEach(async () => {
      const made = await makeStore({ registry });
      store = made.store;
      cleanup = made.cleanup;
      ctx = contextFor(`tenant-${randomUUID()}`);
    });

    afterEach(async () => {
      await cleanup?.();
    });

    describe("create and get", () => {
      it("returns the stored resource with id, version and ISO timestamps", async () => {
        const data = userData("bjensen", {
          name: { givenName: "Barbara", familyName: "Jensen" },
          active: true,
        });
        const created = await store.create(ctx, "User", data);
        expect(created.id).toBe(data.id);
        expect(created.resourceType).toBe("User");
        expect(created.data.userName).toBe("bjensen");
        expect(created.data.id).toBe(data.id);
        expect(created.data.name).toEqual({ givenName: "Barbara", familyName: "Jensen" });
        expect(created.data.meta).toBeUndefined();
        expect(typeof created.version).toBe("string");
        expect(created.version.length).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(created.created))).toBe(false);
        expect(Number.isNaN(Date.parse(created.lastModified))).toBe(false);
        const fetched = await store.get(ctx, "User", created.id);
        expect(fetched?.data).toEqual(created.data);
        expect(fetched?.version).toBe(created.version);
      });

      it("keeps extension attributes nested under their schema URN", async () => {
        const extension = { department: "Tour Operations", employeeNumber: "701984" };
        const created = await store.create(
          ctx,
          "User",
          userData("ext", {
            schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
            [ENTERPRISE_USER_SCHEMA]: extension,
          }),
        );
        const fetched = await store.get(ctx, "User", created.id);
        expect(fetched?.data[ENTERPRISE_USER_SCHEMA]).toEqual(extension);
      });

      it("returns undefined for an unknown id", async () => {
        expect(await store.get(ctx, "User", randomUUID())).toBeUndefined();
      });

      it("does not find a User under the Group type", async () => {
        const user = await store.create(ctx, "User", userData("typed"));
        expect(await store.get(ctx, "Group", user.id)).toBeUndefined();
      });
    });

    describe("uniqueness (RFC 7643 §7 uniqueness: server; RFC 7644 §3.3 409)", () => {
      it("rejects a second userName with 409 uniqueness", async () => {
        await store.create(ctx, "User", userData("alice"));
        await expectScimError(store.create(ctx, "User", userData("alice")), 409, "uniqueness");
      });

      it("compares userName case-insensitively (caseExact false, RFC 7643 §4.1.1)", async () => {
        await store.create(ctx, "User", userData("Alice"));
        await expectScimError(store.create(ctx, "User", userData("aLICE")), 409, "uniqueness");
      });

      it("rejects a replace that takes another resource's userName", async () => {
        await store.create(ctx, "User", userData("taken"));
        const other = await store.create(ctx, "User", userData("other"));
        await expectScimError(store.replace(ctx, "User", other.id, userData("TAKEN", { id: other.id })), 409);
      });

      it("lets a resource keep (and re-case) its own userName", async () => {
        const user = await store.create(ctx, "User", userData("self"));
        const replaced = await store.replace(ctx, "User", user.id, userData("SELF", { id: user.id }));
        expect(replaced.data.userName).toBe("SELF");
      });

      it("frees a userName when its resource is deleted or renamed", async () => {
        const first = await store.create(ctx, "User", userData("recycled"));
        await store.delete(ctx, "User", first.id);
        const second = await store.create(ctx, "User", userData("recycled"));
        await store.replace(ctx, "User", second.id, userData("renamed", { id: second.id }));
        await expect(store.create(ctx, "User", userData("recycled"))).resolves.toBeDefined();
      });

      it("rejects a patch that takes another resource's userName", async () => {
        await store.create(ctx, "User", userData("patched-taken"));
        const other = await store.create(ctx, "User", userData("patched-other"));
        await expectScimError(
          store.patch(ctx, "User", other.id, (current) => ({
            data: { ...current.data, userName: "patched-taken" },
          })),
          409,
          "uniqueness",
        );
        expect((await store.get(ctx, "User", other.id))?.data.userName).toBe("patched-other");
      });

      it("yields exactly one resource for 20 concurrent creates with one userName", async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, () => store.create(ctx, "User", userData("race"))),
        );
        const fulfilled = results.filter((r) => r.status === "fulfilled");
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(fulfilled).toHaveLength(1);
        expect(rejected).toHaveLength(19);
        for (const r of rejected) {
          expect(ScimError.is(r.reason) && r.reason.status).toBe(409);
        }
        const page = await store.list(ctx, "User", { count: 100, filter: parseFilter('userName eq "race"') });
        expect(page.totalResults).toBe(1);
      });
    });

    describe("versions (RFC 7644 §3.14)", () => {
      it("changes the version and lastModified on replace, keeps created", async () => {
        const user = await store.create(ctx, "User", userData("versioned"));
        await new Promise((resolve) => setTimeout(resolve, 5));
        const replaced = await store.replace(
          ctx,
          "User",
          user.id,
          userData("versioned", { id: user.id, title: "x" }),
        );
        expect(replaced.version).not.toBe(user.version);
        expect(replaced.created).toBe(user.created);
        expect(Date.parse(replaced.lastModified)).toBeGreaterThan(Date.parse(user.created));
        expect(replaced.data.title).toBe("x");
      });

      it("replace with the current expectedVersion succeeds, a stale one fails with 412", async () => {
        const user = await store.create(ctx, "User", userData("cas"));
        const replaced = await store.replace(
          ctx,
          "User",
          user.id,
          userData("cas", { id: user.id, title: "a" }),
          {
            expectedVersion: user.version,
          },
        );
        await expectScimError(
          store.replace(ctx, "User", user.id, userData("cas", { id: user.id, title: "b" }), {
            expectedVersion: user.version,
          }),
          412,
        );
        expect((await store.get(ctx, "User", user.id))?.data.title).toBe("a");
        expect((await store.get(ctx, "User", user.id))?.version).toBe(replaced.version);
      });

      it("patch and delete with a stale expectedVersion fail with 412", async () => {
        const user = await store.create(ctx, "User", userData("stale"));
        await store.replace(ctx, "User", user.id, userData("stale", { id: user.id, title: "new" }));
        await expectScimError(
          store.patch(ctx, "User", user.id, (c) => ({ data: { ...c.data, title: "p" } }), {
            expectedVersion: user.version,
          }),
          412,
        );
        await expectScimError(store.delete(ctx, "User", user.id, { expectedVersion: user.version }), 412);
        expect(await store.get(ctx, "User", user.id)).toBeDefined();
      });

      it("replace, patch and delete of an unknown id fail with 404", async () => {
        const id = randomUUID();
        await expectScimError(store.replace(ctx, "User", id, userData("ghost", { id })), 404);
        await expectScimError(
          store.patch(ctx, "User", id, () => ({})),
          404,
        );
        await expectScimError(store.delete(ctx, "User", id), 404);
      });
    });

    describe("patch plans", () => {
      it("hands the plan the current resource and stores its data", async () => {
        const user = await store.create(ctx, "User", userData("planned", { displayName: "Old" }));
        let seen: StoredResource | undefined;
        const patched = await store.patch(ctx, "User", user.id, (current) => {
          seen = current;
          return { data: { ...current.data, displayName: "New" } };
        });
        expect(seen?.data.displayName).toBe("Old");
        expect(seen?.version).toBe(user.version);
        expect(patched.data.displayName).toBe("New");
        expect(patched.version).not.toBe(user.version);
        expect((await store.get(ctx, "User", user.id))?.data.displayName).toBe("New");
      });

      it("a plan that changes nothing does not bump the version (RFC 7644 §3.14)", async () => {
        const user = await store.create(ctx, "User", userData("noop"));
        const patched = await store.patch(ctx, "User", user.id, () => ({}));
        expect(patched.version).toBe(user.version);
        expect(patched.lastModified).toBe(user.lastModified);
      });

      it("a plan that throws aborts the patch and leaves the resource unchanged", async () => {
        const user = await store.create(ctx, "User", userData("abort", { displayName: "Keep" }));
        await expectScimError(
          store.patch(ctx, "User", user.id, () => {
            throw new ScimError(400, "noTarget", "no such value");
          }),
          400,
          "noTarget",
        );
        const fetched = await store.get(ctx, "User", user.id);
        expect(fetched?.data.displayName).toBe("Keep");
        expect(fetched?.version).toBe(user.version);
      });
    });

    describe("delete", () => {
      it("removes the resource; a second delete is 404", async () => {
        const user = await store.create(ctx, "User", userData("gone"));
        await store.delete(ctx, "User", user.id, { expectedVersion: user.version });
        expect(await store.get(ctx, "User", user.id)).toBeUndefined();
        await expectScimError(store.delete(ctx, "User", user.id), 404);
      });
    });

    describe("group membership (RFC 7643 §4.2, §4.1.2)", () => {
      it("stores members on create and computes User.groups", async () => {
        const a = await store.create(ctx, "User", userData("member-a"));
        const b = await store.create(ctx, "User", userData("member-b"));
        const group = await store.create(ctx, "Group", groupData("Admins", [a.id, b.id]));
        expect(memberIds(group)).toEqual([a.id, b.id].sort());
        expect(memberIds(await store.get(ctx, "Group", group.id))).toEqual([a.id, b.id].sort());
        const userA = await store.get(ctx, "User", a.id);
        expect(groupIds(userA)).toEqual([group.id]);
        const entry = ((userA?.data.groups ?? []) as Record<string, unknown>[])[0];
        expect(entry?.display).toBe("Admins");
        expect(entry?.type).toBe("direct");
      });

      it("keeps member type and display", async () => {
        const a = await store.create(ctx, "User", userData("typed-member"));
        const group = await store.create(ctx, "Group", {
          ...groupData("Typed"),
          members: [{ value: a.id, type: "User", display: "Typed Member" }],
        });
        const members = (await store.get(ctx, "Group", group.id))?.data.members as Record<string, unknown>[];
        expect(members).toEqual([{ value: a.id, type: "User", display: "Typed Member" }]);
      });

      it("omits members when withMembers is false", async () => {
        const a = await store.create(ctx, "User", userData("hidden-member"));
        const group = await store.create(ctx, "Group", groupData("Hidden", [a.id]));
        const fetched = await store.get(ctx, "Group", group.id, { withMembers: false });
        expect(fetched?.data.members).toBeUndefined();
        expect(fetched?.data.displayName).toBe("Hidden");
        const page = await store.list(ctx, "Group", { count: 10, withMembers: false });
        expect(page.resources[0]?.data.members).toBeUndefined();
      });

      it("adds and removes members by delta and bumps the group version", async () => {
        const a = await store.create(ctx, "User", userData("delta-a"));
        const b = await store.create(ctx, "User", userData("delta-b"));
        const c = await store.create(ctx, "User", userData("delta-c"));
        const group = await store.create(ctx, "Group", groupData("Delta", [a.id]));
        const added = await store.patch(ctx, "Group", group.id, (current) => {
          expect(current.data.members).toBeUndefined();
          return {
            members: {
              add: [
                { value: b.id, type: "User" },
                { value: c.id, type: "User" },
              ],
            },
          };
        });
        expect(memberIds(added)).toEqual([a.id, b.id, c.id].sort());
        expect(added.version).not.toBe(group.version);
        const removed = await store.patch(ctx, "Group", group.id, () => ({ members: { remove: [a.id] } }));
        expect(memberIds(removed)).toEqual([b.id, c.id].sort());
        expect(groupIds(await store.get(ctx, "User", a.id))).toEqual([]);
        expect(groupIds(await store.get(ctx, "User", b.id))).toEqual([group.id]);
        const cleared = await store.patch(ctx, "Group", group.id, () => ({ members: { remove: "all" } }));
        expect(memberIds(cleared)).toEqual([]);
        expect(groupIds(await store.get(ctx, "User", c.id))).toEqual([]);
      });

      it("a delta that changes nothing does not bump the version", async () => {
        const a = await store.create(ctx, "User", userData("idem-a"));
        const group = await store.create(ctx, "Group", groupData("Idem", [a.id]));
        const readd = await store.patch(ctx, "Group", group.id, () => ({
          members: { add: [{ value: a.id, type: "User" }] },
        }));
        expect(readd.version).toBe(group.version);
        const removeAbsent = await store.patch(ctx, "Group", group.id, () => ({
          members: { remove: [randomUUID()] },
        }));
        expect(removeAbsent.version).toBe(group.version);
        expect(memberIds(removeAbsent)).toEqual([a.id]);
      });

      it("applies attribute data and a member delta in one patch", async () => {
        const a = await store.create(ctx, "User", userData("both-a"));
        const group = await store.create(ctx, "Group", groupData("Before"));
        const patched = await store.patch(ctx, "Group", group.id, (current) => ({
          data: { ...current.data, displayName: "After" },
          members: { add: [{ value: a.id, type: "User" }] },
        }));
        expect(patched.data.displayName).toBe("After");
        expect(memberIds(patched)).toEqual([a.id]);
        const groups = ((await store.get(ctx, "User", a.id))?.data.groups ?? []) as Record<string, unknown>[];
        expect(groups[0]?.display).toBe("After");
      });

      it("replace sets the member set from data.members (absent means none)", async () => {
        const a = await store.create(ctx, "User", userData("put-a"));
        const b = await store.create(ctx, "User", userData("put-b"));
        const group = await store.create(ctx, "Group", groupData("Put", [a.id]));
        const replaced = await store.replace(ctx, "Group", group.id, {
          ...groupData("Put", [b.id]),
          id: group.id,
        });
        expect(memberIds(replaced)).toEqual([b.id]);
        expect(groupIds(await store.get(ctx, "User", a.id))).toEqual([]);
        const emptied = await store.replace(ctx, "Group", group.id, { ...groupData("Put"), id: group.id });
        expect(memberIds(emptied)).toEqual([]);
      });

      it("deleting a user removes its memberships (RFC 7644 §3.6)", async () => {
        const a = await store.create(ctx, "User", userData("cascade-a"));
        const b = await store.create(ctx, "User", userData("cascade-b"));
        const group = await store.create(ctx, "Group", groupData("Cascade", [a.id, b.id]));
        await store.delete(ctx, "User", a.id);
        expect(memberIds(await store.get(ctx, "Group", group.id))).toEqual([b.id]);
      });

      it("deleting a group removes it from User.groups", async () => {
        const a = await store.create(ctx, "User", userData("orphan"));
        const group = await store.create(ctx, "Group", groupData("Doomed", [a.id]));
        await store.delete(ctx, "Group", group.id);
        expect(groupIds(await store.get(ctx, "User", a.id))).toEqual([]);
      });

      it("concurrent patches adding different members lose none", async () => {
        const users = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.create(ctx, "User", userData(`concurrent-${i}`))),
        );
        const group = await store.create(ctx, "Group", groupData("Busy"));
        await Promise.all(
          users.map((u) =>
            store.patch(ctx, "Group", group.id, () => ({
              members: { add: [{ value: u.id, type: "User" }] },
            })),
          ),
        );
        expect(memberIds(await store.get(ctx, "Group", group.id))).toEqual(users.map((u) => u.id).sort());
      });
    });

    describe("list: filters pushed down (RFC 7644 §3.4.2.2)", () => {
      const seed = async () => {
        const babs = await store.create(
          ctx,
          "User",
          userData("bjensen", {
            schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
            name: { familyName: "Jensen", givenName: "Barbara" },
            title: "Tour Guide",
            active: true,
            emails: [
              { value: "bjensen@example.com", type: "work", primary: true },
              { value: "babs@jensen.org", type: "home" },
            ],
            [ENTERPRISE_USER_SCHEMA]: { department: "Tour Operations", employeeNumber: "701984" },
          }),
        );
        const jim = await store.create(
          ctx,
          "User",
          userData("jsmith", {
            name: { familyName: "Smith", givenName: "Jim" },
            active: false,
            emails: [{ value: "jim@example.org", type: "home" }],
          }),
        );
        const ann = await store.create(
          ctx,
          "User",
          userData("Ann", {
            schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
            name: { familyName: "Archer", givenName: "Ann" },
            title: "Engineer",
            active: true,
            emails: [{ value: "ann@example.com", type: "work" }],
            [ENTERPRISE_USER_SCHEMA]: { department: "R&D" },
          }),
        );
        return { babs, jim, ann };
      };

      const idsFor = async (filter: string) => {
        const page = await store.list(ctx, "User", { count: 100, filter: parseFilter(filter) });
        expect(page.totalResults).toBe(page.resources.length);
        return page.resources.map((r) => r.id).sort();
      };

      it("eq on userName is case-insensitive (caseExact false)", async () => {
        const { babs } = await seed();
        expect(await idsFor('userName eq "BJENSEN"')).toEqual([babs.id]);
        expect(await idsFor('userName eq "nobody"')).toEqual([]);
      });

      it("co, sw, ew, ne", async () => {
        const { babs, jim, ann } = await seed();
        expect(await idsFor('name.familyName co "ens"')).toEqual([babs.id]);
        expect(await idsFor('userName sw "J"')).toEqual([jim.id]);
        expect(await idsFor('userName ew "NN"')).toEqual([ann.id]);
        expect(await idsFor('userName ne "jsmith"')).toEqual([babs.id, ann.id].sort());
      });

      it("pr, and booleans", async () => {
        const { babs, jim, ann } = await seed();
        expect(await idsFor("title pr")).toEqual([babs.id, ann.id].sort());
        expect(await idsFor("active eq false")).toEqual([jim.id]);
        expect(await idsFor("active eq true and title pr")).toEqual([babs.id, ann.id].sort());
      });

      it("and, or, not and precedence", async () => {
        const { babs, jim, ann } = await seed();
        expect(await idsFor('userName eq "jsmith" or userName eq "ann"')).toEqual([jim.id, ann.id].sort());
        expect(await idsFor('not (userName eq "jsmith")')).toEqual([babs.id, ann.id].sort());
        expect(await idsFor('userName eq "jsmith" or title eq "Engineer" and active eq false')).toEqual([
          jim.id,
        ]);
      });

      it('multi-valued attributes: emails.value and emails[type eq "work"] valuePath', async () => {
        const { babs, ann } = await seed();
        expect(await idsFor('emails.value eq "babs@jensen.org"')).toEqual([babs.id]);
        expect(await idsFor('emails[type eq "work" and value co "example.com"]')).toEqual(
          [babs.id, ann.id].sort(),
        );
        // The valuePath condition must hold on one element: jim's only email is home.
        expect(
          await idsFor('emails[type eq "home" and value ew "example.org"]').then((ids) => ids.length),
        ).toBe(1);
        expect(await idsFor('emails[type eq "work" and value eq "babs@jensen.org"]')).toEqual([]);
      });

      it("extension attributes by full URN path", async () => {
        const { babs } = await seed();
        expect(await idsFor(`${ENTERPRISE_USER_SCHEMA}:department eq "Tour Operations"`)).toEqual([babs.id]);
        expect(await idsFor(`${ENTERPRISE_USER_SCHEMA}:employeeNumber pr`)).toEqual([babs.id]);
      });

      it("meta.lastModified compares as a dateTime", async () => {
        const { babs, jim, ann } = await seed();
        expect(await idsFor('meta.lastModified gt "2000-01-01T00:00:00Z"')).toEqual(
          [babs.id, jim.id, ann.id].sort(),
        );
        expect(await idsFor('meta.lastModified lt "2000-01-01T00:00:00Z"')).toEqual([]);
      });

      it("id eq and members.value eq on groups", async () => {
        const { babs, jim } = await seed();
        const group = await store.create(ctx, "Group", groupData("Guides", [babs.id]));
        await store.create(ctx, "Group", groupData("Others", [jim.id]));
        expect(await idsFor(`id eq "${jim.id}"`)).toEqual([jim.id]);
        const page = await store.list(ctx, "Group", {
          count: 10,
          filter: parseFilter(`members.value eq "${babs.id}"`),
        });
        expect(page.resources.map((r) => r.id)).toEqual([group.id]);
        const byName = await store.list(ctx, "Group", {
          count: 10,
          filter: parseFilter('displayName eq "guides"'),
        });
        expect(byName.resources.map((r) => r.id)).toEqual([group.id]);
      });
    });

    describe("list: sorting (RFC 7644 §3.4.2.3)", () => {
      it("sorts case-insensitively ascending and descending; missing values last when ascending", async () => {
        await store.create(ctx, "User", userData("b", { title: "beta" }));
        await store.create(ctx, "User", userData("a", { title: "Alpha" }));
        await store.create(ctx, "User", userData("c"));
        await store.create(ctx, "User", userData("d", { title: "Gamma" }));
        const ascending = await store.list(ctx, "User", {
          count: 10,
          sort: { by: { attribute: "title" }, order: "ascending" },
        });
        expect(ascending.resources.map((r) => r.data.userName)).toEqual(["a", "b", "d", "c"]);
        const descending = await store.list(ctx, "User", {
          count: 10,
          sort: { by: { attribute: "title" }, order: "descending" },
        });
        expect(descending.resources.map((r) => r.data.userName)).toEqual(["c", "d", "b", "a"]);
      });

      it("sorts by a sub-attribute and by userName", async () => {
        await store.create(ctx, "User", userData("x1", { name: { familyName: "Zeta" } }));
        await store.create(ctx, "User", userData("X0", { name: { familyName: "alpha" } }));
        const byFamily = await store.list(ctx, "User", {
          count: 10,
          sort: { by: { attribute: "name", subAttribute: "familyName" }, order: "ascending" },
        });
        expect(byFamily.resources.map((r) => r.data.userName)).toEqual(["X0", "x1"]);
        const byUserName = await store.list(ctx, "User", {
          count: 10,
          sort: { by: { attribute: "userName" }, order: "descending" },
        });
        expect(byUserName.resources.map((r) => r.data.userName)).toEqual(["x1", "X0"]);
      });

      it("sorts a multi-valued attribute by its primary value", async () => {
        await store.create(
          ctx,
          "User",
          userData("p1", { emails: [{ value: "a@x.org" }, { value: "z@x.org", primary: true }] }),
        );
        await store.create(ctx, "User", userData("p2", { emails: [{ value: "m@x.org" }] }));
        const page = await store.list(ctx, "User", {
          count: 10,
          sort: { by: { attribute: "emails", subAttribute: "value" }, order: "ascending" },
        });
        expect(page.resources.map((r) => r.data.userName)).toEqual(["p2", "p1"]);
      });
    });

    describe("list: paging", () => {
      const seedNumbered = async (n: number) => {
        for (let i = 0; i < n; i++) {
          await store.create(ctx, "User", userData(`user${String(i).padStart(2, "0")}`));
        }
      };
      const sortByUserName = { by: { attribute: "userName" }, order: "ascending" } as const;

      it("index paging is 1-based and reports totalResults (RFC 7644 §3.4.2.4)", async () => {
        await seedNumbered(7);
        const first = await store.list(ctx, "User", { startIndex: 1, count: 3, sort: sortByUserName });
        expect(first.totalResults).toBe(7);
        expect(first.resources.map((r) => r.data.userName)).toEqual(["user00", "user01", "user02"]);
        const third = await store.list(ctx, "User", { startIndex: 7, count: 3, sort: sortByUserName });
        expect(third.resources.map((r) => r.data.userName)).toEqual(["user06"]);
        const beyond = await store.list(ctx, "User", { startIndex: 20, count: 3, sort: sortByUserName });
        expect(beyond.resources).toEqual([]);
        expect(beyond.totalResults).toBe(7);
      });

      it("count 0 returns only totalResults (RFC 7644 §3.4.2.4)", async () => {
        await seedNumbered(4);
        const page = await store.list(ctx, "User", { count: 0 });
        expect(page.resources).toEqual([]);
        expect(page.totalResults).toBe(4);
      });

      it("paging without sortBy visits every resource exactly once", async () => {
        await seedNumbered(9);
        const seen: string[] = [];
        for (let start = 1; start <= 9; start += 4) {
          const page = await store.list(ctx, "User", { startIndex: start, count: 4 });
          seen.push(...page.resources.map((r) => r.id));
        }
        expect(new Set(seen).size).toBe(9);
      });

      it("cursor paging (RFC 9865): empty cursor starts, nextCursor continues, last page has none", async () => {
        await seedNumbered(7);
        const names: string[] = [];
        let cursor = "";
        let pages = 0;
        for (;;) {
          const page = await store.list(ctx, "User", { cursor, count: 3, sort: sortByUserName });
          pages += 1;
          expect(page.totalResults).toBe(7);
          names.push(...page.resources.map((r) => String(r.data.userName)));
          if (page.nextCursor === undefined) break;
          expect(page.nextCursor).toMatch(/^[A-Za-z0-9\-._~]+$/);
          cursor = page.nextCursor;
          expect(pages).toBeLessThan(10);
        }
        expect(pages).toBe(3);
        expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `user${String(i).padStart(2, "0")}`));
      });

      it("cursor paging without sortBy and with a filter visits each match once", async () => {
        await seedNumbered(10);
        const filter = parseFilter('userName sw "user0"');
        const ids: string[] = [];
        let cursor = "";
        for (let guard = 0; guard < 10; guard++) {
          const page = await store.list(ctx, "User", { cursor, count: 4, filter });
          ids.push(...page.resources.map((r) => r.id));
          if (page.nextCursor === undefined) break;
          cursor = page.nextCursor;
        }
        expect(ids).toHaveLength(10);
        expect(new Set(ids).size).toBe(10);
      });

      it("a cursor that was not issued is a 400 error (RFC 9865 invalidCursor)", async () => {
        await seedNumbered(2);
        await expectScimError(store.list(ctx, "User", { cursor: "not-a-cursor", count: 1 }), 400);
      });
    });

    describe("tenant isolation", () => {
      it("never shows or touches another tenant's resources", async () => {
        const other = contextFor(`tenant-${randomUUID()}`);
        const user = await store.create(ctx, "User", userData("shared-name"));
        // The same userName is free in another tenant.
        const theirs = await store.create(other, "User", userData("shared-name"));
        expect(await store.get(other, "User", user.id)).toBeUndefined();
        expect((await store.list(other, "User", { count: 10 })).resources.map((r) => r.id)).toEqual([
          theirs.id,
        ]);
        await expectScimError(store.delete(other, "User", user.id), 404);
        await expectScimError(store.replace(other, "User", user.id, userData("x", { id: user.id })), 404);
        expect(await store.get(ctx, "User", user.id)).toBeDefined();
      });
    });
  });
}
