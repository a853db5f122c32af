import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { type RunningProvisioningServer, startProvisioningServer } from "../src/start.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

describe("provisioning server (memory store, configured token)", () => {
  let running: RunningProvisioningServer;
  const logged: string[] = [];
  beforeAll(async () => {
    running = await startProvisioningServer(
      readConfig({ PORT: "0", HOST: "127.0.0.1", STORE: "memory", SCIM_TOKEN: "s3cret-token" }),
      (line) => logged.push(line),
    );
  });
  afterAll(() => running.close());

  it("logs the SCIM URL and never the configured token", () => {
    expect(logged.join("\n")).toContain(running.url);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(logged.join("\n")).not.toContain("s3cret-token");
  });

  it("GET /healthz answers without a token", async () => {
    const response = await fetch(running.url.replace("/scim/v2", "/healthz"));
    expect(response.status).toBe(200);
  });

  it("no token: 401 with WWW-Authenticate: Bearer (RFC 6750 §3) and a SCIM error body (RFC 7644 §3.12)", async () => {
    const response = await fetch(`${running.url}/Users`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="scim"');
    expect(response.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const body = await response.json();
    expect(body.schemas).toEqual([ERROR]);
    expect(body.status).toBe("401");
  });

  it('a wrong token: 401 with error="invalid_token" (RFC 6750 §3.1)', async () => {
    for (const header of ["Bearer wrong", "Bearer s3cret-token-but-longer", "Basic czNjcmV0LXRva2Vu"]) {
      const response = await fetch(`${running.url}/Users`, { headers: { Authorization: header } });
      expect(response.status, header).toBe(401);
      expect(response.headers.get("www-authenticate") ?? "").toMatch(/^Bearer realm="scim"/);
    }
    const wrong = await fetch(`${running.url}/Users`, { headers: { Authorization: "Bearer wrong" } });
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("requests Node's HTTP parser rejects still get a SCIM error body (RFC 7644 §3.12)", async () => {
    const auth = { Authorization: "Bearer s3cret-token" };
    // A filter over the 4096-character limit but within the header limit reaches the kit: 400.
    const long = await fetch(
      `${running.url}/Users?filter=${encodeURIComponent(`userName eq "${"a".repeat(20_000)}"`)}`,
      {
        headers: auth,
      },
    );
    expect([long.status, (await long.json()).scimType]).toEqual([400, "invalidFilter"]);
    // Beyond 64 KiB of request line and headers Node answers itself: still a SCIM error.
    const huge = await fetch(`${running.url}/Users?filter=${"a".repeat(70_000)}`, { headers: auth });
    expect(huge.status).toBe(431);
    expect(huge.headers.get("content-type")).toBe("application/scim+json");
    expect(await huge.json()).toMatchObject({ schemas: [ERROR], status: "431" });
  });

  it("the right token opens every endpoint, discovery included", async () => {
    const auth = { Authorization: "Bearer s3cret-token" };
    const config = await fetch(`${running.url}/ServiceProviderConfig`, { headers: auth });
    expect(config.status).toBe(200);
    const created = await fetch(`${running.url}/Users`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/scim+json" },
      body: JSON.stringify({ schemas: [USER], userName: "first.user" }),
    });
    expect(created.status).toBe(201);
    const location = created.headers.get("location") ?? "";
    expect(location.startsWith(`${running.url}/Users/`)).toBe(true);
    expect((await fetch(location, { headers: auth })).status).toBe(200);
  });
});

describe("provisioning server without SCIM_TOKEN", () => {
  it("generates a token, prints it once, and accepts it", async () => {
    const logged: string[] = [];
    const running = await startProvisioningServer(
      readConfig({ PORT: "0", HOST: "127.0.0.1", STORE: "memory" }),
      (line) => logged.push(line),
    );
    try {
      const tokenLines = logged.filter((line) => line.includes("generated bearer token"));
      expect(tokenLines).toHaveLength(1);
      const token = tokenLines[0]?.split(": ").pop() ?? "";
      expect(token.length).toBeGreaterThanOrEqual(40);
      const response = await fetch(`${running.url}/Users`, { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
    } finally {
      await running.close();
    }
  });
});

describe("provisioning server on SQLite (the default store)", () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-provisioning-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("defaults to SQLite at DATABASE_FILE and keeps data across restarts", async () => {
    const env = {
      PORT: "0",
      HOST: "127.0.0.1",
      SCIM_TOKEN: "t",
      DATABASE_FILE: join(dir, "nested", "scim.db"),
    };
    expect(readConfig(env).store).toBe("sqlite");
    const auth = { Authorization: "Bearer t", "Content-Type": "application/scim+json" };
    const first = await startProvisioningServer(readConfig(env), () => {});
    const created = await fetch(`${first.url}/Users`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ schemas: [USER], userName: "durable" }),
    });
    expect(created.status).toBe(201);
    await first.close();
    const second = await startProvisioningServer(readConfig(env), () => {});
    try {
      const found = await fetch(`${second.url}/Users?filter=${encodeURIComponent('userName eq "durable"')}`, {
        headers: auth,
      });
      expect((await found.json()).totalResults).toBe(1);
    } finally {
      await second.close();
    }
  });
});

describe("provisioning server on PostgreSQL (DATABASE_URL set)", () => {
  // The PostgreSQL of the test machine (trust auth); each run uses its own schema and drops it.
  const url = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const schema = `provisioning_${process.pid}_${Date.now()}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it("stores resources in PostgreSQL when DATABASE_URL is set", async () => {
    const env = {
      PORT: "0",
      HOST: "127.0.0.1",
      SCIM_TOKEN: "pg",
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
    };
    const running = await startProvisioningServer(readConfig(env), () => {});
    try {
      const headers = { Authorization: "Bearer pg", "Content-Type": "application/scim+json" };
      const created = await fetch(`${running.url}/Users`, {
        method: "POST",
        headers,
        body: JSON.stringify({ schemas: [USER], userName: "in.postgres" }),
      });
      expect(created.status).toBe(201);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const tables = await client.query(
        "select count(*)::int as n from information_schema.tables where table_schema = $1",
        [schema],
      );
      await client.end();
      expect(tables.rows[0].n).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });
});

describe("configuration", () => {
  it("rejects a bad PORT and an unknown STORE naming the variable", () => {
    expect(() => readConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => readConfig({ STORE: "mongo" })).toThrow(/STORE/);
  });

  it("picks postgres when DATABASE_URL is set", () => {
    expect(readConfig({ DATABASE_URL: "postgres://localhost/scim" }).store).toBe("postgres");
  });
});
