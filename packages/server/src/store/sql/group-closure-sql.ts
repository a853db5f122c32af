import type { SqlDialect } from "./sql-dialect.js";
import { SqlParams } from "./sql-params.js";
import type { SqlTables } from "./sql-tables.js";

/** A row of {@link groupClosureStatement}. */
export interface GroupClosureRow {
  id: string;
  display_name: string | null;
  external_id: string | null;
  direct: number | boolean;
}

/**
 * One recursive query for every group that contains `memberId`, nested groups included. `UNION`
 * (not `UNION ALL`) drops group ids already reached, so a membership cycle ends the recursion.
 * Each step is a probe of the memberships index on (tenant_id, member_id); `CROSS JOIN` keeps
 * SQLite's planner from walking the memberships table first (PostgreSQL reorders it freely).
 */
export function groupClosureStatement(
  dialect: SqlDialect,
  tables: SqlTables,
  tenantId: string,
  groupType: string,
  memberId: string,
): { sql: string; params: SqlParams["values"] } {
  const params = new SqlParams(dialect.placeholder);
  const tenant = params.add(tenantId);
  const member = params.add(memberId);
  const type = params.add(groupType);
  const text = (name: string) =>
    dialect.scalar(params, { kind: "path", base: "g.data", path: [name] }, "string");
  // Without statistics SQLite prefers the covering (tenant_id, group_id, member_id) key index,
  // which walks the tenant's whole memberships table; name the member index instead.
  const byMember = dialect.name === "sqlite" ? " INDEXED BY scim_memberships_member" : "";
  const sql = `WITH RECURSIVE closure(group_id) AS (
      SELECT m.group_id FROM ${tables.memberships} m${byMember} WHERE m.tenant_id = ${tenant} AND m.member_id = ${member}
      UNION
      SELECT m.group_id FROM closure c CROSS JOIN ${tables.memberships} m${byMember} WHERE m.tenant_id = ${tenant} AND m.member_id = c.group_id
    )
    SELECT g.id, ${text("displayName")} AS display_name, ${text("externalId")} AS external_id,
      EXISTS (SELECT 1 FROM ${tables.memberships} d WHERE d.tenant_id = ${tenant} AND d.group_id = g.id AND d.member_id = ${member}) AS direct
    FROM closure c CROSS JOIN ${tables.resources} g
    WHERE g.tenant_id = ${tenant} AND g.resource_type = ${type} AND g.id = c.group_id`;
  return { sql, params: params.values };
}
