/**
 * RATE_LIMIT_PER_MINUTE on the real server processes: two processes on one SQLite file or one
 * PostgreSQL schema share each credential's count, over the limit the answer is 429 with
 * `Retry-After` (RFC 6585 §4) and a SCIM error body; unset, nothing is limited.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runAdmin, type ServerProcess, startServerProcess } from "./support/processes.js";

const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const STATIC_TOKEN = "rate-limit-static-token";
const LIMIT = 5;

function list(server: ServerProcess, token: string): Promise<Response> {
  return fetch(`${server.url}/Users`, { headers: { Authorization: `Bearer ${token}` } });
}

/** Waits for a fresh minute when less than 15 s are left, so a burst stays in one window. */
async function startOfAWindow(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}

describe.each(["sqlite", "postgres"] as const)(
  "RATE_LIMIT_PER_MINUTE on %s, two server processes",
  (kind) => {
    let env: Record<string, string>;
    let servers: ServerProcess[] = [];
    let cleanup: () => Promise<void> = async () => {};

    beforeAll(async () => {
      assertBuilt();
      if (kind === "sqlite") {
        const dir = mkdtempSync(join(tmpdir(), "scimkit-rate-limit-"));
        env = { DATABASE_FILE: join(dir, "scim.db"), SCIM_TOKEN: STATIC_TOKEN };
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        const schema = `scim_rate_${randomBytes(5).toString("hex")}`;
        env = { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, SCIM_TOKEN: STATIC_TOKEN };
        cleanup = async () => {
          const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
          await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await pool.end();
        };
      }
      const limited = { ...env, RATE_LIMIT_PER_MINUTE: String(LIMIT) };
      servers = [await startServerProcess(limited), await startServerProcess(limited)];
    }, 120_000);

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await cleanup();
    });

    it("a credential gets LIMIT requests a minute across both processes, then 429 with Retry-After; other credentials are not affected", async () => {
      const created = await runAdmin(["tokens", "create", "--tenant", "acme"], env);
      expect(created.code, created.stderr).toBe(0);
      const issued = JSON.parse(created.stdout) as { token: string };
      const [first, second] = servers as [ServerProcess, ServerProcess];
      await startOfAWindow();
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i++)
        statuses.push((await list(i % 2 === 0 ? first : second, issued.token)).status);
      expect(statuses).toEqual(Array(LIMIT).fill(200));
      for (const server of servers) {
        const response = await list(server, issued.token);
        expect(response.status).toBe(429);
        const retryAfter = Number(response.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(response.headers.get("content-type")).toContain("application/scim+json");
        expect(await response.json()).toMatchObject({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          status: "429",
        });
      }
      // SCIM_TOKEN is another credential: its own count.
      expect((await list(second, STATIC_TOKEN)).status).toBe(200);
    }, 60_000);

    it("without RATE_LIMIT_PER_MINUTE nothing is limited", async () => {
      const unlimited = await startServerProcess(env);
      try {
        await startOfAWindow();
        const statuses = await Promise.all(
          Array.from({ length: LIMIT * 3 }, () => list(unlimited, STATIC_TOKEN)),
        );
        expect(statuses.map((response) => response.status)).toEqual(Array(LIMIT * 3).fill(200));
      } finally {
        await unlimited.stop();
      }
    }, 60_000);
  },
);
