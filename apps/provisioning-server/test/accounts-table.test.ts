import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { type RunningProvisioningServer, startProvisioningServer } from "../src/start.js";
import {
  ADMIN_TOKEN,
  ENTERPRISE,
  EXAMPLE_CONFIG,
  type JsonAnswer,
  PATCH_OP,
  SCIM_TOKEN,
  USER,
} from "./support/app-server.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

// The app's own `accounts` table: filled by the kit's projection in the transaction of every SCIM
// write, read by /api/accounts/<id>. Each check reads the row with SQL straight from the SQLite
// file or the PostgreSQL schema, after requests sent over HTTP as Entra ID and Okta send them.

const configDir = mkdtempSync(join(tmpdir(), "scimkit-accounts-config-"));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));
let configs = 0;

function configFile(columns: Record<string, string>): string {
  const file = join(configDir, `config-${++configs}.json`);
  writeFileSync(file, JSON.stringify({ ...EXAMPLE_CONFIG, accounts: { columns } }));
  return file;
}

async function start(db: TestDatabase, columns: Record<string, string>): Promise<RunningProvisioningServer> {
  return startProvisioningServer(
    readConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      SCIM_TOKEN,
      ADMIN_TOKEN,
      SCIMKIT_CONFIG: configFile(columns),
      ...db.env(),
    }),
    () => {},
  );
}

async function scim(
  server: RunningProvisioningServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: JsonAnswer }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${SCIM_TOKEN}`,
      ...(body !== undefined ? { "Content-Type": "application/scim+json; charset=utf-8" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function account(
  server: RunningProvisioningServer,
  id: string,
): Promise<{ status: number; body: JsonAnswer }> {
  const response = await fetch(`${server.url.replace(/\/scim\/v2$/, "")}/api/accounts/${id}`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return { status: response.status, body: await response.json() };
}

const EXAMPLE_COLUMNS = EXAMPLE_CONFIG.accounts.columns;
const patch = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

describe.each(["sqlite", "postgres"] as const)("the accounts table on %s", (kind) => {
  let db: TestDatabase;
  let server: RunningProvisioningServer | undefined;
  /** The accounts row of a user, read with SQL (booleans as the database returns them). */
  const rowOf = async (id: string) => {
    const placeholder = kind === "sqlite" ? "?" : "$1";
    const rows = await db.rows<Record<string, unknown>>(
      `SELECT * FROM ${db.table("accounts")} WHERE scim_id = ${placeholder}`,
      [id],
    );
    return rows[0];
  };
  beforeAll(async () => {
    db = await createTestDatabase(kind, "accounts");
  });
  afterEach(async () => {
    await server?.close(0);
    server = undefined;
  });
  afterAll(async () => {
    await db.drop();
  });

  it("Entra creates and PATCHes, Okta creates, PUTs and deactivates: the row holds the mapped values, the API returns them", async () => {
    server = await start(db, EXAMPLE_COLUMNS);
    const entra = await scim(server, "POST", "/Users", {
      schemas: [USER, ENTERPRISE],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: `Test_User_${kind}@contoso.example`,
      active: true,
      emails: [{ primary: true, type: "work", value: `work-${kind}@contoso.example` }],
      meta: { resourceType: "User" },
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
      [ENTERPRISE]: { department: "Research" },
    });
    expect(entra.status).toBe(201);
    const id = entra.body.id as string;
    expect(await rowOf(id)).toMatchObject({
      tenant_id: "default",
      user_name: `Test_User_${kind}@contoso.example`,
      email: `work-${kind}@contoso.example`,
      given_name: "givenName",
      family_name: "familyName",
      department: "Research",
    });
    expect(Boolean((await rowOf(id))?.active)).toBe(true);

    // Entra's PATCH: a path per attribute, the enterprise URN path, and active as the string "False".
    const patched = await scim(
      server,
      "PATCH",
      `/Users/${id}`,
      patch(
        { op: "Replace", path: "name.givenName", value: "Barbara" },
        { op: "Replace", path: `${ENTERPRISE}:department`, value: "Tour Operations" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: `barbara-${kind}@contoso.example` },
        { op: "Replace", path: "active", value: "False" },
      ),
    );
    expect(patched.status).toBe(200);
    const row = await rowOf(id);
    expect(row).toMatchObject({
      given_name: "Barbara",
      department: "Tour Operations",
      email: `barbara-${kind}@contoso.example`,
    });
    expect(Boolean(row?.active)).toBe(false);
    const view = await account(server, id);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      id,
      active: false,
      columns: {
        email: `barbara-${kind}@contoso.example`,
        given_name: "Barbara",
        family_name: "familyName",
        department: "Tour Operations",
      },
    });

    // Okta: create, PUT the whole user with a new name and email, then PATCH active false.
    const okta = await scim(server, "POST", "/Users", {
      schemas: [USER],
      userName: `alice-${kind}@okta.example`,
      name: { givenName: "Alice", familyName: "Liddell" },
      emails: [{ primary: true, value: `alice-${kind}@okta.example`, type: "work" }],
      displayName: "Alice Liddell",
      locale: "en-US",
      externalId: "00ujl29u0le5T6Aj10h7",
      groups: [],
      password: "1mz050nq",
      active: true,
    });
    expect(okta.status).toBe(201);
    const aliceId = okta.body.id as string;
    const put = await scim(server, "PUT", `/Users/${aliceId}`, {
      schemas: [USER],
      id: aliceId,
      userName: `alice-${kind}@okta.example`,
      name: { givenName: "Alicia", familyName: "Liddell" },
      emails: [{ primary: true, value: `alicia-${kind}@okta.example`, type: "work" }],
      active: true,
    });
    expect(put.status).toBe(200);
    const deactivated = await scim(
      server,
      "PATCH",
      `/Users/${aliceId}`,
      patch({ op: "replace", value: { active: false } }),
    );
    expect(deactivated.status).toBe(200);
    const aliceRow = await rowOf(aliceId);
    expect(aliceRow).toMatchObject({
      given_name: "Alicia",
      email: `alicia-${kind}@okta.example`,
      department: null,
    });
    expect(Boolean(aliceRow?.active)).toBe(false);
    expect((await account(server, aliceId)).body.columns).toEqual({
      email: `alicia-${kind}@okta.example`,
      given_name: "Alicia",
      family_name: "Liddell",
      department: null,
    });

    // The API reads the table, not the stored user: a value only the table has shows through.
    await db.rows(
      `UPDATE ${db.table("accounts")} SET family_name = 'from the table' WHERE scim_id = ${kind === "sqlite" ? "?" : "$1"} RETURNING scim_id`,
      [aliceId],
    );
    expect((await account(server, aliceId)).body.columns.family_name).toBe("from the table");

    // Delete: the row goes in the same transaction, and the account is gone (404, no tombstone).
    expect((await scim(server, "DELETE", `/Users/${aliceId}`)).status).toBe(204);
    expect(await rowOf(aliceId)).toBeUndefined();
    expect((await account(server, aliceId)).status).toBe(404);
    expect(await rowOf(id)).toBeDefined();
  });

  it("a column added to the configuration between two starts is added and backfilled from the stored users", async () => {
    const before = { email: EXAMPLE_COLUMNS.email };
    server = await start(db, before);
    const ids: string[] = [];
    for (const name of ["carol", "dave"]) {
      const created = await scim(server, "POST", "/Users", {
        schemas: [USER, ENTERPRISE],
        userName: `${name}-backfill-${kind}`,
        title: `${name}'s title`,
        emails: [{ value: `${name}-${kind}@example.com`, type: "work" }],
        [ENTERPRISE]: { department: `${name}'s department` },
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    await server.close(0);
    server = undefined;
    const columnNames = async () =>
      kind === "sqlite"
        ? (await db.rows<{ name: string }>("SELECT name FROM pragma_table_info('accounts')")).map(
            (r) => r.name,
          )
        : (
            await db.rows<{ name: string }>(
              "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'accounts'",
              [db.env().DATABASE_SCHEMA],
            )
          ).map((r) => r.name);
    expect(await columnNames()).not.toContain("job_title");

    const after = { ...before, job_title: "title", department: EXAMPLE_COLUMNS.department };
    server = await start(db, after);
    expect(await columnNames()).toEqual(expect.arrayContaining(["job_title", "department"]));
    for (const [index, name] of ["carol", "dave"].entries()) {
      expect(await rowOf(ids[index]!)).toMatchObject({
        user_name: `${name}-backfill-${kind}`,
        job_title: `${name}'s title`,
        department: `${name}'s department`,
      });
      expect((await account(server, ids[index]!)).body.columns).toEqual({
        email: `${name}-${kind}@example.com`,
        job_title: `${name}'s title`,
        department: `${name}'s department`,
      });
    }
    // A start with the same columns does not fill the table again.
    const filledAt = async () =>
      (await db.rows<{ filled_at: unknown }>(`SELECT filled_at FROM ${db.table("accounts_projection")}`))[0]
        ?.filled_at;
    const filled = String(await filledAt());
    await server.close(0);
    server = await start(db, after);
    expect(String(await filledAt())).toBe(filled);
  });
});

describe("accounts.columns is checked at start", () => {
  it.each([
    [{ "job-title": "title" }, "accounts.columns.job-title", /letters, digits and _/],
    [{ active: "title" }, "accounts.columns.active", /fixed column of the accounts table/],
    [{ login: "userName" }, "accounts.columns.login", /already mapped by the fixed column user_name/],
  ])("%o is refused naming %s", async (columns, key, problem) => {
    const db = await createTestDatabase("sqlite", "accounts-bad");
    try {
      const failed = await start(db, columns).then(
        async (server) => {
          await server.close(0);
          return undefined;
        },
        (error: unknown) => error as Error,
      );
      expect(failed?.message).toContain(`SCIMKIT_CONFIG ${key}:`);
      expect(failed?.message).toMatch(problem);
    } finally {
      await db.drop();
    }
  });
});
