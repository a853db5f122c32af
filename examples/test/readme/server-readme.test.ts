/**
 * The ts blocks of packages/server/README.md run here: each is the `#region readme` of a module in
 * src/readme/ (the docs block check compares them verbatim), imported or started as a process, and
 * checked over real requests.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScimServer, type ScimServer } from "@scimkit/server";
import { afterAll, describe, expect, it } from "vitest";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const workDir = mkdtempSync(join(tmpdir(), "scimkit-server-readme-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function request(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Request {
  const headers = new Headers({ "content-type": "application/scim+json" });
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return new Request(url, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers,
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
}

/** A port no one listens on right now (the quick start listens on PORT, as users run it). */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("Quick start (Express 5)", () => {
  it("runs as a script and serves only requests with SCIM_TOKEN (401 otherwise, RFC 6750 §3)", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ["--conditions=@scimkit/source", "--import", "tsx", "src/readme/server-quick-start.ts"],
      {
        cwd: fileURLToPath(new URL("../../", import.meta.url)),
        env: { ...process.env, SCIM_TOKEN: "quick-start-token", PORT: String(port) },
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    const exited = new Promise((_, reject) =>
      child.once("exit", (code) => reject(new Error(`the quick start exited with ${code}`))),
    );
    try {
      const url = `http://127.0.0.1:${port}/scim/v2/Users`;
      let anonymous: Response | undefined;
      // Starting tsx over the workspace sources takes long on a busy CI machine: wait up to 100 s.
      const deadline = Date.now() + 100_000;
      while (!anonymous && Date.now() < deadline) {
        anonymous = await Promise.race([fetch(url).catch(() => undefined), exited as Promise<never>]);
        if (!anonymous) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(anonymous?.status).toBe(401);
      expect(anonymous?.headers.get("www-authenticate")).toMatch(/^Bearer realm="scim"/);
      const created = await fetch(
        request(url, { token: "quick-start-token", body: { schemas: [USER], userName: "quick" } }),
      );
      expect(created.status).toBe(201);
      expect(created.headers.get("location")).toMatch(new RegExp(`^${url}/`));
    } finally {
      child.kill();
    }
  }, 150_000);

  it("refuses to start without SCIM_TOKEN", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=@scimkit/source", "--import", "tsx", "src/readme/server-quick-start.ts"],
      {
        cwd: fileURLToPath(new URL("../../", import.meta.url)),
        env: { ...process.env, SCIM_TOKEN: "", PORT: "0" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain("set SCIM_TOKEN");
  }, 150_000);
});

describe("Fetch handler", () => {
  it("serves through `export default { fetch }` and the Next.js route exports, authenticated", async () => {
    const handler = await import("../../src/readme/server-fetch-handler.js");
    const url = "https://edge.example/scim/v2/Users";
    expect((await handler.default.fetch(request(url))).status).toBe(401);
    const created = await handler.POST(
      request(url, { token: "fetch-readme-token", body: { schemas: [USER], userName: "edge" } }),
    );
    expect(created.status).toBe(201);
    expect((await handler.GET(request(url, { token: "fetch-readme-token" }))).status).toBe(200);
    expect(handler.PUT).toBe(handler.GET);
  });
});

describe("Configuration", () => {
  it("every option listed is accepted and in effect", async () => {
    const { scim, reported } = await import("../../src/readme/server-configuration.js");
    const url = "http://localhost/scim/v2/Users";
    const token = "configuration-readme-token";
    expect(
      (await scim.fetch(request(url, { body: { schemas: [USER], userName: "anonymous" } }))).status,
    ).toBe(401);
    const created = await scim.fetch(
      request(url, { token, body: { schemas: [USER], userName: "configured" } }),
    );
    expect(created.status).toBe(201);
    // unknownAttributes: "reject"
    const unknown = await scim.fetch(
      request(url, { token, body: { schemas: [USER], userName: "x", shoeSize: 44 } }),
    );
    expect(unknown.status).toBe(400);
    expect(reported.changes).toEqual(["create"]);
    expect(reported.outcomes.map((outcome) => outcome.status)).toEqual([401, 201, 400]);
    expect(reported.outcomes[1]).toMatchObject({ method: "POST", tenantId: "acme" });
  });

  it("custom resource types are served at their endpoint", async () => {
    const { scim } = await import("../../src/readme/server-custom-resource-type.js");
    const created = await scim.fetch(
      request("http://localhost/Devices", {
        body: { schemas: ["urn:example:params:scim:schemas:core:1.0:Device"], displayName: "laptop-7" },
      }),
    );
    expect(created.status, await created.clone().text()).toBe(201);
    expect((await scim.fetch(request("http://localhost/ResourceTypes/Device"))).status).toBe(200);
  });
});

describe("Authentication and tenancy", () => {
  it("the static token works, the issued-then-revoked token is refused (RFC 6750 §3)", async () => {
    process.env.SCIM_TOKEN = "static-readme-token";
    process.env.DATABASE_FILE = join(workDir, "auth.db");
    const auth = await import("../../src/readme/server-authentication.js");
    delete process.env.SCIM_TOKEN;
    delete process.env.DATABASE_FILE;
    try {
      const url = "http://localhost/Users";
      expect((await auth.scim.fetch(request(url, { token: "static-readme-token" }))).status).toBe(200);
      const revoked = await auth.scim.fetch(request(url, { token: auth.token }));
      expect(revoked.status).toBe(401);
      expect(revoked.headers.get("www-authenticate")).toContain('error="invalid_token"');
      const config = await auth.scim.fetch(
        request("http://localhost/ServiceProviderConfig", { token: "static-readme-token" }),
      );
      const { authenticationSchemes } = (await config.json()) as {
        authenticationSchemes: { type: string }[];
      };
      expect(authenticationSchemes.map((scheme) => scheme.type)).toContain("oauthbearertoken");
    } finally {
      await auth.store.close();
    }
  });
});

describe("Users in your own table", () => {
  it("a user created over SCIM is a row of the application's users table", async () => {
    process.env.DATABASE_FILE = join(workDir, "app.db");
    const { db, store } = await import("../../src/readme/server-table-mapping.js");
    delete process.env.DATABASE_FILE;
    try {
      const scim: ScimServer = createScimServer({ store });
      const created = await scim.fetch(
        request("http://localhost/Users", {
          body: {
            schemas: [USER],
            userName: "mapped",
            emails: [{ value: "mapped@example.com", type: "work" }],
            title: "kept in scim_extra",
          },
        }),
      );
      expect(created.status, await created.clone().text()).toBe(201);
      expect(db.prepare("select login, enabled, email from users").all()).toEqual([
        { login: "mapped", enabled: 1, email: "mapped@example.com" },
      ]);
    } finally {
      await store.close();
      db.close();
    }
  });
});

describe("A copy in your own table", () => {
  it("a bulk create and a nickName filter: the kit keeps the user, the accounts row gets the mapped columns", async () => {
    process.env.DATABASE_FILE = join(workDir, "projection.db");
    const { db, store } = await import("../../src/readme/server-table-projection.js");
    delete process.env.DATABASE_FILE;
    try {
      const scim: ScimServer = createScimServer({ store });
      const bulk = await scim.fetch(
        request("http://localhost/Bulk", {
          body: {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            Operations: [
              {
                method: "POST",
                path: "/Users",
                bulkId: "u1",
                data: {
                  schemas: [USER],
                  userName: "copied",
                  nickName: "not a column",
                  emails: [{ value: "copied@example.com", type: "work" }],
                },
              },
            ],
          },
        }),
      );
      expect(bulk.status, await bulk.clone().text()).toBe(200);
      const [operation] = ((await bulk.json()) as { Operations: { status: string; location: string }[] })
        .Operations;
      expect(operation?.status).toBe("201");
      const id = operation!.location.split("/").pop();
      expect(db.prepare("select scim_id, login, email, plan from accounts").all()).toEqual([
        { scim_id: id, login: "copied", email: "copied@example.com", plan: "free" },
      ]);
      // An attribute no column holds is still the kit's to filter on.
      const found = await scim.fetch(
        request(`http://localhost/Users?filter=${encodeURIComponent('nickName eq "not a column"')}`),
      );
      expect(((await found.json()) as { totalResults: number }).totalResults).toBe(1);
    } finally {
      await store.close();
      db.close();
    }
  });
});

describe("Roles from IdP groups", () => {
  it("a member of a group nested in Engineering is a developer", async () => {
    const { access } = await import("../../src/readme/server-roles.js");
    expect(access).toMatchObject({ roles: ["developer"], permissions: ["code:read", "code:write"] });
  });
});

describe("Rate limiting", () => {
  it("over the limit a credential gets 429 with Retry-After and the SCIM error body (RFC 6585 §4)", async () => {
    process.env.SCIM_TOKEN = "rate-readme-token";
    process.env.DATABASE_FILE = join(workDir, "rate.db");
    process.env.RATE_LIMIT_PER_MINUTE = "2";
    const { scim, store } = await import("../../src/readme/server-rate-limit.js");
    delete process.env.SCIM_TOKEN;
    delete process.env.DATABASE_FILE;
    delete process.env.RATE_LIMIT_PER_MINUTE;
    try {
      const statuses: number[] = [];
      const answers: Response[] = [];
      for (let i = 0; i < 3; i++) {
        const answer = await scim.fetch(request("http://localhost/Users", { token: "rate-readme-token" }));
        statuses.push(answer.status);
        answers.push(answer);
      }
      // Two requests may straddle a minute boundary; then the third starts a fresh window.
      if (statuses[2] !== 429) return expect(statuses).toEqual([200, 200, 200]);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = answers[2] as Response;
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await limited.json()).toMatchObject({ status: "429" });
    } finally {
      await store.close();
    }
  });
});

describe("Audit trail", () => {
  it("queries and exports the tenant's events with exactly the contract fields, and starts the retention", async () => {
    const file = join(workDir, "audit.db");
    const { SqliteStore } = await import("@scimkit/server/sqlite");
    const writer = new SqliteStore({ filename: file });
    const scim = createScimServer({ store: writer });
    const created = await scim.fetch(
      request("http://localhost/Users", {
        body: { schemas: [USER], userName: "audited", password: "Secret-1" },
      }),
      { tenantId: "acme", principal: "token-1" },
    );
    expect(created.status).toBe(201);
    await writer.close();
    process.env.DATABASE_FILE = file;
    const { events, lines, retention, store } = await import("../../src/readme/server-audit.js");
    delete process.env.DATABASE_FILE;
    try {
      expect(events.map((event) => [event.action, event.actor])).toEqual([["create", "token-1"]]);
      expect(lines).toHaveLength(1);
      const exported = JSON.parse(lines[0] as string);
      expect(Object.keys(exported)).toEqual([
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
      ]);
      expect(exported.changes).toContainEqual({ path: "password", before: null, after: "[redacted]" });
      expect(await retention.runOnce()).toBe(0);
    } finally {
      retention.stop();
      await store.close();
    }
  });
});
