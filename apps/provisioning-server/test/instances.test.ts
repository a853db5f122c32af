import { describe, expect, it } from "vitest";
import {
  checkAcknowledged,
  checkAuditMatchesChanges,
  checkMonotonicVersions,
  checkOutbox,
  journalEntries,
  Ledger,
  type ScimState,
} from "./support/consistency.js";
import { EventConsumer, readWholeFeed } from "./support/event-consumer.js";
import { runIdpMix } from "./support/idp-mix.js";
import { assertBuilt, runAdmin, type ServerProcess, startServerProcess } from "./support/processes.js";
import { GROUP, type Json, ScimHttp } from "./support/scim-http.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

const SCIM_TOKEN = "instances-test-scim-token";
const ADMIN_TOKEN = "instances-test-admin-token-0123456789";

const originOf = (server: ServerProcess) => server.url.replace(/\/scim\/v2$/, "");

/** A tenant's credential and what its clients were told. */
interface Tenant {
  readonly name: string;
  readonly token: string;
  readonly ledger: Ledger;
  groups: string[];
}

/** SQL that finds what must never be there; `json` reads the userName out of a stored document. */
async function sqlFindings(database: TestDatabase): Promise<Json[]> {
  const resources = database.table("scim_resources");
  const memberships = database.table("scim_memberships");
  const userName =
    database.kind === "postgres" ? "lower(r.data->>'userName')" : "lower(json_extract(r.data, '$.userName'))";
  const duplicates = await database.rows(
    `SELECT r.tenant_id, ${userName} AS user_name, COUNT(*) AS n FROM ${resources} r
      WHERE r.resource_type = 'User' GROUP BY r.tenant_id, ${userName} HAVING COUNT(*) > 1`,
  );
  const danglingMembers = await database.rows(
    `SELECT m.tenant_id, m.group_id, m.member_id FROM ${memberships} m
      WHERE NOT EXISTS (SELECT 1 FROM ${resources} r WHERE r.tenant_id = m.tenant_id AND r.id = m.member_id)
         OR NOT EXISTS (SELECT 1 FROM ${resources} g WHERE g.tenant_id = m.tenant_id AND g.id = m.group_id AND g.resource_type = 'Group')`,
  );
  return [
    ...duplicates.map((row) => ({ duplicateUserName: row })),
    ...danglingMembers.map((row) => ({ danglingMember: row })),
  ];
}

/** The same rules seen through SCIM: one user per userName (ignoring case), every member exists. */
function scimFindings(tenant: string, state: ScimState): string[] {
  const findings: string[] = [];
  const names = new Map<string, string>();
  for (const [id, user] of state.Users) {
    const key = String(user.userName).toLowerCase();
    const other = names.get(key);
    if (other) findings.push(`${tenant}: userName ${key} held by ${other} and ${id}`);
    names.set(key, id);
  }
  for (const [id, group] of state.Groups) {
    for (const member of group.members ?? []) {
      if (!state.Users.has(member.value))
        findings.push(`${tenant}: Groups/${id} lists missing member ${member.value}`);
      const groupsOfUser: Json[] = state.Users.get(member.value)?.groups ?? [];
      if (state.Users.has(member.value) && !groupsOfUser.some((entry) => entry.value === id))
        findings.push(`${tenant}: Users/${member.value}.groups misses ${id}`);
    }
  }
  return findings;
}

/**
 * Several server processes on one database under an IdP's mixed load for a bounded time, two
 * tenants, every client talking to one instance (as behind a load balancer), then a consistency
 * check through SQL and through SCIM.
 */
async function runInstances(kind: "sqlite" | "postgres", instances: number, durationMs: number) {
  assertBuilt();
  const database = await createTestDatabase(kind, "instances");
  const env = { SCIM_TOKEN, ADMIN_TOKEN, ...database.env() };
  const servers: ServerProcess[] = [];
  try {
    // Started together: on a fresh database they also race the migrations. Those that started are
    // kept for the cleanup below even when another one failed.
    const started = await Promise.allSettled(
      Array.from({ length: instances }, () => startServerProcess(env)),
    );
    for (const result of started) if (result.status === "fulfilled") servers.push(result.value);
    for (const result of started) if (result.status === "rejected") throw result.reason;
    const issued = await runAdmin(["tokens", "create", "--tenant", "acme", "--name", "second IdP"], env);
    expect(issued.code, issued.stderr).toBe(0);
    const tenants: Tenant[] = [
      { name: "default", token: SCIM_TOKEN, ledger: new Ledger(), groups: [] },
      { name: "acme", token: JSON.parse(issued.stdout).token, ledger: new Ledger(), groups: [] },
    ];
    for (const tenant of tenants) {
      const http = new ScimHttp(servers[0]!.url, tenant.token);
      for (const displayName of ["Engineering", "Sales", "All staff"]) {
        const created = await http.send("POST", "/Groups", { schemas: [GROUP], displayName });
        expect(created.status).toBe(201);
        tenant.groups.push(created.body.id);
      }
    }
    const consumer = new EventConsumer(originOf(servers[0]!), ADMIN_TOKEN);
    consumer.start();
    const clients = Array.from({ length: 8 }, (_, index) => {
      const tenant = tenants[index % tenants.length]!;
      const server = servers[index % servers.length]!;
      return {
        http: new ScimHttp(server.url, tenant.token),
        tenant: tenant.name,
        groups: tenant.groups,
        ledger: tenant.ledger,
      };
    });
    await Promise.all(clients.map((client) => runIdpMix(client, { durationMs, userNames: 120 })));
    await consumer.stop();

    for (const server of servers) expect(server.alive()).toBe(true);
    expect(await sqlFindings(database)).toEqual([]);
    const reader = await database.openJournal();
    try {
      for (const tenant of tenants) {
        expect(tenant.ledger.unexpected).toEqual([]);
        expect(tenant.ledger.writes).toBeGreaterThan(50);
        expect(tenant.ledger.statuses.get(409) ?? 0).toBeGreaterThan(0);
        // Read through another instance than the one that wrote most of it.
        const http = new ScimHttp(servers.at(-1)!.url, tenant.token);
        const state = { Users: await http.listAll("Users"), Groups: await http.listAll("Groups") };
        expect(scimFindings(tenant.name, state)).toEqual([]);
        expect(checkAcknowledged(tenant.ledger, state)).toEqual([]);
        expect(checkMonotonicVersions(tenant.ledger.observations)).toEqual([]);
        expect(checkAuditMatchesChanges(await journalEntries(reader.journal, tenant.name), state)).toEqual(
          [],
        );
      }
      await consumer.drain();
      const all = [
        ...(await journalEntries(reader.journal, "default")),
        ...(await journalEntries(reader.journal, "acme")),
      ];
      expect(
        checkOutbox(all, await readWholeFeed(originOf(servers.at(-1)!), ADMIN_TOKEN), consumer.events),
      ).toEqual([]);
    } finally {
      await reader.close();
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await database.drop();
  }
}

describe("several server processes on one database", () => {
  it("PostgreSQL, three instances, 18 s of a mixed IdP load: no duplicate userName per tenant, every member exists, versions monotonic, audit matches", async () => {
    await runInstances("postgres", 3, 18_000);
  });

  it("SQLite, two instances on one file, 12 s of a mixed IdP load: the same checks", async () => {
    await runInstances("sqlite", 2, 12_000);
  });
});
