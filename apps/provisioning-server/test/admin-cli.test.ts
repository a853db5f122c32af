import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runAdmin, type ServerProcess, startServerProcess } from "./support/processes.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PG_URL = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const STATIC_TOKEN = "quick-start-static-token";

interface Created {
  id: string;
  tenant: string;
  token: string;
  scope: string;
  expiresAt: string | null;
}

async function create(env: Record<string, string>, ...args: string[]): Promise<Created> {
  const result = await runAdmin(["tokens", "create", ...args], env);
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string) as Created;
}

function get(url: string, token: string): Promise<Response> {
  return fetch(`${url}/Users`, { headers: { Authorization: `Bearer ${token}` } });
}

function createUser(url: string, token: string, userName: string): Promise<Response> {
  return fetch(`${url}/Users`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
    body: JSON.stringify({ schemas: [USER], userName }),
  });
}

/** Polls until `check` holds; the contract is "within 5 seconds", so that is the deadline. */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

const DATABASES = ["sqlite", "postgres"] as const;

describe.each(DATABASES)("scimkit-admin tokens on %s, two server processes running", (kind) => {
  let env: Record<string, string>;
  let servers: ServerProcess[] = [];
  let cleanup: () => Promise<void> = async () => {};
  let atRest: () => Promise<string>;

  beforeAll(async () => {
    assertBuilt();
    if (kind === "sqlite") {
      const dir = mkdtempSync(join(tmpdir(), "scimkit-admin-"));
      env = { DATABASE_FILE: join(dir, "scim.db"), SCIM_TOKEN: STATIC_TOKEN };
      // The database file and its WAL, byte for byte.
      atRest = async () =>
        readdirSync(dir)
          .map((file) => readFileSync(join(dir, file)).toString("latin1"))
          .join("\n");
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = `scim_admin_${randomBytes(5).toString("hex")}`;
      env = { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, SCIM_TOKEN: STATIC_TOKEN };
      const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
      atRest = async () => {
        const tables = ["scim_credentials", "scim_resources", "scim_values"];
        const dumps = await Promise.all(
          tables.map((table) =>
            pool.query(`SELECT * FROM "${schema}".${table}`).then(({ rows }) => JSON.stringify(rows)),
          ),
        );
        return dumps.join("\n");
      };
      cleanup = async () => {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      };
    }
    servers = [await startServerProcess(env), await startServerProcess(env)];
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await cleanup();
  });

  it("tokens create prints one JSON object; the token works on every process, for its tenant only", async () => {
    const issued = await create(env, "--tenant", "acme", "--name", "Entra ID");
    expect(Object.keys(issued).sort()).toEqual(["expiresAt", "id", "scope", "tenant", "token"]);
    expect(issued).toMatchObject({ tenant: "acme", scope: "write", expiresAt: null });
    for (const server of servers) expect((await get(server.url, issued.token)).status).toBe(200);
    const [first, second] = servers as [ServerProcess, ServerProcess];
    expect((await createUser(first.url, issued.token, "alice@acme")).status).toBe(201);
    // SCIM_TOKEN keeps working, as a token of tenant "default": acme's user is not there.
    const fromDefault = await (await get(second.url, STATIC_TOKEN)).json();
    expect(fromDefault.totalResults).toBe(0);
    const fromAcme = await (await get(second.url, issued.token)).json();
    expect(fromAcme.Resources.map((user: { userName: string }) => user.userName)).toEqual(["alice@acme"]);
    // The same userName in another tenant is no conflict.
    expect((await createUser(first.url, STATIC_TOKEN, "alice@acme")).status).toBe(201);
  }, 60_000);

  it("rotation: two tokens of a tenant overlap; revoking the old one stops it on every process within 5 s", async () => {
    const old = await create(env, "--tenant", "rotate");
    const next = await create(env, "--tenant", "rotate");
    for (const server of servers) {
      expect((await get(server.url, old.token)).status).toBe(200);
      expect((await get(server.url, next.token)).status).toBe(200);
    }
    const revoked = await runAdmin(["tokens", "revoke", old.id], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    for (const server of servers) {
      const stopped = await within(5000, async () => (await get(server.url, old.token)).status === 401);
      expect(stopped).toBe(true);
      const response = await get(server.url, old.token);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="scim", error="invalid_token"/);
      expect((await get(server.url, next.token)).status).toBe(200);
    }
    expect((await runAdmin(["tokens", "revoke", "ffffffffffffffffffffffff"], env)).code).toBe(1);
  }, 60_000);

  it("--scope read may list and search but gets 403 insufficient_scope on writes", async () => {
    const reader = await create(env, "--tenant", "acme", "--scope", "read");
    expect(reader.scope).toBe("read");
    const server = servers[0] as ServerProcess;
    expect((await get(server.url, reader.token)).status).toBe(200);
    const write = await createUser(server.url, reader.token, "not-allowed");
    expect(write.status).toBe(403);
    expect(write.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect((await write.json()).status).toBe("403");
  }, 60_000);

  it("--expires-in: the token stops working after its lifetime", async () => {
    const before = Date.now();
    const shortLived = await create(env, "--tenant", "acme", "--expires-in", "2");
    const expiresAt = Date.parse(shortLived.expiresAt ?? "");
    expect(expiresAt).toBeGreaterThanOrEqual(before + 2000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 2000);
    const server = servers[1] as ServerProcess;
    const expired = await within(8000, async () => (await get(server.url, shortLived.token)).status === 401);
    expect(expired).toBe(true);
  }, 60_000);

  it("tokens list prints JSON lines without secrets, filtered by --tenant; lastUsedAt is recorded", async () => {
    const used = await create(env, "--tenant", "listed");
    expect((await get((servers[0] as ServerProcess).url, used.token)).status).toBe(200);
    const all = await runAdmin(["tokens", "list"], env);
    expect(all.code, all.stderr).toBe(0);
    const secret = used.token.replace(/^scimkit_[0-9a-f]{24}_/, "") as string;
    expect(all.stdout).not.toContain(secret);
    expect(all.stdout).not.toContain("secretHash");
    const lines = all.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const listed = await runAdmin(["tokens", "list", "--tenant", "listed"], env);
    const rows = listed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: used.id,
      tenant: "listed",
      scope: "write",
      active: true,
      revokedAt: null,
    });
    await expect
      .poll(
        async () => {
          const again = await runAdmin(["tokens", "list", "--tenant", "listed"], env);
          return JSON.parse(again.stdout.trim()).lastUsedAt;
        },
        { timeout: 10_000 },
      )
      .not.toBeNull();
  }, 60_000);

  it("no token secret is stored in clear (only its SHA-256)", async () => {
    const issued = await create(env, "--tenant", "secret-check");
    expect((await get((servers[0] as ServerProcess).url, issued.token)).status).toBe(200);
    const stored = await atRest();
    expect(stored).toContain(issued.id);
    expect(stored).not.toContain(issued.token);
    expect(stored).not.toContain(issued.token.replace(/^scimkit_[0-9a-f]{24}_/, "") as string);
    expect(stored).not.toContain(STATIC_TOKEN);
  }, 60_000);
});

describe("scimkit-admin usage", () => {
  it("usage errors exit 2 with the usage on stderr and nothing on stdout", async () => {
    for (const args of [
      ["tokens", "create"],
      ["tokens", "create", "--tenant", "a", "--scope", "admin"],
      ["tokens", "create", "--tenant", "a", "--expires-in", "-5"],
      ["tokens", "create", "--tenant", "a", "--bogus"],
      ["tokens", "revoke"],
      ["tokens", "frobnicate"],
      ["nothing"],
    ]) {
      const result = await runAdmin(args, { DATABASE_FILE: join(tmpdir(), "scimkit-admin-unused.db") });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("usage");
    }
  }, 60_000);
});
