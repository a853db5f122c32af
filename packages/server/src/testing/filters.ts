import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import { describe, expect } from "vitest";
import type { RequestContext } from "../context.js";
import type { ResourceStore } from "../store/store.js";
import { type ContractTest, groupData, userData } from "./fixtures.js";

/** Filters (RFC 7644 §3.4.2.2) select exactly what the evaluator of `@scimkit/filter` would. */
export function describeFilters(it: ContractTest): void {
  describe("list: filters pushed down (RFC 7644 §3.4.2.2)", () => {
    const seed = async (store: ResourceStore, ctx: RequestContext) => {
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

    const idsFor = async (store: ResourceStore, ctx: RequestContext, filter: string) => {
      const page = await store.list(ctx, "User", { count: 100, filter: parseFilter(filter) });
      expect(page.totalResults).toBe(page.resources.length);
      return page.resources.map((r) => r.id).sort();
    };

    it("eq on userName is case-insensitive (caseExact false)", async ({ store, ctx }) => {
      const { babs } = await seed(store, ctx);
      expect(await idsFor(store, ctx, 'userName eq "BJENSEN"')).toEqual([babs.id]);
      expect(await idsFor(store, ctx, 'userName eq "nobody"')).toEqual([]);
    });

    it("co, sw, ew, ne", async ({ store, ctx }) => {
      const { babs, jim, ann } = await seed(store, ctx);
      expect(await idsFor(store, ctx, 'name.familyName co "ens"')).toEqual([babs.id]);
      expect(await idsFor(store, ctx, 'userName sw "J"')).toEqual([jim.id]);
      expect(await idsFor(store, ctx, 'userName ew "NN"')).toEqual([ann.id]);
      expect(await idsFor(store, ctx, 'userName ne "jsmith"')).toEqual([babs.id, ann.id].sort());
    });

    it("pr, and booleans", async ({ store, ctx }) => {
      const { babs, jim, ann } = await seed(store, ctx);
      expect(await idsFor(store, ctx, "title pr")).toEqual([babs.id, ann.id].sort());
      expect(await idsFor(store, ctx, "active eq false")).toEqual([jim.id]);
      expect(await idsFor(store, ctx, "active eq true and title pr")).toEqual([babs.id, ann.id].sort());
    });

    it("and, or, not and precedence", async ({ store, ctx }) => {
      const { babs, jim, ann } = await seed(store, ctx);
      expect(await idsFor(store, ctx, 'userName eq "jsmith" or userName eq "ann"')).toEqual(
        [jim.id, ann.id].sort(),
      );
      expect(await idsFor(store, ctx, 'not (userName eq "jsmith")')).toEqual([babs.id, ann.id].sort());
      expect(
        await idsFor(store, ctx, 'userName eq "jsmith" or title eq "Engineer" and active eq false'),
      ).toEqual([jim.id]);
    });

    it('multi-valued attributes: emails.value and emails[type eq "work"] valuePath', async ({
      store,
      ctx,
    }) => {
      const { babs, ann } = await seed(store, ctx);
      expect(await idsFor(store, ctx, 'emails.value eq "babs@jensen.org"')).toEqual([babs.id]);
      expect(await idsFor(store, ctx, 'emails[type eq "work" and value co "example.com"]')).toEqual(
        [babs.id, ann.id].sort(),
      );
      // The valuePath condition must hold on one element: jim's only email is home.
      expect(
        await idsFor(store, ctx, 'emails[type eq "home" and value ew "example.org"]').then(
          (ids) => ids.length,
        ),
      ).toBe(1);
      expect(await idsFor(store, ctx, 'emails[type eq "work" and value eq "babs@jensen.org"]')).toEqual([]);
    });

    it("extension attributes by full URN path", async ({ store, ctx }) => {
      const { babs } = await seed(store, ctx);
      expect(await idsFor(store, ctx, `${ENTERPRISE_USER_SCHEMA}:department eq "Tour Operations"`)).toEqual([
        babs.id,
      ]);
      expect(await idsFor(store, ctx, `${ENTERPRISE_USER_SCHEMA}:employeeNumber pr`)).toEqual([babs.id]);
    });

    it("meta.lastModified compares as a dateTime", async ({ store, ctx }) => {
      const { babs, jim, ann } = await seed(store, ctx);
      expect(await idsFor(store, ctx, 'meta.lastModified gt "2000-01-01T00:00:00Z"')).toEqual(
        [babs.id, jim.id, ann.id].sort(),
      );
      expect(await idsFor(store, ctx, 'meta.lastModified lt "2000-01-01T00:00:00Z"')).toEqual([]);
    });

    it("id eq and members.value eq on groups", async ({ store, ctx }) => {
      const { babs, jim } = await seed(store, ctx);
      const group = await store.create(ctx, "Group", groupData("Guides", [babs.id]));
      await store.create(ctx, "Group", groupData("Others", [jim.id]));
      expect(await idsFor(store, ctx, `id eq "${jim.id}"`)).toEqual([jim.id]);
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
}
