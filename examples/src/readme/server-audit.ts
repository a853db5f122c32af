/** The server README's audit example: query, export and retention over a SQLite store. */
// #region readme
import { AuditLog, startAuditRetention } from "@scimkit/server/audit";
import { SqliteStore } from "@scimkit/server/sqlite";

const store = new SqliteStore({ filename: process.env.DATABASE_FILE ?? "scim.db" });
const audit = new AuditLog(store);
const { events } = await audit.query({ tenant: "acme", since: "2026-01-01T00:00:00Z" });
const lines: string[] = [];
for await (const line of audit.exportJsonLines({ tenant: "acme" })) lines.push(line); // one JSON line per event
const retention = startAuditRetention(audit, { retainMs: 365 * 86_400_000 }); // prunes now, then hourly

// #endregion readme

export { events, lines, retention, store };
