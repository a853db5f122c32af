import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresSessionStore } from "../src/accounts/postgres-sessions.js";
import { PostgresSessionRevocations } from "../src/admin/pages/postgres-session-revocations.js";
import { PostgresConnectionStore } from "../src/connections/postgres-connections.js";

const PG_TEST_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

describe("the app's own tables on PostgreSQL (sessions, tenant_connections, admin_session_revocations)", () => {
  const pool = new pg.Pool({ connectionString: PG_TEST_URL, max: 8 });
  const schemas = Array.from({ length: 3 }, () => `sessions_${randomBytes(4).toString("hex")}`);
  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it("is created once when several server processes start together (concurrent CREATE TABLE IF NOT EXISTS would fail)", async () => {
    // A few fresh schemas: the race is lost only sometimes.
    for (const schema of schemas) {
      await pool.query(`CREATE SCHEMA "${schema}"`);
      const opened = await Promise.allSettled(
        Array.from({ length: 6 }, () => PostgresSessionStore.open(pool, schema)),
      );
      const connections = await Promise.allSettled(
        Array.from({ length: 6 }, () => PostgresConnectionStore.open(pool, schema)),
      );
      const revocations = await Promise.allSettled(
        Array.from({ length: 6 }, () => PostgresSessionRevocations.open(pool, schema)),
      );
      expect(
        [...opened, ...connections, ...revocations].filter((result) => result.status === "rejected"),
      ).toEqual([]);
      const store = (opened[0] as PromiseFulfilledResult<PostgresSessionStore>).value;
      const session = await store.start("default", "user-1");
      expect((await store.list("default", "user-1")).map((listed) => listed.id)).toEqual([session.id]);
    }
  });
});
