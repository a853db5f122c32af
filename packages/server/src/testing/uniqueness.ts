import { ScimError } from "@scimkit/core";
import { parseFilter } from "@scimkit/filter";
import { describe, expect } from "vitest";
import { type ContractTest, expectScimError, userData } from "./fixtures.js";

/** `uniqueness: server` attributes (RFC 7643 §7) are unique per tenant and type, whatever the race. */
export function describeUniqueness(it: ContractTest): void {
  describe("uniqueness (RFC 7643 §7 uniqueness: server; RFC 7644 §3.3 409)", () => {
    it("rejects a second userName with 409 uniqueness", async ({ store, ctx }) => {
      await store.create(ctx, "User", userData("alice"));
      await expectScimError(store.create(ctx, "User", userData("alice")), 409, "uniqueness");
      // The error says which attribute is taken (the brief: errors name the attribute path).
      await expect(store.create(ctx, "User", userData("alice"))).rejects.toThrow(/userName/);
      // Nothing of the refused create is stored.
      const page = await store.list(ctx, "User", { filter: parseFilter('userName eq "alice"'), count: 10 });
      expect(page.totalResults).toBe(1);
    });

    it("compares userName case-insensitively (caseExact false, RFC 7643 §4.1.1)", async ({ store, ctx }) => {
      await store.create(ctx, "User", userData("Alice"));
      await expectScimError(store.create(ctx, "User", userData("aLICE")), 409, "uniqueness");
    });

    it("rejects a replace that takes another resource's userName", async ({ store, ctx }) => {
      await store.create(ctx, "User", userData("taken"));
      const other = await store.create(ctx, "User", userData("other"));
      await expectScimError(store.replace(ctx, "User", other.id, userData("TAKEN", { id: other.id })), 409);
    });

    it("lets a resource keep (and re-case) its own userName", async ({ store, ctx }) => {
      const user = await store.create(ctx, "User", userData("self"));
      const replaced = await store.replace(ctx, "User", user.id, userData("SELF", { id: user.id }));
      expect(replaced.data.userName).toBe("SELF");
    });

    it("frees a userName when its resource is deleted or renamed", async ({ store, ctx }) => {
      const first = await store.create(ctx, "User", userData("recycled"));
      await store.delete(ctx, "User", first.id);
      const second = await store.create(ctx, "User", userData("recycled"));
      await store.replace(ctx, "User", second.id, userData("renamed", { id: second.id }));
      await expect(store.create(ctx, "User", userData("recycled"))).resolves.toBeDefined();
    });

    it("rejects a patch that takes another resource's userName", async ({ store, ctx }) => {
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

    it("yields exactly one resource for 20 concurrent creates with one userName", async ({ store, ctx }) => {
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
}
