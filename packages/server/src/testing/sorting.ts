import { beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../context.js";
import type { ResourceStore } from "../store/store.js";
import { type CurrentStore, userData } from "./fixtures.js";

/** Sorting (RFC 7644 §3.4.2.3): case-insensitive by default, missing values last ascending. */
export function describeSorting(current: CurrentStore): void {
  describe("list: sorting (RFC 7644 §3.4.2.3)", () => {
    let store: ResourceStore;
    let ctx: RequestContext;
    beforeEach(() => {
      ({ store, ctx } = current());
    });

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
}
