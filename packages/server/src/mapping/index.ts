/**
 * `@scimkit/server/mapping`: keep Users in your application's own table. Give the SQL store a
 * `tableMapping` (column → SCIM attribute path) and run {@link mappingMigration} once.
 */

export { checkTableMapping } from "./check.js";
export { type MappingMigrationOptions, mappingMigration } from "./migration.js";
export { type TableMapping, TableMappingError } from "./table-mapping.js";
