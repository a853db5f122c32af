import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import { MappedTable, type ScalarColumn } from "./mapped-table.js";
import type { TableMapping } from "./table-mapping.js";

/** Options of {@link mappingMigration}. */
export interface MappingMigrationOptions {
  readonly dialect: "sqlite" | "postgres";
  /** The registry the store uses (default: User with the enterprise extension, Group). */
  readonly registry?: SchemaRegistry;
  /**
   * `false` (default): the table exists; add the columns the kit owns (SCIM id, tenant, kept
   * attributes) and the indexes. `true`: create the table with every mapped column, typed.
   */
  readonly createTable?: boolean;
  /** The mapping is one of the store's `tableProjections` (userName need not be mapped). */
  readonly projection?: boolean;
}

/** What a mapped column holds, and the SQL type {@link mappingMigration} gives it. */
export interface MappedColumnType {
  /** The column name as the mapping spells it. */
  readonly column: string;
  /** `TEXT`, `INTEGER`, `REAL` on SQLite; `text`, `boolean`, `bigint`, `double precision`, `jsonb` on PostgreSQL. */
  readonly sqlType: string;
  /**
   * The JSON value the column stands for: read a SQLite `boolean` column (0/1) or a PostgreSQL
   * `integer` one (bigint, returned as text by `pg`) back with it; `json` columns hold JSON text
   * on SQLite. dateTime attributes are `string` (ISO text).
   */
  readonly value: "string" | "boolean" | "integer" | "decimal" | "json";
}

const bareName = (expr: string) => expr.slice(expr.indexOf(".") + 1);

function tableOf(mapping: TableMapping, options: Omit<MappingMigrationOptions, "dialect">): MappedTable {
  const registry = options.registry ?? createDefaultRegistry();
  return new MappedTable(
    mapping,
    registry.resourceType(mapping.resourceType ?? "User"),
    options.projection ? "projection" : "store",
  );
}

function columnTypes(table: MappedTable, dialect: MappingMigrationOptions["dialect"]): MappedColumnType[] {
  const postgres = dialect === "postgres";
  const scalars = new Map<string, ScalarColumn>();
  for (const leaf of table.leaves) scalars.set(leaf.column, leaf);
  for (const group of table.elementAttributes)
    for (const element of group.elements)
      for (const column of element.subs.values()) scalars.set(column.column, column);
  return table.columns.map(({ column, json }): MappedColumnType => {
    const scalar = scalars.get(column);
    if (json || !scalar) return { column, sqlType: postgres ? "jsonb" : "TEXT", value: "json" };
    if (scalar.kind === "boolean")
      return { column, sqlType: postgres ? "boolean" : "INTEGER", value: "boolean" };
    if (scalar.kind === "number")
      return scalar.target.type === "integer"
        ? { column, sqlType: postgres ? "bigint" : "INTEGER", value: "integer" }
        : { column, sqlType: postgres ? "double precision" : "REAL", value: "decimal" };
    return { column, sqlType: postgres ? "text" : "TEXT", value: "string" };
  });
}

/**
 * The type of each mapped column, in mapping order: for an app that creates or extends the table
 * itself (`ALTER TABLE … ADD COLUMN` for a column added to the mapping) and reads values back.
 * Throws a `TableMappingError` for a mapping that does not fit the schema.
 */
export function mappedColumnTypes(
  mapping: TableMapping,
  options: MappingMigrationOptions,
): MappedColumnType[] {
  return columnTypes(tableOf(mapping, options), options.dialect);
}

/**
 * The SQL that prepares an application table for a {@link TableMapping}: run it once in your own
 * migration tool (the kit never alters an application table by itself). It adds the SCIM id
 * column with a unique index, the tenant and kept-attributes columns when configured, and an
 * index on every mapped scalar column (ranges and sorting on them). It fits a store's
 * `tableProjections` as well (pass `projection: true` when userName is not mapped).
 *
 * @example
 * for (const sql of mappingMigration(tableMapping, { dialect: "sqlite" })) db.exec(sql);
 */
export function mappingMigration(mapping: TableMapping, options: MappingMigrationOptions): string[] {
  const table = tableOf(mapping, options);
  const json = options.dialect === "postgres" ? "jsonb" : "TEXT";
  const indexName = (suffix: string) => `"${`${mapping.table.replaceAll(".", "_")}_${suffix}`.slice(0, 63)}"`;
  const own: [string, string][] = [[table.idColumn, "TEXT"]];
  if (table.tenantColumn) own.push([table.tenantColumn, "TEXT"]);
  if (table.extraColumn) own.push([table.extraColumn, json]);
  const statements: string[] = [];
  if (options.createTable) {
    const types = columnTypes(table, options.dialect);
    const columns = [
      ...own.map(([name, type]) => `${name} ${type}`),
      ...table.columns.map((column, index) => `${bareName(column.expr)} ${types[index]!.sqlType}`),
    ];
    statements.push(`CREATE TABLE ${table.table} (${columns.join(", ")})`);
  } else {
    for (const [name, type] of own) statements.push(`ALTER TABLE ${table.table} ADD COLUMN ${name} ${type}`);
  }
  const key = table.tenantColumn ? `${table.tenantColumn}, ${table.idColumn}` : table.idColumn;
  statements.push(`CREATE UNIQUE INDEX ${indexName("scim_id")} ON ${table.table} (${key})`);
  for (const column of table.columns) {
    if (column.json) continue;
    const name = bareName(column.expr);
    const indexed = table.tenantColumn ? `${table.tenantColumn}, ${name}` : name;
    statements.push(`CREATE INDEX ${indexName(name.replaceAll('"', ""))} ON ${table.table} (${indexed})`);
  }
  return statements;
}
