import { MAPPED_ALIAS, type MappedTable } from "../../mapping/mapped-table.js";
import type { SqlDialect } from "./sql-dialect.js";
import type { SqlParams } from "./sql-params.js";
import type { SqlTables } from "./sql-tables.js";

/** Where the names of group members are read from. */
export interface MemberNameSources {
  readonly dialect: SqlDialect;
  readonly tables: SqlTables;
  /** The User resource type, if registered. */
  readonly userType?: string;
  /** The Group resource type, if registered. */
  readonly groupType?: string;
  /** The application table Users live in, when they are mapped. */
  readonly userTable?: MappedTable;
}

/** Joins onto a membership row and the expression that names its member (NULL when none resolves). */
export interface MemberNames {
  readonly joins: string;
  readonly display: string;
}

/**
 * `members.display` (RFC 7643 §4.2: "a human-readable name") as the member is now: joins from the
 * membership row aliased `m` to the member's resource (a User, or a nested Group, of the same
 * tenant), and the expression naming it: a User's `displayName`, else its `userName`; a Group's
 * `displayName`. Lists, reads and filters share it, so a filter on `members.display` sees what a
 * GET returns.
 */
export function memberNames(sources: MemberNameSources, params: SqlParams, m: string): MemberNames {
  const { dialect, tables } = sources;
  const text = (base: string, name: string) =>
    dialect.scalar(params, { kind: "path", base, path: [name] }, "string");
  const names: string[] = [];
  let joins = "";
  if (sources.userType) {
    const u = params.alias("mu");
    joins += ` LEFT JOIN ${tables.resources} ${u} ON ${u}.tenant_id = ${m}.tenant_id AND ${u}.resource_type = ${params.add(sources.userType)} AND ${u}.id = ${m}.member_id`;
    const mapped = sources.userTable;
    const a = params.alias("ma");
    if (mapped) {
      const tenant = mapped.tenantColumn ? ` AND ${a}.${mapped.tenantColumn} = ${u}.tenant_id` : "";
      joins += ` LEFT JOIN ${mapped.table} ${a} ON ${a}.${mapped.idColumn} = ${u}.id${tenant}`;
    }
    for (const attribute of ["displayName", "userName"]) {
      const column = mapped?.leaves.find(
        (leaf) => !leaf.schema && !leaf.sub && leaf.attribute.name.toLowerCase() === attribute.toLowerCase(),
      );
      // A mapped column's expression names the table by its usual alias; here it is joined as `a`.
      names.push(column ? `${a}${column.expr.slice(MAPPED_ALIAS.length)}` : text(`${u}.data`, attribute));
    }
  }
  if (sources.groupType) {
    const g = params.alias("mg");
    joins += ` LEFT JOIN ${tables.resources} ${g} ON ${g}.tenant_id = ${m}.tenant_id AND ${g}.resource_type = ${params.add(sources.groupType)} AND ${g}.id = ${m}.member_id`;
    names.push(text(`${g}.data`, "displayName"));
  }
  return { joins, display: names.length > 0 ? `COALESCE(${names.join(", ")})` : "NULL" };
}
