import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import { MappedTable } from "./mapped-table.js";
import type { TableMapping } from "./table-mapping.js";

/**
 * Checks a mapping against the schema without opening a database: throws a `TableMappingError`
 * whose `key` names the bad entry (e.g. `columns.email` for a path the schema does not have).
 * The stores run the same check when they are created.
 */
export function checkTableMapping(
  mapping: TableMapping,
  registry: SchemaRegistry = createDefaultRegistry(),
): void {
  new MappedTable(mapping, registry.resourceType(mapping.resourceType ?? "User"));
}
