import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, type AppUnderTest, type DatabaseKind, startApp } from "./support/app-server.js";
import { assertBuilt, type ServerProcess, startServerProcess } from "./support/processes.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

// Logging out of the admin page revokes the session on the server: a copy of the cookie taken
// before the logout (from another browser, a proxy log, a stolen profile) gets 401 afterwards.

/** Logs in through the login form; answers the `scimkit_admin=<value>` pair for a Cookie header. */
async function logIn(origin: string): Promise<string> {
  const response = await fetch(`${origin}/admin/login`, {
    method: "POST",
    body: new URLSearchParams({ token: ADMIN_TOKEN }),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  const pair = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(pair).toMatch(/^scimkit_admin=v1\./);
  return pair;
}

/** GET /admin with the cookie: its status and, on 200, the CSRF token of the logout form. */
async function visit(origin: string, cookie: string): Promise<{ status: number; csrf?: string }> {
  const response = await fetch(`${origin}/admin`, { headers: { Cookie: cookie } });
  const page = await response.text();
  const csrf = /action="\/admin\/logout"><input type="hidden" name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  return { status: response.status, ...(csrf ? { csrf } : {}) };
}

async function logOut(origin: string, cookie: string, csrf: string | undefined): Promise<Response> {
  return fetch(`${origin}/admin/logout`, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(csrf === undefined ? {} : { _csrf: csrf }),
    redirect: "manual",
  });
}

/** The session id inside a cookie pair (`scimkit_admin=v1.<id>.<expires>.<mac>`). */
const sessionIdOf = (cookie: string) => cookie.split(".")[1] ?? "";

describe.each<DatabaseKind>(["sqlite", "postgres"])("admin page logout over HTTP on %s", (kind) => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await startApp(kind);
  });
  afterAll(() => app?.close());

  it("after logout a copied cookie gets 401; another session stays logged in", async () => {
    const cookie = await logIn(app.origin);
    const other = await logIn(app.origin);
    const { status, csrf } = await visit(app.origin, cookie);
    expect(status).toBe(200);
    expect(csrf).toBeDefined();
    const copy = cookie; // what a second browser or an attacker kept
    const loggedOut = await logOut(app.origin, cookie, csrf);
    expect(loggedOut.status).toBe(303);
    expect(loggedOut.headers.get("location")).toBe("/admin/login");
    expect(loggedOut.headers.get("set-cookie")).toMatch(/^scimkit_admin=; .*Max-Age=0/);
    const replayed = await fetch(`${app.origin}/admin`, { headers: { Cookie: copy } });
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).toContain('action="/admin/login"');
    // Every route is closed to it, POSTs with its (still well-formed) CSRF token included.
    const tokens = await fetch(`${app.origin}/admin/tenants/acme/tokens`, {
      method: "POST",
      headers: { Cookie: copy },
      body: new URLSearchParams({ _csrf: csrf ?? "", name: "after logout" }),
      redirect: "manual",
    });
    expect(tokens.status).toBe(401);
    expect((await logOut(app.origin, copy, csrf)).status).toBe(401);
    expect((await visit(app.origin, other)).status).toBe(200);
  });

  it("a logout POST without the CSRF token is 403 and revokes nothing", async () => {
    const cookie = await logIn(app.origin);
    expect((await logOut(app.origin, cookie, undefined)).status).toBe(403);
    expect((await logOut(app.origin, cookie, "wrong")).status).toBe(403);
    expect((await visit(app.origin, cookie)).status).toBe(200);
  });
});

describe.each<DatabaseKind>(["sqlite", "postgres"])(
  "admin page logout with two server processes on one %s database",
  (kind) => {
    let database: TestDatabase;
    const servers: ServerProcess[] = [];
    beforeAll(async () => {
      assertBuilt();
      database = await createTestDatabase(kind, "logout");
      const env = { SCIM_TOKEN: "logout-test-scim-token", ADMIN_TOKEN, ...database.env() };
      // Started together: on a fresh database both create the revocation table.
      const started = await Promise.allSettled([startServerProcess(env), startServerProcess(env)]);
      for (const result of started) if (result.status === "fulfilled") servers.push(result.value);
      for (const result of started) if (result.status === "rejected") throw result.reason;
    });
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await database?.drop();
    });

    it("logging out on one process ends the session on the other; the session id is in no log", async () => {
      const [first, second] = servers.map((server) => server.url.replace(/\/scim\/v2$/, "")) as [
        string,
        string,
      ];
      const cookie = await logIn(first);
      // Behind a load balancer the next request may reach the other process: the cookie works there.
      const there = await visit(second, cookie);
      expect(there.status).toBe(200);
      expect((await logOut(second, cookie, there.csrf)).status).toBe(303);
      expect((await visit(first, cookie)).status).toBe(401);
      expect((await visit(second, cookie)).status).toBe(401);
      const rows = await database.rows<{ session_id: string }>(
        `SELECT session_id FROM ${database.table("admin_session_revocations")}`,
      );
      expect(rows.map((row) => row.session_id)).toEqual([sessionIdOf(cookie)]);
      for (const server of servers) {
        expect(server.stdout()).not.toContain(sessionIdOf(cookie));
        expect(server.stderr()).not.toContain(sessionIdOf(cookie));
      }
    });
  },
);
