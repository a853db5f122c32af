import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { type ContractTest, contextFor, expectScimError, userData } from "./fixtures.js";

/** Tenant isolation: nothing of one tenant is visible to or changeable by another. */
export function describeTenants(it: ContractTest): void {
  describe("tenant isolation", () => {
    it("never shows or touches another tenant's resources", async ({ store, ctx }) => {
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
}
