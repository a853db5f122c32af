/**
 * Your app keeps its own `accounts` table; the SCIM data lives in a scimkit store next to it, and
 * every successful write is projected into your table by the `onChange` hook.
 */
// #region readme
import { createScimServer, type ScimServer } from "@scimkit/server";
import { SqliteStore } from "@scimkit/server/sqlite";
import type Database from "better-sqlite3";

export function createSyncedScimServer(scimDatabaseFile: string, app: Database.Database): ScimServer {
  app.exec(
    "create table if not exists accounts (scim_id text primary key, login text not null, active integer not null)",
  );
  const upsert = app.prepare(
    `insert into accounts (scim_id, login, active) values (?, ?, ?)
     on conflict (scim_id) do update set login = excluded.login, active = excluded.active`,
  );
  const remove = app.prepare("delete from accounts where scim_id = ?");
  const store = new SqliteStore({ filename: scimDatabaseFile });
  return createScimServer({
    store,
    // Runs after each successful write; what it throws is logged, never sent to the IdP.
    onChange: async (event) => {
      if (event.resourceType !== "User") return;
      if (event.action === "delete") {
        remove.run(event.id);
        return;
      }
      const user = await store.get(event.ctx, "User", event.id);
      if (user) upsert.run(event.id, String(user.data.userName), user.data.active === false ? 0 : 1);
    },
  });
}
// #endregion readme
