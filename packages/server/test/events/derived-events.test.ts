import { randomUUID } from "node:crypto";
import { GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import { EventFeed } from "../../src/events/index.js";
import type { EventDeriver } from "../../src/journal/journal-options.js";
import { openStore, STORE_KINDS } from "../journal/stores.js";
import { callScim, scimOver } from "./http-core.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A toy group → role mapping: members of a group named "Engineering" are developers. */
const rolesHook: EventDeriver = async (entry, lookup) => {
  const joined = entry.changes.filter((c) => c.path.startsWith("members[") && c.before === null);
  const out = [];
  for (const change of joined) {
    const memberId = (change.after as { value: string }).value;
    const groups = await lookup.groupsOf(memberId);
    const roles = groups.some((g) => g.displayName === "Engineering") ? ["developer"] : [];
    out.push({
      type: "account.roles_changed",
      resourceType: "User",
      resourceId: memberId,
      changes: [{ path: "roles", before: [], after: roles }],
    });
  }
  return out;
};

describe.each(STORE_KINDS)("derivation hooks on %s", (kind) => {
  it("add account.roles_changed in the write transaction, after the kit's own events", async () => {
    const opened = await openStore(kind, { derive: [rolesHook] });
    try {
      const scim = scimOver(opened.store, opened.registry);
      const h = { "x-tenant": "acme" };
      const user = (await callScim(scim, "POST", "/Users", { schemas: [USER_SCHEMA], userName: "dev" }, h))
        .body;
      const group = (
        await callScim(scim, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "Engineering" }, h)
      ).body;
      const add = {
        schemas: [PATCH_OP],
        Operations: [{ op: "add", path: "members", value: [{ value: user.id }] }],
      };
      expect((await callScim(scim, "PATCH", `/Groups/${group.id}`, add, h)).status).toBe(204);
      const { events } = await new EventFeed(opened.store).list({ tenant: "acme" });
      expect(events.map((e) => e.type)).toEqual([
        "user.created",
        "group.created",
        "group.member_added",
        "account.roles_changed",
      ]);
      expect(events[3]).toMatchObject({
        resourceType: "User",
        resourceId: user.id,
        tenant: "acme",
        changes: [{ path: "roles", before: [], after: ["developer"] }],
      });
    } finally {
      await opened.close();
    }
  });
});

describe.each(["sqlite", "postgres"] as const)(
  "derivation hooks on %s share the write's transaction",
  (kind) => {
    it("a hook that throws rolls the change back: no resource, no entry", async () => {
      const opened = await openStore(kind, {
        derive: [
          () => {
            throw new Error("role service down");
          },
        ],
      });
      try {
        const scim = scimOver(opened.store, opened.registry);
        const created = await callScim(
          scim,
          "POST",
          "/Users",
          { schemas: [USER_SCHEMA], userName: "ghost" },
          {},
        );
        expect(created.status).toBe(500);
        const list = await callScim(scim, "GET", '/Users?filter=userName eq "ghost"');
        expect(list.body.totalResults).toBe(0);
        expect(await opened.store.journal!.audit({ limit: 10 })).toEqual([]);
      } finally {
        await opened.close();
      }
    });
  },
);

describe("PostgreSQL readers never pass a transaction that is still running", () => {
  it("an entry committed out of transaction order is delivered in order once its elder commits", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const hold: EventDeriver = async (entry) => {
      if (entry.changes.some((c) => c.path === "userName" && c.after === "slow")) {
        entered();
        await gate;
      }
      return [];
    };
    const opened = await openStore("postgres", { derive: [hold] });
    try {
      const scim = scimOver(opened.store, opened.registry);
      const feed = new EventFeed(opened.store);
      const tenant = `t-${randomUUID()}`;
      const h = { "x-tenant": tenant };
      // The slow write has its transaction id (its resource row is written) and waits in the hook.
      const slow = callScim(scim, "POST", "/Users", { schemas: [USER_SCHEMA], userName: "slow" }, h);
      await inside;
      const fast = await callScim(scim, "POST", "/Users", { schemas: [USER_SCHEMA], userName: "fast" }, h);
      expect(fast.status).toBe(201);
      // The younger transaction committed first; a reader must not move past the elder one.
      const early = await feed.list({ tenant });
      expect(early.events).toEqual([]);
      release();
      expect((await slow).status).toBe(201);
      const late = await feed.list({ tenant, after: early.nextCursor });
      expect(late.events.map((e) => e.changes.find((c) => c.path === "userName")?.after)).toEqual([
        "slow",
        "fast",
      ]);
    } finally {
      release();
      await opened.close();
    }
  });
});
