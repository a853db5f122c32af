import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminSessions } from "../src/admin/pages/admin-session.js";
import { PostgresSessionRevocations } from "../src/admin/pages/postgres-session-revocations.js";
import { MemorySessionRevocations, type SessionRevocations } from "../src/admin/pages/session-revocations.js";
import { SqliteSessionRevocations } from "../src/admin/pages/sqlite-session-revocations.js";

const PG_TEST_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ADMIN_TOKEN = "revocations-test-admin-token-0123";

/** Two stores on one database (as two server processes would have), and the rows of its table. */
interface OpenedRevocations {
  readonly first: SessionRevocations;
  readonly second: SessionRevocations;
  /** The session ids in `admin_session_revocations`; undefined in memory. */
  rows(): Promise<string[] | undefined>;
  close(): Promise<void>;
}

const kinds: Record<string, () => Promise<OpenedRevocations>> = {
  memory: async () => {
    const store = new MemorySessionRevocations();
    return { first: store, second: store, rows: async () => undefined, close: async () => {} };
  },
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), "scimkit-revocations-"));
    const file = join(dir, "scim.db");
    const [a, b] = [new Database(file), new Database(file)];
    return {
      first: new SqliteSessionRevocations(a),
      second: new SqliteSessionRevocations(b),
      rows: async () =>
        (
          a.prepare("SELECT session_id FROM admin_session_revocations ORDER BY 1").all() as {
            session_id: string;
          }[]
        ).map((row) => row.session_id),
      close: async () => {
        a.close();
        b.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  postgres: async () => {
    const schema = `revocations_${randomBytes(4).toString("hex")}`;
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: PG_TEST_URL, max: 2 }));
    const [a, b] = pools as [pg.Pool, pg.Pool];
    await a.query(`CREATE SCHEMA "${schema}"`);
    const [first, second] = await Promise.all([
      PostgresSessionRevocations.open(a, schema),
      PostgresSessionRevocations.open(b, schema),
    ]);
    return {
      first,
      second,
      rows: async () =>
        (
          await a.query<{ session_id: string }>(
            `SELECT session_id FROM "${schema}".admin_session_revocations ORDER BY 1`,
          )
        ).rows.map((row) => row.session_id),
      close: async () => {
        await a.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await Promise.all(pools.map((pool) => pool.end()));
      },
    };
  },
};

describe.each(Object.keys(kinds))("admin session revocations in %s", (kind) => {
  let opened: OpenedRevocations;
  beforeAll(async () => {
    opened = await (kinds[kind] as () => Promise<OpenedRevocations>)();
  });
  afterAll(() => opened?.close());

  it("a revocation written through one connection is seen through another; revoking twice is harmless", async () => {
    expect(await opened.second.isRevoked("session-a")).toBe(false);
    await opened.first.revoke("session-a", 2_000, 1_000);
    expect(await opened.second.isRevoked("session-a")).toBe(true);
    await opened.second.revoke("session-a", 2_000, 1_000);
    expect(await opened.first.isRevoked("session-a")).toBe(true);
    expect(await opened.first.isRevoked("session-b")).toBe(false);
  });

  it("writing a revocation purges those whose session has expired", async () => {
    await opened.first.revoke("session-b", 3_000, 1_500);
    const before = await opened.rows();
    if (before !== undefined) expect(before).toEqual(["session-a", "session-b"]);
    // At 2 500 session-a (expiring at 2 000) is refused for its expiry alone: its row can go.
    await opened.second.revoke("session-c", 4_000, 2_500);
    expect(await opened.first.isRevoked("session-a")).toBe(false);
    expect(await opened.first.isRevoked("session-b")).toBe(true);
    expect(await opened.first.isRevoked("session-c")).toBe(true);
    const rows = await opened.rows();
    if (rows !== undefined) expect(rows).toEqual(["session-b", "session-c"]);
  });
});

describe("AdminSessions with revocations", () => {
  it("a logged-out session is refused by every AdminSessions on the store, other sessions are not", async () => {
    const revocations = new MemorySessionRevocations();
    const here = new AdminSessions(ADMIN_TOKEN, revocations);
    const elsewhere = new AdminSessions(ADMIN_TOKEN, revocations);
    const kept = here.create();
    const ended = here.create();
    const session = await elsewhere.verify(ended.cookieValue);
    expect(session).toEqual(ended.session);
    await here.revoke(ended.session);
    expect(await here.verify(ended.cookieValue)).toBeUndefined();
    expect(await elsewhere.verify(ended.cookieValue)).toBeUndefined();
    expect(await elsewhere.verify(kept.cookieValue)).toEqual(kept.session);
  });

  it("an expired or forged cookie is refused without a look-up", async () => {
    const looked: string[] = [];
    const revocations: SessionRevocations = {
      revoke: async () => {},
      isRevoked: async (id) => {
        looked.push(id);
        return false;
      },
    };
    let now = Date.now();
    const sessions = new AdminSessions(ADMIN_TOKEN, revocations, () => now);
    const { cookieValue } = sessions.create();
    expect(await sessions.verify(`${cookieValue.slice(0, -2)}AA`)).toBeUndefined();
    expect(looked).toEqual([]);
    now += 8 * 60 * 60 * 1000;
    expect(await sessions.verify(cookieValue)).toBeUndefined();
    expect(looked).toEqual([]);
  });
});
