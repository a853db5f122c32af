/** The server README's roles from IdP groups, over a store with one user in a nested group. */
import { createScimServer, MemoryStore } from "@scimkit/server";

const store = new MemoryStore();
const setup = createScimServer({ store });
async function create(path: string, body: Record<string, unknown>): Promise<string> {
  const response = await setup.fetch(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/scim+json" },
      body: JSON.stringify(body),
    }),
  );
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
const userId = await create("/Users", {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: "bjensen",
});
const team = await create("/Groups", {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  displayName: "Platform team",
  members: [{ value: userId }],
});
await create("/Groups", {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  displayName: "Engineering",
  members: [{ value: team, type: "Group" }],
});
const ctx = { tenantId: "default" };

// #region readme
import { can, createRoles, parseRoleConfig } from "@scimkit/server/roles";

const roles = createRoles({
  store, // MemoryStore, SqliteStore or PostgresStore (the one the SCIM server writes)
  config: parseRoleConfig({
    byGroup: { Engineering: ["developer"], "grp-admins": ["admin"] }, // displayName or externalId
    permissions: { developer: ["code:read", "code:write"], admin: ["*"] }, // "*" = every permission
  }),
});
const access = await roles.forUser(ctx, userId); // ctx, { tenantId } or a tenant id string
// → { userId, active, roles: ["developer"], permissions: ["code:read", "code:write"], groups }
if (can(access, "code:write")) {
  /* … */
}

// #endregion readme

export { access };
