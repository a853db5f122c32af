import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { type ContractTest, groupData, groupIds, memberIds, userData } from "./fixtures.js";

/** Group members and the computed `User.groups` (RFC 7643 §4.1.2, §4.2). */
export function describeMembership(it: ContractTest): void {
  describe("group membership (RFC 7643 §4.2, §4.1.2)", () => {
    it("stores members on create and computes User.groups", async ({ store, ctx }) => {
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

    it("keeps member type and names each member by its current name (RFC 7643 §4.2 display)", async ({
      store,
      ctx,
    }) => {
      // RFC 7643 §4.2: "display  A human-readable name, primarily used for display purposes.
      // READ-ONLY." The store names a member as it is now, whatever the writer sent.
      const named = await store.create(
        ctx,
        "User",
        userData("typed-member", { displayName: "Typed Member" }),
      );
      const bare = await store.create(ctx, "User", userData("bare-member"));
      const nested = await store.create(ctx, "Group", groupData("Nested"));
      const unknown = randomUUID();
      const group = await store.create(ctx, "Group", {
        ...groupData("Typed"),
        members: [
          { value: named.id, type: "User", display: "Stale Name" },
          { value: bare.id, type: "User" },
          { value: nested.id, type: "Group" },
          { value: unknown, type: "User", display: "Not Here" },
        ],
      });
      const members = (await store.get(ctx, "Group", group.id))?.data.members as Record<string, unknown>[];
      expect(members).toEqual([
        { value: named.id, type: "User", display: "Typed Member" },
        { value: bare.id, type: "User", display: "bare-member" },
        { value: nested.id, type: "Group", display: "Nested" },
        { value: unknown, type: "User", display: "Not Here" },
      ]);
      await store.replace(ctx, "User", named.id, { ...named.data, displayName: "Renamed Member" });
      const page = await store.list(ctx, "Group", { count: 10 });
      const listed = page.resources.find((resource) => resource.id === group.id)?.data.members as Record<
        string,
        unknown
      >[];
      expect(listed[0]).toEqual({ value: named.id, type: "User", display: "Renamed Member" });
    });

    it("lists a user's groups in the order the user joined them", async ({ store, ctx }) => {
      const user = await store.create(ctx, "User", userData("joins-in-order"));
      const [first, second, third] = [
        await store.create(ctx, "Group", groupData("Joined second")),
        await store.create(ctx, "Group", groupData("Joined third")),
        await store.create(ctx, "Group", groupData("Joined first")),
      ];
      for (const group of [third, first, second])
        await store.patch(ctx, "Group", group!.id, () => ({
          members: { add: [{ value: user.id, type: "User" }] },
        }));
      const groups = (await store.get(ctx, "User", user.id))?.data.groups as Record<string, unknown>[];
      expect(groups.map((entry) => entry.display)).toEqual(["Joined first", "Joined second", "Joined third"]);
      expect(groups.map((entry) => entry.value)).toEqual([third!.id, first!.id, second!.id]);
    });

    it("omits members when withMembers is false", async ({ store, ctx }) => {
      const a = await store.create(ctx, "User", userData("hidden-member"));
      const group = await store.create(ctx, "Group", groupData("Hidden", [a.id]));
      const fetched = await store.get(ctx, "Group", group.id, { withMembers: false });
      expect(fetched?.data.members).toBeUndefined();
      expect(fetched?.data.displayName).toBe("Hidden");
      const page = await store.list(ctx, "Group", { count: 10, withMembers: false });
      expect(page.resources[0]?.data.members).toBeUndefined();
    });

    it("adds and removes members by delta and bumps the group version", async ({ store, ctx }) => {
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

    it("a delta that changes nothing does not bump the version", async ({ store, ctx }) => {
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

    it("applies attribute data and a member delta in one patch", async ({ store, ctx }) => {
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

    it("replace sets the member set from data.members (absent means none)", async ({ store, ctx }) => {
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

    it("deleting a user removes its memberships (RFC 7644 §3.6)", async ({ store, ctx }) => {
      const a = await store.create(ctx, "User", userData("cascade-a"));
      const b = await store.create(ctx, "User", userData("cascade-b"));
      const group = await store.create(ctx, "Group", groupData("Cascade", [a.id, b.id]));
      await store.delete(ctx, "User", a.id);
      expect(memberIds(await store.get(ctx, "Group", group.id))).toEqual([b.id]);
    });

    it("deleting a group removes it from User.groups", async ({ store, ctx }) => {
      const a = await store.create(ctx, "User", userData("orphan"));
      const group = await store.create(ctx, "Group", groupData("Doomed", [a.id]));
      await store.delete(ctx, "Group", group.id);
      expect(groupIds(await store.get(ctx, "User", a.id))).toEqual([]);
    });

    it("concurrent patches adding different members lose none", async ({ store, ctx }) => {
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
}
