import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import { MappedTable } from "./mapped-table.js";
import type { TableMapping } from "./table-mapping.js";

/**
 * Checks a mapping against the schema without opening a database: throws a `TableMappingError`
 * whose `key` names the bad entry (e.g. `columns.email` for a path the schema does not have).
 * The stores run the same check when they are created. `options.projection`: check it as one of
 * the store's `tableProjections` (userName need not be mapped, `unmapped` must be left out).
 */
export function checkTableMapping(
  mapping: TableMapping,
  registry: SchemaRegistry = createDefaultRegistry(),
  options: { readonly projection?: boolean } = {},
): void {
  new MappedTable(
    mapping,
    registry.resourceType(mapping.resourceType ?? "User"),
    options.projection ? "projection" : "store",
  );
}
