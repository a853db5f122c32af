/** The server README's table projection: the kit keeps Users, the app's `accounts` table gets a copy. */
import Database from "better-sqlite3";

// The application's table (the app creates and migrates it; the kit never alters it).
const db: Database.Database = new Database(process.env.DATABASE_FILE ?? "app.db");
db.exec(
  "create table if not exists accounts (scim_id text primary key, login text, email text, plan text not null default 'free')",
);

// #region readme
import { SqliteStore } from "@scimkit/server/sqlite";

const store = new SqliteStore({
  filename: db.name, // the same database file
  // Every filter works as usual; each write also sets these columns of `accounts` in its transaction.
  tableProjections: [
    { table: "accounts", columns: { login: "userName", email: 'emails[type eq "work"].value' } },
  ],
});
await store.backfillProjection("accounts"); // once, for users stored before the projection

// #endregion readme

export { db, store };
