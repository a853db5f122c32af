/**
 * `scimkit-admin audit export` through the real bin on SQLite and PostgreSQL while the server
 * process runs: the contract fields, secrets redacted, membership changes and each Bulk operation
 * as events, the filters, usage errors; and `AUDIT_RETENTION_DAYS` pruning old events.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runAdmin, type ServerProcess, startServerProcess } from "./support/processes.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const STATIC_TOKEN = "audit-export-static-token";

/** The audit export contract (issue 12), in order. */
const FIELDS = [
  "time",
  "tenant",
  "requestId",
  "actor",
  "method",
  "path",
  "action",
  "resourceType",
  "resourceId",
  "version",
  "changes",
];

interface ExportedEvent {
  readonly time: string;
  readonly tenant: string;
  readonly requestId: string | null;
  readonly actor: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly version: string | null;
  readonly changes: { path: string; before: unknown; after: unknown }[];
}

describe.each(["sqlite", "postgres"] as const)("scimkit-admin audit export on %s, server running", (kind) => {
  let env: Record<string, string>;
  let server: ServerProcess;
  let cleanup: () => Promise<void> = async () => {};
  /** Writes a journal row dated `time` straight into the database (an event from long ago). */
  let insertOldEvent: (id: string, time: string) => Promise<void>;
  let issued: { id: string; token: string };
  const password = `Secret-${randomBytes(8).toString("hex")}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    assertBuilt();
    const columns =
      "id, tenant_id, time, request_id, actor, method, path, action, resource_type, resource_id, version, changes";
    if (kind === "sqlite") {
      const dir = mkdtempSync(join(tmpdir(), "scimkit-audit-"));
      env = { DATABASE_FILE: join(dir, "scim.db"), SCIM_TOKEN: STATIC_TOKEN };
      insertOldEvent = async (id, time) => {
        const db = new Database(env.DATABASE_FILE as string);
        db.pragma("busy_timeout = 5000");
        db.prepare(
          `INSERT INTO scim_journal (${columns}) VALUES (?, 'old', ?, 'r-old', 'a', 'POST', '/scim/v2/Users', 'create', 'User', ?, 'W/"1"', '[]')`,
        ).run(id, time, id);
        db.close();
      };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = `scim_audit_${randomBytes(5).toString("hex")}`;
      env = { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, SCIM_TOKEN: STATIC_TOKEN };
      const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
      insertOldEvent = async (id, time) => {
        await pool.query(
          `INSERT INTO "${schema}".scim_journal (${columns}) VALUES ($1, 'old', $2, 'r-old', 'a', 'POST', '/scim/v2/Users', 'create', 'User', $1, 'W/"1"', '[]')`,
          [id, time],
        );
      };
      cleanup = async () => {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      };
    }
    server = await startServerProcess(env);
    const created = await runAdmin(["tokens", "create", "--tenant", "acme"], env);
    expect(created.code, created.stderr).toBe(0);
    issued = JSON.parse(created.stdout);

    const scim = async (
      method: string,
      path: string,
      body: unknown,
      requestId: string,
      token = issued.token,
    ) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          "X-Request-Id": requestId,
          ...(body !== undefined ? { "Content-Type": "application/scim+json" } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
      return response.status === 204 ? undefined : ((await response.json()) as { id: string });
    };
    ids.alice =
      (await scim("POST", "/Users", { schemas: [USER], userName: "alice", password }, "r-create"))?.id ?? "";
    await scim(
      "PATCH",
      `/Users/${ids.alice}`,
      { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "displayName", value: "Alice A." }] },
      "r-patch",
    );
    await scim(
      "PUT",
      `/Users/${ids.alice}`,
      { schemas: [USER], userName: "alice", title: "Eng" },
      "r-replace",
    );
    ids.group =
      (await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Eng" }, "r-group"))?.id ?? "";
    await scim(
      "PATCH",
      `/Groups/${ids.group}`,
      { schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: [{ value: ids.alice }] }] },
      "r-member-add",
    );
    await scim(
      "PATCH",
      `/Groups/${ids.group}`,
      { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${ids.alice}"]` }] },
      "r-member-remove",
    );
    await scim(
      "POST",
      "/Bulk",
      {
        schemas: [BULK],
        Operations: [
          { method: "POST", path: "/Users", bulkId: "bob", data: { schemas: [USER], userName: "bob" } },
          {
            method: "PATCH",
            path: `/Groups/${ids.group}`,
            data: {
              schemas: [PATCH_OP],
              Operations: [{ op: "add", path: "members", value: [{ value: "bulkId:bob" }] }],
            },
          },
        ],
      },
      "r-bulk",
    );
    await scim("DELETE", `/Users/${ids.alice}`, undefined, "r-delete");
    await scim("POST", "/Users", { schemas: [USER], userName: "carol" }, "r-default", STATIC_TOKEN);
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await cleanup();
  });

  async function exported(...args: string[]): Promise<ExportedEvent[]> {
    const result = await runAdmin(["audit", "export", ...args], env);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ExportedEvent);
  }

  it("prints one JSON line per change with exactly the contract fields; the password is [redacted]", async () => {
    const result = await runAdmin(["audit", "export", "--tenant", "acme"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain(password);
    const events = result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ExportedEvent);
    for (const event of events) {
      expect(Object.keys(event)).toEqual(FIELDS);
      expect(event).toMatchObject({ tenant: "acme", actor: issued.id });
      expect(["create", "replace", "patch", "delete"]).toContain(event.action);
      expect(Number.isNaN(Date.parse(event.time))).toBe(false);
    }
    const create = events.find((event) => event.requestId === "r-create");
    expect(create).toMatchObject({
      method: "POST",
      path: "/scim/v2/Users",
      action: "create",
      resourceType: "User",
      resourceId: ids.alice,
    });
    expect(create?.version).toEqual(expect.any(String));
    expect(create?.changes).toContainEqual({ path: "password", before: null, after: "[redacted]" });
    expect(create?.changes).toContainEqual({ path: "userName", before: null, after: "alice" });
    expect(events.find((event) => event.requestId === "r-patch")).toMatchObject({
      action: "patch",
      changes: [{ path: "displayName", before: null, after: "Alice A." }],
    });
    expect(events.find((event) => event.requestId === "r-replace")?.action).toBe("replace");
    expect(events.find((event) => event.requestId === "r-delete")).toMatchObject({
      action: "delete",
      method: "DELETE",
      version: null,
    });
  }, 60_000);

  it("membership changes and each Bulk operation are audit events with the member as the changed path", async () => {
    const events = await exported("--tenant", "acme", "--resource-id", ids.group as string);
    const memberPath = `members[value eq "${ids.alice}"]`;
    expect(events.find((event) => event.requestId === "r-member-add")?.changes).toEqual([
      { path: memberPath, before: null, after: expect.objectContaining({ value: ids.alice }) },
    ]);
    expect(events.find((event) => event.requestId === "r-member-remove")?.changes).toEqual([
      { path: memberPath, before: expect.objectContaining({ value: ids.alice }), after: null },
    ]);
    const bulk = (await exported("--tenant", "acme")).filter((event) => event.requestId === "r-bulk");
    expect(bulk.map((event) => [event.method, event.path, event.action, event.resourceType])).toEqual([
      ["POST", "/scim/v2/Users", "create", "User"],
      ["PATCH", `/scim/v2/Groups/${ids.group}`, "patch", "Group"],
    ]);
    const bobId = bulk[0]?.resourceId;
    expect(bulk[1]?.changes).toEqual([
      {
        path: `members[value eq "${bobId}"]`,
        before: null,
        after: expect.objectContaining({ value: bobId }),
      },
    ]);
  }, 60_000);

  it("--tenant and --resource-id narrow the export", async () => {
    const all = await exported();
    expect(new Set(all.map((event) => event.tenant))).toEqual(new Set(["acme", "default"]));
    expect((await exported("--tenant", "default")).map((event) => event.requestId)).toEqual(["r-default"]);
    const alice = await exported("--resource-id", ids.alice as string);
    expect(alice.map((event) => event.action)).toEqual(["create", "patch", "replace", "delete"]);
  }, 60_000);

  it("--since takes an ISO 8601 date or date-time and keeps the events from then on", async () => {
    const all = await exported();
    expect(await exported("--since", new Date(Date.now() + 60_000).toISOString())).toEqual([]);
    expect(await exported("--since", "2000-01-01")).toHaveLength(all.length);
    const fromPatch = all.find((event) => event.requestId === "r-patch")?.time as string;
    const since = await exported("--since", fromPatch, "--resource-id", ids.alice as string);
    expect(since.map((event) => event.action)).toEqual(["patch", "replace", "delete"]);
  }, 60_000);

  it("bad flags: a message naming the problem, the usage, exit 2 and nothing on stdout", async () => {
    for (const [args, message] of [
      [["audit", "export", "--since", "yesterday"], "--since must be an ISO 8601"],
      [["audit", "export", "--bogus"], "--bogus"],
      [["audit", "export", "--tenant"], "--tenant"],
      [["audit", "export", "extra"], "extra"],
      [["audit", "frobnicate"], 'unknown subcommand "frobnicate"'],
      [["audit"], "missing subcommand"],
    ] as const) {
      const result = await runAdmin(args, env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain("usage: scimkit-admin audit export");
    }
  }, 60_000);

  it("AUDIT_RETENTION_DAYS: a server deletes events older than the retention, keeps the rest", async () => {
    const oldId = randomUUID();
    await insertOldEvent(oldId, "2001-01-01T00:00:00.000Z");
    expect((await exported("--tenant", "old")).map((event) => event.resourceId)).toEqual([oldId]);
    const before = (await exported()).length;
    const pruning = await startServerProcess({ ...env, AUDIT_RETENTION_DAYS: "30" });
    try {
      await expect.poll(async () => (await exported("--tenant", "old")).length, { timeout: 20_000 }).toBe(0);
      expect(await exported()).toHaveLength(before - 1);
    } finally {
      await pruning.stop();
    }
  }, 60_000);
});

describe("AUDIT_RETENTION_DAYS configuration", () => {
  it("is a positive whole number of days, named in the error otherwise; unset keeps every event", async () => {
    const { readConfig } = await import("../src/config.js");
    expect(readConfig({ AUDIT_RETENTION_DAYS: "90" }).auditRetentionDays).toBe(90);
    expect(readConfig({}).auditRetentionDays).toBeUndefined();
    for (const bad of ["0", "-1", "1.5", "ninety"])
      expect(() => readConfig({ AUDIT_RETENTION_DAYS: bad })).toThrow("AUDIT_RETENTION_DAYS");
  });
});
