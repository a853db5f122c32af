import { describe, expect } from "vitest";
import { type ContractTest, userData } from "./fixtures.js";

/** Sorting (RFC 7644 §3.4.2.3): case-insensitive by default, missing values last ascending. */
export function describeSorting(it: ContractTest): void {
  describe("list: sorting (RFC 7644 §3.4.2.3)", () => {
    it("sorts case-insensitively ascending and descending; missing values last when ascending", async ({
      store,
      ctx,
    }) => {
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

    it("sorts by a sub-attribute and by userName", async ({ store, ctx }) => {
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

    it("sorts a multi-valued attribute by its primary value", async ({ store, ctx }) => {
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
