import { createScimServer } from "@scimkit/server";
import { bearerAuthentication, staticTokenVerifier } from "@scimkit/server/auth";
import { mappingMigration, type TableMapping } from "@scimkit/server/mapping";
import { can, createRoles, parseRoleConfig } from "@scimkit/server/roles";
import { SqliteStore } from "@scimkit/server/sqlite";
import type Database from "better-sqlite3";

// 1. Which SCIM attribute fills which column of your existing `users` table.
export const tableMapping: TableMapping = {
  table: "users",
  columns: {
    login: "userName",
    enabled: "active",
    email: 'emails[type eq "work"].value',
    first_name: "name.givenName",
    last_name: "name.familyName",
    department: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    okta_id: "externalId",
  },
  // Whatever else the IdP sends (phone numbers, titles, ...) is kept as JSON here.
  unmapped: { keepIn: "scim_extra" },
};

// 2. Once, in your migration tool: adds scim_id and scim_extra, and the indexes.
export function migrate(db: Database.Database): void {
  for (const sql of mappingMigration(tableMapping, { dialect: "sqlite" })) db.exec(sql);
}

// 3. The SCIM endpoint over the same database, and roles from the IdP's groups.
export function createProvisioning(filename: string, scimToken: string) {
  const store = new SqliteStore({ filename, tableMapping });
  const scim = createScimServer({
    store,
    basePath: "/scim/v2",
    authenticate: bearerAuthentication({
      verifiers: [staticTokenVerifier({ token: scimToken, tenantId: "default" })],
    }),
  });
  const roles = createRoles({
    store,
    config: parseRoleConfig({
      byGroup: { Engineering: ["developer"], "00g-admins": ["admin"] },
      permissions: { developer: ["repo:read", "repo:write"], admin: ["*"] },
    }),
  });
  // Your app asks: may this account do that? (Inactive or deleted accounts may do nothing.)
  const allowed = async (userId: string, permission: string) =>
    can(await roles.forUser("default", userId), permission);
  return { store, scim, allowed };
}
