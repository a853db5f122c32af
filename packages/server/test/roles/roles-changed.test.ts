import { GROUP_SCHEMA, USER_SCHEMA } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import { EventFeed, type IdentityEvent } from "../../src/events/index.js";
import { parseRoleConfig, RoleMapping, rolesChangedDeriver } from "../../src/roles/index.js";
import { callScim, scimOver } from "../events/http-core.js";
import { openStore, STORE_KINDS } from "../journal/stores.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const mapping = new RoleMapping(
  parseRoleConfig({
    byGroup: { Engineering: ["developer"], "grp-admins": ["admin"] },
    permissions: { developer: ["code:read", "code:write"], admin: ["*"] },
  }),
);

const rolesEvents = (events: readonly IdentityEvent[]) =>
  events
    .filter((event) => event.type === "account.roles_changed")
    .map((event) => ({ user: event.resourceId, ...event.changes[0], data: event.data }));

describe.each(STORE_KINDS)("account.roles_changed on %s", (kind) => {
  it("follows joins, leaves (also through a nested group), deactivation and reactivation", async () => {
    const opened = await openStore(kind, { derive: [rolesChangedDeriver(mapping)] });
    try {
      const scim = scimOver(opened.store, opened.registry);
      const h = { "x-tenant": "acme" };
      const patch = (path: string, operations: unknown[]) =>
        callScim(scim, "PATCH", path, { schemas: [PATCH_OP], Operations: operations }, h);
      const post = async (path: string, body: Record<string, unknown>) =>
        (await callScim(scim, "POST", path, body, h)).body;
      const dev = await post("/Users", { schemas: [USER_SCHEMA], userName: "dev" });
      const engineering = await post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "Engineering" });
      // Keyed by externalId (IdP group names change, ids do not); nested inside Engineering.
      const admins = await post("/Groups", {
        schemas: [GROUP_SCHEMA],
        displayName: "Administrators",
        externalId: "grp-admins",
      });
      const feed = new EventFeed(opened.store);
      const seen = async () => rolesEvents((await feed.list({ tenant: "acme" })).events);

      await patch(`/Groups/${engineering.id}`, [{ op: "add", path: "members", value: [{ value: dev.id }] }]);
      await patch(`/Groups/${engineering.id}`, [
        { op: "add", path: "members", value: [{ value: admins.id }] },
      ]);
      await patch(`/Groups/${admins.id}`, [{ op: "add", path: "members", value: [{ value: dev.id }] }]);
      // Entra deactivates with the string "False".
      await patch(`/Users/${dev.id}`, [{ op: "replace", path: "active", value: "False" }]);
      await patch(`/Users/${dev.id}`, [{ op: "replace", path: "active", value: true }]);
      await patch(`/Groups/${engineering.id}`, [{ op: "remove", path: `members[value eq "${dev.id}"]` }]);

      expect(await seen()).toEqual([
        {
          user: dev.id,
          path: "roles",
          before: [],
          after: ["developer"],
          data: { permissions: { before: [], after: ["code:read", "code:write"] } },
        },
        {
          user: dev.id,
          path: "roles",
          before: ["developer"],
          after: ["admin", "developer"],
          data: {
            permissions: { before: ["code:read", "code:write"], after: ["*", "code:read", "code:write"] },
          },
        },
        {
          user: dev.id,
          path: "roles",
          before: ["admin", "developer"],
          after: [],
          data: { permissions: { before: ["*", "code:read", "code:write"], after: [] } },
        },
        {
          user: dev.id,
          path: "roles",
          before: [],
          after: ["admin", "developer"],
          data: { permissions: { before: [], after: ["*", "code:read", "code:write"] } },
        },
        // Still in Engineering through grp-admins, which is nested in it: no role is lost.
      ]);
      // A second group without roles changes nothing.
      const other = await post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "Book Club" });
      await patch(`/Groups/${other.id}`, [{ op: "add", path: "members", value: [{ value: dev.id }] }]);
      expect(await seen()).toHaveLength(4);
      // Leaving the group that grants admin (and, through nesting, developer) takes both away.
      await patch(`/Groups/${admins.id}`, [{ op: "remove", path: `members[value eq "${dev.id}"]` }]);
      expect((await seen()).at(-1)).toMatchObject({ before: ["admin", "developer"], after: [] });
    } finally {
      await opened.close();
    }
  });
});
