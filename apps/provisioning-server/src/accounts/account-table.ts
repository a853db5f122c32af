import type { StoredResource } from "@scimkit/server";
import type { MappedColumnType, TableMapping } from "@scimkit/server/mapping";

/** The columns every `accounts` row has, whatever `accounts.columns` configures. */
export const FIXED_ACCOUNT_COLUMNS = {
  tenant_id: "the tenant of the account",
  scim_id: "the SCIM id of the User",
  user_name: "userName",
  active: "active",
} as const;

/** Where an account's configured columns come from. */
export interface AccountColumnSource {
  /** Column name → value of the configured columns (`null` where the User has none), in config order. */
  columnsOf(tenant: string, user: StoredResource): Promise<Record<string, unknown>>;
}

/**
 * The kit projection that fills the `accounts` table on every SCIM write of a User: the fixed
 * `user_name` and `active` columns and one column per `accounts.columns` entry.
 *
 * @param table - `accounts`, or `schema.accounts` on PostgreSQL
 */
export function accountsProjection(table: string, columns: Readonly<Record<string, string>>): TableMapping {
  return {
    table,
    resourceType: "User",
    idColumn: "scim_id",
    tenantColumn: "tenant_id",
    // scim_id is NOT NULL: there are no rows without a SCIM id to adopt.
    adoptExistingRows: false,
    columns: { user_name: "userName", active: "active", ...columns },
  };
}

/**
 * What the projection looked like when the table was last filled: stored with the table, a start
 * with other columns (or paths) backfills it from the stored users.
 */
export function projectionSignature(columns: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(accountsProjection("accounts", columns).columns));
}

/** A column value as the attribute's JSON value (SQLite keeps booleans as 0/1 and JSON as text; `pg` returns bigint as text). */
export function columnValue(value: unknown, type: MappedColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.value) {
    case "boolean":
      return value === true || value === 1 || value === "1" || value === "true";
    case "integer":
    case "decimal":
      return Number(value);
    case "json":
      return typeof value === "string" ? (JSON.parse(value) as unknown) : value;
    case "string":
      return value instanceof Date ? value.toISOString() : String(value);
  }
}
