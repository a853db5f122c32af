import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { readConfig } from "../../src/config.js";
import { type RunningProvisioningServer, startProvisioningServer } from "../../src/start.js";

export const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** The configuration of the example. */
export const EXAMPLE_CONFIG = {
  accounts: {
    columns: {
      email: 'emails[type eq "work"].value',
      given_name: "name.givenName",
      family_name: "name.familyName",
      department: `${ENTERPRISE}:department`,
    },
  },
  roles: {
    byGroup: { Engineering: ["developer"], "grp-admins": ["admin"] },
    permissions: { developer: ["code:read", "code:write"], admin: ["*"] },
  },
};

export const SCIM_TOKEN = "app-test-scim-token";
export const ADMIN_TOKEN = "app-test-admin-token-0123456789";

/** A parsed JSON answer; each test checks the fields it reads with `expect`. */
// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field by the assertions
export type JsonAnswer = any;

export type DatabaseKind = "sqlite" | "postgres";

/** The app running on a fresh SQLite file or PostgreSQL schema, with the example config. */
export interface AppUnderTest {
  readonly running: RunningProvisioningServer;
  readonly origin: string;
  /** A SCIM request with the SCIM token; JSON in, `{ status, body, headers }` out. */
  scim(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: JsonAnswer; headers: Headers }>;
  /** An admin API GET/POST with the admin token. */
  api(method: string, path: string): Promise<{ status: number; body: JsonAnswer }>;
  /** Inserts an open session straight into the app's `sessions` table, as the app's login would. */
  insertSession(userId: string): Promise<string>;
  /** The `ended_at` of a session row (null while open). */
  sessionEndedAt(sessionId: string): Promise<string | null>;
  close(): Promise<void>;
}

const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function startApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  appConfig: unknown = EXAMPLE_CONFIG,
): Promise<AppUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), "scimkit-app-"));
  const configFile = join(dir, "scimkit.json");
  writeFileSync(configFile, JSON.stringify(appConfig));
  const schema = `app_${process.pid}_${randomUUID().slice(0, 8)}`;
  const databaseEnv =
    kind === "sqlite"
      ? { STORE: "sqlite", DATABASE_FILE: join(dir, "scim.db") }
      : { STORE: "postgres", DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema };
  const running = await startProvisioningServer(
    readConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      SCIM_TOKEN,
      ADMIN_TOKEN,
      SCIMKIT_CONFIG: configFile,
      ...databaseEnv,
      ...env,
    }),
    () => {},
  );
  const origin = running.url.replace(/\/scim\/v2$/, "");
  const sqlite = kind === "sqlite" ? new Database(join(dir, "scim.db")) : undefined;
  const pool = kind === "postgres" ? new pg.Pool({ connectionString: PG_URL, max: 2 }) : undefined;
  const table = `"${schema}".sessions`;
  return {
    running,
    origin,
    async scim(method, path, body) {
      const response = await fetch(`${running.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${SCIM_TOKEN}`, "Content-Type": "application/scim+json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        headers: response.headers,
      };
    },
    async api(method, path) {
      const response = await fetch(`${origin}/api${path}`, {
        method,
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      return { status: response.status, body: await response.json() };
    },
    async insertSession(userId) {
      const id = randomUUID();
      if (sqlite) sqlite.prepare("INSERT INTO sessions (id, user_id) VALUES (?, ?)").run(id, userId);
      else await pool?.query(`INSERT INTO ${table} (id, user_id) VALUES ($1, $2)`, [id, userId]);
      return id;
    },
    async sessionEndedAt(sessionId) {
      if (sqlite) {
        const row = sqlite.prepare("SELECT ended_at FROM sessions WHERE id = ?").get(sessionId) as {
          ended_at: string | null;
        };
        return row.ended_at;
      }
      const { rows } = (await pool?.query(`SELECT ended_at FROM ${table} WHERE id = $1`, [sessionId])) ?? {
        rows: [],
      };
      return rows[0]?.ended_at === null ? null : String(rows[0]?.ended_at);
    },
    async close() {
      await running.close();
      sqlite?.close();
      if (pool) {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
