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
import { assertBuilt, type ServerProcess, startServerProcess } from "./support/processes.js";
import { ScimHttp } from "./support/scim-http.js";
import { createTestDatabase } from "./support/test-database.js";
import { seedDirectory, startWriteLoad, waitFor } from "./support/write-load.js";

const SCIM_TOKEN = "crash-test-scim-token";
const ADMIN_TOKEN = "crash-test-admin-token-0123456789";

const originOf = (server: ServerProcess) => server.url.replace(/\/scim\/v2$/, "");

// The real server process (dist/main.js) under concurrent writes, killed with SIGKILL while
// requests are in flight, then started again on the same database. What clients were told
// (acknowledged answers) is the ground truth; the database, the audit trail and the identity-event
// outbox must all agree with it and with each other.
describe.each(["sqlite", "postgres"] as const)("kill -9 under write load (%s)", (kind) => {
  it("every acknowledged write survives at its version, nothing is half-applied, audit and outbox match the changes one to one", async () => {
    assertBuilt();
    const database = await createTestDatabase(kind, "crash");
    const env = { SCIM_TOKEN, ADMIN_TOKEN, ...database.env() };
    let server = await startServerProcess(env);
    try {
      const ledger = new Ledger();
      const before = new ScimHttp(server.url, SCIM_TOKEN);
      const directory = await seedDirectory(before, ledger, { groups: 3, pairs: 10 });
      const consumer = new EventConsumer(originOf(server), ADMIN_TOKEN);
      consumer.start();
      const load = startWriteLoad(before, ledger, directory, { workers: 6 });
      await waitFor(() => ledger.writes >= 400, 12_000);
      load.halt();
      await server.crash();
      await load.done;
      await consumer.stop();

      expect(ledger.unexpected).toEqual([]);
      // Mid-load: requests were in flight when the process died.
      expect(ledger.unanswered).toBeGreaterThan(0);
      expect(ledger.writes).toBeGreaterThan(100);
      const consumedBeforeCrash = consumer.events.length;
      expect(consumedBeforeCrash).toBeGreaterThan(0);

      server = await startServerProcess(env);
      const http = new ScimHttp(server.url, SCIM_TOKEN);
      const state = { Users: await http.listAll("Users"), Groups: await http.listAll("Groups") };
      expect(checkAcknowledged(ledger, state)).toEqual([]);
      expect(checkAllOrNothing(state, directory.pairOf)).toEqual([]);
      expect(checkMonotonicVersions(ledger.observations)).toEqual([]);

      const reader = await database.openJournal();
      try {
        const entries = await journalEntries(reader.journal, "default");
        expect(checkAuditMatchesChanges(entries, state)).toEqual([]);
        // The consumer continues after the restart from the cursor it had stored.
        consumer.origin = originOf(server);
        await consumer.drain();
        const feed = await readWholeFeed(originOf(server), ADMIN_TOKEN);
        expect(checkOutbox(entries, feed, consumer.events)).toEqual([]);
      } finally {
        await reader.close();
      }
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});
