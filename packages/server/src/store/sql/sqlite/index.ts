/**
 * `@scimkit/server/sqlite`: the SQLite store (better-sqlite3), its migrations and the migrate CLI.
 *
 * @module @scimkit/server/sqlite
 */
export { runMigrate } from "../migrate-cli.js";
export type { ListStatements, SqlResourceStore, SqlStatement, SqlStoreOptions } from "../sql-store.js";
export { migrateSqlite } from "./migrations.js";
export { SqliteStore, type SqliteStoreOptions } from "./store.js";
