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
}

const bareName = (expr: string) => expr.slice(expr.indexOf(".") + 1);

/**
 * The SQL that prepares an application table for a {@link TableMapping}: run it once in your own
 * migration tool (the kit never alters an application table by itself). It adds the SCIM id
 * column with a unique index, the tenant and kept-attributes columns when configured, and an
 * index on every mapped scalar column (ranges and sorting on them).
 *
 * @example
 * for (const sql of mappingMigration(tableMapping, { dialect: "sqlite" })) db.exec(sql);
 */
export function mappingMigration(mapping: TableMapping, options: MappingMigrationOptions): string[] {
  const registry = options.registry ?? createDefaultRegistry();
  const table = new MappedTable(mapping, registry.resourceType(mapping.resourceType ?? "User"));
  const postgres = options.dialect === "postgres";
  const json = postgres ? "jsonb" : "TEXT";
  const typeOf = (column: ScalarColumn) => {
    if (column.kind === "boolean") return postgres ? "boolean" : "INTEGER";
    if (column.kind === "number")
      return column.target.type === "integer"
        ? postgres
          ? "bigint"
          : "INTEGER"
        : postgres
          ? "double precision"
          : "REAL";
    return "TEXT";
  };
  const indexName = (suffix: string) => `"${`${mapping.table.replaceAll(".", "_")}_${suffix}`.slice(0, 63)}"`;
  const own: [string, string][] = [[table.idColumn, "TEXT"]];
  if (table.tenantColumn) own.push([table.tenantColumn, "TEXT"]);
  if (table.extraColumn) own.push([table.extraColumn, json]);
  const statements: string[] = [];
  if (options.createTable) {
    const scalars = new Map<string, ScalarColumn>();
    for (const leaf of table.leaves) scalars.set(leaf.column, leaf);
    for (const group of table.elementAttributes)
      for (const element of group.elements)
        for (const column of element.subs.values()) scalars.set(column.column, column);
    const columns = [
      ...own.map(([name, type]) => `${name} ${type}`),
      ...table.columns.map((column) => {
        const scalar = scalars.get(column.column);
        return `${bareName(column.expr)} ${column.json || !scalar ? json : typeOf(scalar)}`;
      }),
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
