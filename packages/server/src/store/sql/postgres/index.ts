/**
 * `@scimkit/server/postgres`: the PostgreSQL store (pg), its migrations and the migrate CLI.
 *
 * @module @scimkit/server/postgres
 */
export { runMigrate } from "../migrate-cli.js";
export type { ListStatements, SqlResourceStore, SqlStatement, SqlStoreOptions } from "../sql-store.js";
export { migratePostgres } from "./migrations.js";
export { createPostgresPool, PostgresStore, type PostgresStoreOptions } from "./store.js";
