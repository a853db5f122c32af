/**
 * `@scimkit/server/mapping`: keep Users in your application's own table. Give the SQL store a
 * `tableMapping` (column → SCIM attribute path) and run {@link mappingMigration} once. Or keep
 * them in the kit's tables and let the store copy chosen attributes into your table on every write
 * (`tableProjections`).
 */

export { checkTableMapping } from "./check.js";
export {
  type MappedColumnType,
  type MappingMigrationOptions,
  mappedColumnTypes,
  mappingMigration,
} from "./migration.js";
export { type TableMapping, TableMappingError } from "./table-mapping.js";
