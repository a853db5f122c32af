import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { startProvisioningServer } from "../src/start.js";
import {
  ADMIN_TOKEN,
  type AppUnderTest,
  type DatabaseKind,
  ENTERPRISE,
  GROUP,
  PATCH_OP,
  startApp,
  USER,
} from "./support/app-server.js";

describe("admin API gating", () => {
  it("without ADMIN_TOKEN, /api/* and /admin answer 404 (even with a credential)", async () => {
    const running = await startProvisioningServer(
      readConfig({ PORT: "0", HOST: "127.0.0.1", STORE: "memory", SCIM_TOKEN: "t" }),
      () => {},
    );
    try {
      const origin = running.url.replace(/\/scim\/v2$/, "");
      for (const path of [
        "/api/accounts/x",
        "/api/accounts?userName=a",
        "/api/events",
        "/admin",
        "/admin/",
      ]) {
        const response = await fetch(`${origin}${path}`, {
          headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        expect(response.status, path).toBe(404);
      }
    } finally {
      await running.close();
    }
  });

  it("refuses an ADMIN_TOKEN shorter than 16 characters at start", () => {
    expect(() => readConfig({ ADMIN_TOKEN: "short" })).toThrow(/ADMIN_TOKEN/);
  });
});

const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER, ENTERPRISE],
  userName,
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [
    { value: `${userName}@home.example`, type: "home" },
    { value: `${userName}@work.example`, type: "work", primary: true },
  ],
  [ENTERPRISE]: { department: "R&D" },
  ...extra,
});

describe.each<DatabaseKind>(["sqlite", "postgres"])("accounts API on %s", (kind) => {
  let app: AppUnderTest;
  let userId: string;
  let engineeringId: string;
  let adminsId: string;
  beforeAll(async () => {
    app = await startApp(kind);
    const created = await app.scim("POST", "/Users", user("ada"));
    expect(created.status).toBe(201);
    userId = created.body.id;
    const engineering = await app.scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Engineering",
      members: [{ value: userId }],
    });
    expect(engineering.status).toBe(201);
    engineeringId = engineering.body.id;
    // Mapped by externalId: the displayName is something else entirely.
    const admins = await app.scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Platform Admins",
      externalId: "grp-admins",
      members: [{ value: userId }],
    });
    expect(admins.status).toBe(201);
    adminsId = admins.body.id;
  });
  afterAll(() => app.close());

  it("no credential or a wrong one: 401; the admin token: 200", async () => {
    const none = await fetch(`${app.origin}/api/accounts/${userId}`);
    expect(none.status).toBe(401);
    for (const header of [`Bearer ${ADMIN_TOKEN}x`, "Bearer app-test-scim-token", `Basic ${ADMIN_TOKEN}`]) {
      const wrong = await fetch(`${app.origin}/api/accounts/${userId}`, {
        headers: { Authorization: header },
      });
      expect(wrong.status, header).toBe(401);
    }
    const events = await fetch(`${app.origin}/api/events`, { headers: { Authorization: "Bearer nope" } });
    expect(events.status).toBe(401);
    expect((await app.api("GET", `/accounts/${userId}`)).status).toBe(200);
  });

  it("GET /api/accounts/<id>: mapped columns, roles from displayName and externalId, permissions", async () => {
    const { status, body } = await app.api("GET", `/accounts/${userId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: userId,
      userName: "ada",
      active: true,
      columns: {
        email: "ada@work.example",
        given_name: "Ada",
        family_name: "Lovelace",
        department: "R&D",
      },
      roles: ["admin", "developer"],
      permissions: ["*", "code:read", "code:write"],
    });
  });

  it("GET /api/accounts?userName= finds one, ignoring case; an unknown one is 404", async () => {
    const found = await app.api("GET", "/accounts?userName=ADA");
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(userId);
    expect((await app.api("GET", "/accounts?userName=nobody")).status).toBe(404);
    expect((await app.api("GET", "/accounts/not-an-id")).status).toBe(404);
  });

  it("deactivation revokes roles and ends sessions in the same request; reactivation restores roles", async () => {
    const inserted = await app.insertSession(userId);
    const opened = await app.api("POST", `/accounts/${userId}/sessions`);
    expect(opened.status).toBe(201);
    expect(await app.sessionEndedAt(inserted)).toBeNull();
    // Entra deactivates with the string "False".
    const patched = await app.scim("PATCH", `/Users/${userId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: "False" }],
    });
    expect(patched.status).toBe(200);
    // Nothing waited for: the sessions were ended before the PATCH answered.
    expect(await app.sessionEndedAt(inserted)).not.toBeNull();
    const sessions = await app.api("GET", `/accounts/${userId}/sessions`);
    expect(sessions.body.sessions).toHaveLength(2);
    for (const session of sessions.body.sessions) expect(session.endedAt).not.toBeNull();
    const inactive = await app.api("GET", `/accounts/${userId}`);
    expect(inactive.body).toMatchObject({ active: false, roles: [], permissions: [] });
    expect((await app.api("POST", `/accounts/${userId}/sessions`)).status).toBe(409);

    const reactivated = await app.scim("PATCH", `/Users/${userId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: true }],
    });
    expect(reactivated.status).toBe(200);
    const active = await app.api("GET", `/accounts/${userId}`);
    expect(active.body).toMatchObject({ active: true, roles: ["admin", "developer"] });
  });

  it("a deleted account answers 404 and its sessions are ended", async () => {
    const doomed = await app.scim("POST", "/Users", user("doomed"));
    const id = doomed.body.id;
    await app.scim("PATCH", `/Groups/${engineeringId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: id }] }],
    });
    expect((await app.api("GET", `/accounts/${id}`)).body.roles).toEqual(["developer"]);
    const session = await app.insertSession(id);
    expect((await app.scim("DELETE", `/Users/${id}`)).status).toBe(204);
    expect(await app.sessionEndedAt(session)).not.toBeNull();
    expect((await app.api("GET", `/accounts/${id}`)).status).toBe(404);
    expect((await app.api("GET", "/accounts?userName=doomed")).status).toBe(404);
  });

  it("GET /api/events?after=<cursor>: identity events in order with the next cursor", async () => {
    const first = await app.api("GET", "/events");
    expect(first.status).toBe(200);
    const types = first.body.events.map((event: { type: string }) => event.type);
    expect(types.slice(0, 3)).toEqual(["user.created", "group.created", "group.member_added"]);
    expect(types).toContain("user.deactivated");
    expect(types).toContain("user.reactivated");
    expect(types).toContain("user.deleted");
    // Joining the mapped groups granted roles: derived in the same transaction as the change.
    expect(types).toContain("account.roles_changed");
    expect(typeof first.body.nextCursor).toBe("string");
    // A consumer that was down continues from its cursor and misses nothing.
    const paged = await app.api("GET", "/events?limit=2");
    expect(paged.body.events).toHaveLength(2);
    const rest = await app.api("GET", `/events?after=${encodeURIComponent(paged.body.nextCursor)}`);
    expect([...paged.body.events, ...rest.body.events].map((event: { id: string }) => event.id)).toEqual(
      first.body.events.map((event: { id: string }) => event.id),
    );
    const caughtUp = await app.api("GET", `/events?after=${encodeURIComponent(first.body.nextCursor)}`);
    expect(caughtUp.body.events).toEqual([]);
    await app.scim("PATCH", `/Groups/${adminsId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "remove", path: `members[value eq "${userId}"]` }],
    });
    const next = await app.api("GET", `/events?after=${encodeURIComponent(first.body.nextCursor)}`);
    expect(next.body.events.map((event: { type: string }) => event.type)).toContain("group.member_removed");
    const rolesChanged = next.body.events.find(
      (event: { type: string }) => event.type === "account.roles_changed",
    );
    expect(rolesChanged).toMatchObject({
      resourceId: userId,
      changes: [{ path: "roles", before: ["admin", "developer"], after: ["developer"] }],
    });
    expect((await app.api("GET", "/events?after=garbage")).status).toBe(400);
  });
});
