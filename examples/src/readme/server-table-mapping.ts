/** The server README's table mapping: Users in the application's own `users` table on SQLite. */
import Database from "better-sqlite3";

// Your application's table, as it exists before SCIM (the mapping adds scim_id and scim_extra).
const db: Database.Database = new Database(process.env.DATABASE_FILE ?? "app.db");
db.exec(
  "create table if not exists users (login text not null, enabled integer not null default 1, email text)",
);

// #region readme
import { mappingMigration, type TableMapping } from "@scimkit/server/mapping";
import { SqliteStore } from "@scimkit/server/sqlite";

const tableMapping: TableMapping = {
  table: "users",
  columns: { login: "userName", enabled: "active", email: 'emails[type eq "work"].value' },
  unmapped: { keepIn: "scim_extra" }, // default "reject": 400 naming what no column holds
};
for (const sql of mappingMigration(tableMapping, { dialect: "sqlite" })) db.exec(sql); // once
const store = new SqliteStore({ filename: db.name, tableMapping }); // the same database file

// #endregion readme

export { db, store };
