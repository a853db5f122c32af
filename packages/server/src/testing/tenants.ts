import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { RequestContext } from "../context.js";
import type { ResourceStore } from "../store/store.js";
import { type CurrentStore, contextFor, expectScimError, userData } from "./fixtures.js";

/** Tenant isolation: nothing of one tenant is visible to or changeable by another. */
export function describeTenants(current: CurrentStore): void {
  describe("tenant isolation", () => {
    let store: ResourceStore;
    let ctx: RequestContext;
    beforeEach(() => {
      ({ store, ctx } = current());
    });

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
}
