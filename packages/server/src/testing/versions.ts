import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { type ContractTest, expectScimError, userData } from "./fixtures.js";

/** Versions (RFC 7644 §3.14): every change gets a new one, a stale expected version is refused. */
export function describeVersions(it: ContractTest): void {
  describe("versions (RFC 7644 §3.14)", () => {
    it("changes the version and lastModified on replace, keeps created", async ({ store, ctx }) => {
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

    it("replace with the current expectedVersion succeeds, a stale one fails with 412", async ({
      store,
      ctx,
    }) => {
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

    it("patch and delete with a stale expectedVersion fail with 412", async ({ store, ctx }) => {
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

    it("replace, patch and delete of an unknown id fail with 404", async ({ store, ctx }) => {
      const id = randomUUID();
      await expectScimError(store.replace(ctx, "User", id, userData("ghost", { id })), 404);
      await expectScimError(
        store.patch(ctx, "User", id, () => ({})),
        404,
      );
      await expectScimError(store.delete(ctx, "User", id), 404);
    });
  });
}
