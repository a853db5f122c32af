/**
 * Where a resource type's attributes live in an application's own table. The SQL stores take it as
 * their `tableMapping` option; {@link compileTableMapping} checks it against the schema.
 *
 * @example
 * const tableMapping: TableMapping = {
 *   table: "users",
 *   columns: {
 *     user_name: "userName",
 *     email: 'emails[type eq "work"].value',
 *     given_name: "name.givenName",
 *     department: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
 *     active: "active",
 *   },
 * };
 */
export interface TableMapping {
  /** The application's table (`users`, or schema-qualified `app.users` on PostgreSQL). */
  readonly table: string;
  /** The resource type kept there (default `User`); other types stay in the kit's tables. */
  readonly resourceType?: string;
  /** The text column holding the SCIM `id` (default `scim_id`); unique, added by the migration. */
  readonly idColumn?: string;
  /** A text column holding the tenant id, when several tenants share the table. */
  readonly tenantColumn?: string;
  /**
   * Column name → SCIM attribute path:
   * - a singular simple attribute or sub-attribute (`userName`, `active`, `name.givenName`,
   *   `urn:…:enterprise:2.0:User:department`, `urn:…:User:manager.value`) → a typed column
   *   (text, boolean, integer, real; dateTime as ISO text);
   * - one element of a multi-valued attribute (`emails[type eq "work"].value`, also `.primary`)
   *   → a typed column; the selector (`type`) is implied by the column;
   * - a whole complex or multi-valued attribute (`emails`, `addresses`) → a JSON column.
   */
  readonly columns: Readonly<Record<string, string>>;
  /**
   * Incoming attributes no column maps: `"reject"` (default) answers 400 naming them;
   * `{ keepIn: "scim_extra" }` keeps them in that JSON column of the table. Filters and sorting
   * only ever use mapped attributes (and `id`, `meta.*`, `schemas`, `groups`).
   */
  readonly unmapped?: "reject" | { readonly keepIn: string };
  /**
   * On create, link an existing row whose `userName` column matches (ignoring case) and that has
   * no SCIM id yet, instead of inserting a new row (default true): users who existed before SCIM
   * was switched on keep their row and everything the app stored about them.
   */
  readonly adoptExistingRows?: boolean;
}

/** A mapping that does not fit the schema or the database; `key` names the offending entry. */
export class TableMappingError extends Error {
  override readonly name = "TableMappingError";
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`${key}: ${problem}`);
    this.key = key;
  }
}
