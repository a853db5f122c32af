import { randomBytes } from "node:crypto";
import { TcpRelay } from "@scimkit/server/testing";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  checkAcknowledged,
  checkAllOrNothing,
  checkAuditMatchesChanges,
  checkMonotonicVersions,
  checkOutbox,
  journalEntries,
  Ledger,
} from "./support/consistency.js";
import { EventConsumer, readWholeFeed } from "./support/event-consumer.js";
import { assertBuilt, startServerProcess } from "./support/processes.js";
import { type Answer, ERROR, ScimHttp } from "./support/scim-http.js";
import { createTestDatabase, PG_TEST_URL } from "./support/test-database.js";
import { seedDirectory, startWriteLoad, waitFor } from "./support/write-load.js";

const SCIM_TOKEN = "outage-test-scim-token";
const ADMIN_TOKEN = "outage-test-admin-token-0123456789";

/** RFC 9110 §15.6.4 503 with the RFC 7644 §3.12 error body: the only failure a client may see. */
const isScim503 = (answer: Answer) =>
  answer.status === 503 && answer.body?.schemas?.[0] === ERROR && answer.body?.status === "503";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readyz(origin: string): Promise<Answer> {
  const start = performance.now();
  const response = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json(), etag: null, start, end: performance.now() };
}

// The real server process on PostgreSQL through a relay the test controls (the shared database
// server is never stopped): its connections are terminated by the database mid-transaction, then
// the network to the database is cut and restored, all under write load.
describe("PostgreSQL faults under write load (server process)", () => {
  it("connections killed mid-transaction and the database unreachable: 2xx or a SCIM 503 within a bound, /readyz not ready, recovery without restart, nothing acknowledged lost", async () => {
    assertBuilt();
    const database = await createTestDatabase("postgres", "outage");
    const target = new URL(PG_TEST_URL);
    const relay = await TcpRelay.start({ host: target.hostname, port: Number(target.port || 5432) });
    const applicationName = `scimkit_outage_${randomBytes(4).toString("hex")}`;
    const viaRelay = new URL(PG_TEST_URL);
    viaRelay.port = String(relay.port);
    viaRelay.searchParams.set("application_name", applicationName);
    const server = await startServerProcess({
      SCIM_TOKEN,
      ADMIN_TOKEN,
      ...database.env(viaRelay.toString()),
    });
    const origin = server.url.replace(/\/scim\/v2$/, "");
    const admin = new pg.Pool({ connectionString: PG_TEST_URL, max: 1 });
    try {
      const ledger = new Ledger();
      // Bounded: a client's own timeout of 20 s is never reached (that would count as unanswered).
      const http = new ScimHttp(server.url, SCIM_TOKEN, 20_000);
      const directory = await seedDirectory(http, ledger, { groups: 3, pairs: 8 });
      const consumer = new EventConsumer(origin, ADMIN_TOKEN);
      consumer.start();
      const load = startWriteLoad(http, ledger, directory, { workers: 6, allow: isScim503 });
      await waitFor(() => ledger.writes >= 60, 10_000);

      // 1. The database ends the app's connections while they are inside a transaction
      //    ("terminating connection due to administrator command", 57P01).
      let terminatedInTransaction = 0;
      const terminateUntil = Date.now() + 3_000;
      while (Date.now() < terminateUntil) {
        // In the select list, so it runs only for the rows the WHERE clause kept (this app's own).
        const { rows } = await admin.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
            WHERE application_name = $1 AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')`,
          [applicationName],
        );
        terminatedInTransaction += rows.filter((row) => row.terminated).length;
        await pause(30);
      }
      expect(terminatedInTransaction).toBeGreaterThan(0);

      // 2. The database becomes unreachable (every connection dropped, new ones refused).
      const writesBeforeCut = ledger.writes;
      relay.cut();
      await pause(1_000);
      const notReady = await readyz(origin);
      expect(notReady.status).toBe(503);
      expect(notReady.body.schemas).toEqual([ERROR]);
      await pause(2_000);
      relay.restore();

      // 3. It recovers by itself: ready again, and writes are acknowledged again.
      expect(await waitFor(async () => (await readyz(origin)).status === 200, 15_000)).toBe(true);
      const writesAfterRestore = ledger.writes;
      expect(await waitFor(() => ledger.writes >= writesAfterRestore + 50, 15_000)).toBe(true);
      load.halt();
      await load.done;
      await consumer.stop();

      expect(server.alive()).toBe(true);
      expect(ledger.unexpected).toEqual([]);
      expect(ledger.unanswered).toBe(0);
      // Failing fast: the pool's connect timeout (5 s) bounds any wait for the database.
      expect(ledger.slowestMs).toBeLessThan(15_000);
      expect(ledger.statuses.get(503) ?? 0).toBeGreaterThan(0);
      expect(ledger.writes).toBeGreaterThan(writesBeforeCut);

      const state = { Users: await http.listAll("Users"), Groups: await http.listAll("Groups") };
      expect(checkAcknowledged(ledger, state)).toEqual([]);
      expect(checkAllOrNothing(state, directory.pairOf)).toEqual([]);
      expect(checkMonotonicVersions(ledger.observations)).toEqual([]);
      const reader = await database.openJournal();
      try {
        const entries = await journalEntries(reader.journal, "default");
        expect(checkAuditMatchesChanges(entries, state)).toEqual([]);
        await consumer.drain();
        expect(checkOutbox(entries, await readWholeFeed(origin, ADMIN_TOKEN), consumer.events)).toEqual([]);
      } finally {
        await reader.close();
      }
    } finally {
      await server.stop();
      await admin.end();
      await relay.close();
      await database.drop();
    }
  });
});
