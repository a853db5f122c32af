import { randomUUID } from "node:crypto";
import { ENTERPRISE_USER_SCHEMA, ScimError, USER_SCHEMA } from "@scimkit/core";
import { describe, expect } from "vitest";
import type { StoredResource } from "../store/store.js";
import { type ContractTest, expectScimError, userData } from "./fixtures.js";

/** Create, read, patch plans and delete: what a store does with one resource. */
export function describeLifecycle(it: ContractTest): void {
  describe("create and get", () => {
    it("returns the stored resource with id, version and ISO timestamps", async ({ store, ctx }) => {
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

    it("keeps extension attributes nested under their schema URN", async ({ store, ctx }) => {
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

    it("returns undefined for an unknown id", async ({ store, ctx }) => {
      expect(await store.get(ctx, "User", randomUUID())).toBeUndefined();
    });

    it("does not find a User under the Group type", async ({ store, ctx }) => {
      const user = await store.create(ctx, "User", userData("typed"));
      expect(await store.get(ctx, "Group", user.id)).toBeUndefined();
    });
  });

  describe("patch plans", () => {
    it("hands the plan the current resource and stores its data", async ({ store, ctx }) => {
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

    it("a plan that changes nothing does not bump the version (RFC 7644 §3.14)", async ({ store, ctx }) => {
      const user = await store.create(ctx, "User", userData("noop"));
      const patched = await store.patch(ctx, "User", user.id, () => ({}));
      expect(patched.version).toBe(user.version);
      expect(patched.lastModified).toBe(user.lastModified);
    });

    it("a plan that throws aborts the patch and leaves the resource unchanged", async ({ store, ctx }) => {
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
    it("removes the resource; a second delete is 404", async ({ store, ctx }) => {
      const user = await store.create(ctx, "User", userData("gone"));
      await store.delete(ctx, "User", user.id, { expectedVersion: user.version });
      expect(await store.get(ctx, "User", user.id)).toBeUndefined();
      await expectScimError(store.delete(ctx, "User", user.id), 404);
    });
  });
}
