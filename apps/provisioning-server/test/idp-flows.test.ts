import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AppUnderTest,
  type DatabaseKind,
  ENTERPRISE,
  GROUP,
  type JsonAnswer,
  PATCH_OP,
  SCIM_TOKEN,
  startApp,
  USER,
} from "./support/app-server.js";

// End-to-end provisioning flows, each request shaped as the identity provider sends it (bodies
// from Microsoft's "Develop a SCIM endpoint" tutorial and Okta's SCIM 2.0 reference, as replayed
// by the interop fixtures), against the running app over HTTP. After every step the app's own
// view of the account (/api/accounts/<id>) is checked: columns, roles and permissions of the
// configuration in the issue (Engineering → developer, grp-admins → admin). A group PATCH
// answers 204 and a user PATCH 200 with the resource; both IdPs accept either, so either passes.

/** The headers each IdP sends (Entra: MicrosoftDocs/azure-docs#12728; Okta: its SCIM client). */
const IDP_HEADERS = {
  entra: { "Content-Type": "application/scim+json; charset=utf-8" },
  okta: {
    Accept: "application/scim+json",
    "Accept-Charset": "utf-8",
    "Content-Type": "application/scim+json; charset=utf-8",
    "User-Agent": "Okta SCIM Client 1.0.0",
  },
} as const;

type Idp = keyof typeof IDP_HEADERS;

/** One SCIM request as `idp` sends it; `Content-Type` only with a body, as the IdPs do. */
async function send(
  app: AppUnderTest,
  idp: Idp,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: JsonAnswer }> {
  const { "Content-Type": contentType, ...rest } = IDP_HEADERS[idp] as Record<string, string>;
  const response = await fetch(`${app.running.url}${path}`, {
    method,
    headers: {
      ...rest,
      Authorization: `Bearer ${SCIM_TOKEN}`,
      ...(body !== undefined ? { "Content-Type": contentType as string } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The app's account view: what the app would let this person do right now. */
async function accessOf(app: AppUnderTest, id: string) {
  const { status, body } = await app.api("GET", `/accounts/${id}`);
  expect(status, `GET /api/accounts/${id}`).toBe(200);
  return {
    active: body.active as boolean,
    roles: body.roles as string[],
    permissions: body.permissions as string[],
    columns: body.columns as Record<string, unknown>,
  };
}

const DEVELOPER = { roles: ["developer"], permissions: ["code:read", "code:write"] };
const ADMIN_AND_DEVELOPER = { roles: ["admin", "developer"], permissions: ["*", "code:read", "code:write"] };
const ADMIN = { roles: ["admin"], permissions: ["*"] };
const NOTHING = { roles: [], permissions: [] };

const patch = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

let runTag = 0;
/** A value unique to this run, so the SQLite and PostgreSQL runs never share names. */
const unique = (text: string) => `${text}-${process.pid}-${++runTag}`;

describe.each<DatabaseKind>(["sqlite", "postgres"])("Microsoft Entra ID flows on %s", (kind) => {
  let app: AppUnderTest;
  let userId: string;
  let userName: string;
  let engineeringId: string;
  let adminsId: string;

  beforeAll(async () => {
    app = await startApp(kind);
    userName = unique("Test_User_ab6490ee");
    // Entra's create: enterprise URN declared, meta.resourceType and an empty roles list sent.
    const created = await send(app, "entra", "POST", "/Users", {
      schemas: [USER, ENTERPRISE],
      externalId: unique("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"),
      userName,
      active: true,
      emails: [{ primary: true, type: "work", value: `${userName}@testuser.com` }],
      meta: { resourceType: "User" },
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
      [ENTERPRISE]: { department: "Research" },
    });
    expect(created.status).toBe(201);
    userId = created.body.id;
    // Entra's group create carries its own legacy schema URN next to the core one.
    const engineering = await send(app, "entra", "POST", "/Groups", {
      schemas: [GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
      externalId: unique("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"),
      displayName: "Engineering",
      meta: { resourceType: "Group" },
    });
    expect(engineering.status).toBe(201);
    engineeringId = engineering.body.id;
    // Mapped by externalId (the Entra object id never changes; the name does).
    const admins = await send(app, "entra", "POST", "/Groups", {
      schemas: [GROUP],
      externalId: "grp-admins",
      displayName: "Platform Admins",
      meta: { resourceType: "Group" },
    });
    expect(admins.status).toBe(201);
    adminsId = admins.body.id;
  });
  afterAll(() => app.close());

  it("a new user has its mapped columns and no roles before any group", async () => {
    expect(await accessOf(app, userId)).toEqual({
      active: true,
      ...NOTHING,
      columns: {
        email: `${userName}@testuser.com`,
        given_name: "givenName",
        family_name: "familyName",
        department: "Research",
      },
    });
    const byName = await app.api("GET", `/accounts?userName=${encodeURIComponent(userName)}`);
    expect(byName.body.id).toBe(userId);
  });

  it('PATCH "Add" members (with "$ref": null) grants the roles of each group', async () => {
    const added = await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch({ op: "Add", path: "members", value: [{ $ref: null, value: userId }] }),
    );
    expect([200, 204]).toContain(added.status);
    expect(await accessOf(app, userId)).toMatchObject(DEVELOPER);
    await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${adminsId}`,
      patch({ op: "Add", path: "members", value: [{ $ref: null, value: userId }] }),
    );
    expect(await accessOf(app, userId)).toMatchObject(ADMIN_AND_DEVELOPER);
  });

  it("a rename keeps the roles of a group mapped by externalId (and drops those mapped by name)", async () => {
    const renamed = await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${adminsId}`,
      patch({ op: "Replace", path: "displayName", value: "Platform Administrators" }),
    );
    expect([200, 204]).toContain(renamed.status);
    expect(await accessOf(app, userId)).toMatchObject(ADMIN_AND_DEVELOPER);
    // The contrast: Engineering is mapped by displayName, so renaming it takes developer away…
    await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch({ op: "Replace", path: "displayName", value: "Engineering (old)" }),
    );
    expect(await accessOf(app, userId)).toMatchObject(ADMIN);
    // …until the name matches again.
    await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch({ op: "Replace", path: "displayName", value: "Engineering" }),
    );
    expect(await accessOf(app, userId)).toMatchObject(ADMIN_AND_DEVELOPER);
  });

  it('"Remove" with path members[value eq "…"] (the aadOptscim062020 shape) removes one membership', async () => {
    const removed = await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch({ op: "Remove", path: `members[value eq "${userId}"]` }),
    );
    expect([200, 204]).toContain(removed.status);
    expect(await accessOf(app, userId)).toMatchObject(ADMIN);
    // Removing one member never empties the group: the admins group still has the user.
    const group = await send(app, "entra", "GET", `/Groups/${adminsId}`);
    expect(group.body.members.map((member: { value: string }) => member.value)).toEqual([userId]);
  });

  it('"Remove" path members with a value list (the default job\'s shape) removes exactly those', async () => {
    const other = await send(app, "entra", "POST", "/Users", {
      schemas: [USER],
      userName: unique("bystander"),
      active: true,
    });
    await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${adminsId}`,
      patch({ op: "Add", path: "members", value: [{ $ref: null, value: other.body.id }] }),
    );
    const removed = await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${adminsId}`,
      patch({ op: "Remove", path: "members", value: [{ value: userId }] }),
    );
    expect([200, 204]).toContain(removed.status);
    expect(await accessOf(app, userId)).toMatchObject(NOTHING);
    expect(await accessOf(app, other.body.id)).toMatchObject(ADMIN);
    // Back into both groups for the offboarding steps.
    for (const groupId of [engineeringId, adminsId])
      await send(
        app,
        "entra",
        "PATCH",
        `/Groups/${groupId}`,
        patch({ op: "Add", path: "members", value: [{ $ref: null, value: userId }] }),
      );
    expect(await accessOf(app, userId)).toMatchObject(ADMIN_AND_DEVELOPER);
  });

  it('a pathless "replace" with dotted and URN keys updates the mapped columns', async () => {
    const updated = await send(
      app,
      "entra",
      "PATCH",
      `/Users/${userId}`,
      patch({
        op: "replace",
        value: { "name.givenName": "Grace", [`${ENTERPRISE}:department`]: "Operations" },
      }),
    );
    expect(updated.status).toBe(200);
    expect((await accessOf(app, userId)).columns).toMatchObject({
      given_name: "Grace",
      family_name: "familyName",
      department: "Operations",
    });
  });

  it('"Replace" active "False" (a string) revokes roles and ends sessions in that request', async () => {
    const session = await app.insertSession(userId);
    const deactivated = await send(
      app,
      "entra",
      "PATCH",
      `/Users/${userId}`,
      patch({ op: "Replace", path: "active", value: "False" }),
    );
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    // Read right after the answer, nothing waited for.
    expect(await app.sessionEndedAt(session)).not.toBeNull();
    expect(await accessOf(app, userId)).toMatchObject({ active: false, ...NOTHING });
    // Entra keeps the memberships of a disabled user; they are what reactivation restores.
    const groups = await send(app, "entra", "GET", `/Users/${userId}?attributes=groups`);
    expect(groups.body.groups).toHaveLength(2);
  });

  it('"Replace" active "True" restores the roles of the current memberships', async () => {
    const reactivated = await send(
      app,
      "entra",
      "PATCH",
      `/Users/${userId}`,
      patch({ op: "Replace", path: "active", value: "True" }),
    );
    expect(reactivated.status).toBe(200);
    expect(await accessOf(app, userId)).toMatchObject({ active: true, ...ADMIN_AND_DEVELOPER });
  });

  it('the pathless form {"active":"False"} deactivates too; memberships changed meanwhile count on return', async () => {
    const session = await app.insertSession(userId);
    const deactivated = await send(
      app,
      "entra",
      "PATCH",
      `/Users/${userId}`,
      patch({ op: "Replace", value: { active: "False" } }),
    );
    expect(deactivated.status).toBe(200);
    expect(await app.sessionEndedAt(session)).not.toBeNull();
    expect(await accessOf(app, userId)).toMatchObject({ active: false, ...NOTHING });
    // While disabled, the user leaves Engineering: reactivation grants only what is current.
    await send(
      app,
      "entra",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch({ op: "Remove", path: `members[value eq "${userId}"]` }),
    );
    expect(await accessOf(app, userId)).toMatchObject({ active: false, ...NOTHING });
    await send(
      app,
      "entra",
      "PATCH",
      `/Users/${userId}`,
      patch({ op: "Replace", value: { active: "True" } }),
    );
    expect(await accessOf(app, userId)).toMatchObject({ active: true, ...ADMIN });
  });

  it("the events feed tells the story in order", async () => {
    const { body } = await app.api("GET", "/events?limit=1000");
    const mine = body.events
      .filter((event: { resourceId: string }) => event.resourceId === userId)
      .map((event: { type: string }) => event.type);
    expect(mine).toEqual(
      expect.arrayContaining(["user.created", "user.updated", "user.deactivated", "user.reactivated"]),
    );
    expect(mine.indexOf("user.deactivated")).toBeLessThan(mine.lastIndexOf("user.reactivated"));
  });

  it("DELETE ends the sessions and the account answers 404", async () => {
    const session = await app.insertSession(userId);
    expect((await send(app, "entra", "DELETE", `/Users/${userId}`)).status).toBe(204);
    expect(await app.sessionEndedAt(session)).not.toBeNull();
    expect((await app.api("GET", `/accounts/${userId}`)).status).toBe(404);
    const group = await send(app, "entra", "GET", `/Groups/${adminsId}`);
    expect((group.body.members ?? []).map((member: { value: string }) => member.value)).not.toContain(userId);
  });
});

/** Okta's create body (its SCIM 2.0 reference): password, `groups: []`, locale and its own id. */
function oktaUser(userName: string, active = true) {
  return {
    schemas: [USER],
    userName,
    name: { givenName: "Test", familyName: "User" },
    emails: [{ primary: true, value: userName, type: "work" }],
    displayName: "Test User",
    locale: "en-US",
    externalId: unique("00ujl29u0le5T6Aj10h7"),
    groups: [],
    password: "1mz050nq",
    active,
  };
}

describe.each<DatabaseKind>(["sqlite", "postgres"])("Okta flows on %s", (kind) => {
  let app: AppUnderTest;
  let aliceId: string;
  let alice: string;
  let bobId: string;
  let engineeringId: string;

  beforeAll(async () => {
    app = await startApp(kind);
    alice = `${unique("alice")}@okta.local`;
    // Okta checks existence first, then creates.
    const query = await send(
      app,
      "okta",
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${alice}"`)}&startIndex=1&count=100`,
    );
    expect(query.body.totalResults).toBe(0);
    const created = await send(app, "okta", "POST", "/Users", oktaUser(alice));
    expect(created.status).toBe(201);
    aliceId = created.body.id;
    const bob = await send(app, "okta", "POST", "/Users", oktaUser(`${unique("bob")}@okta.local`));
    bobId = bob.body.id;
    // Group push creates the group empty, then sends the members.
    const engineering = await send(app, "okta", "POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Engineering",
      members: [],
    });
    expect(engineering.status).toBe(201);
    engineeringId = engineering.body.id;
  });
  afterAll(() => app.close());

  it("the PUT of a group's whole member list grants the group's roles to exactly those members", async () => {
    const put = await send(app, "okta", "PUT", `/Groups/${engineeringId}`, {
      schemas: [GROUP],
      id: engineeringId,
      displayName: "Engineering",
      members: [
        { value: aliceId, display: alice },
        { value: bobId, display: "bob" },
      ],
    });
    expect(put.status).toBe(200);
    expect(await accessOf(app, aliceId)).toMatchObject({ active: true, ...DEVELOPER });
    expect(await accessOf(app, bobId)).toMatchObject(DEVELOPER);
    const smaller = await send(app, "okta", "PUT", `/Groups/${engineeringId}`, {
      schemas: [GROUP],
      id: engineeringId,
      displayName: "Engineering",
      members: [{ value: bobId, display: "bob" }],
    });
    expect(smaller.status).toBe(200);
    expect(await accessOf(app, aliceId)).toMatchObject(NOTHING);
    expect(await accessOf(app, bobId)).toMatchObject(DEVELOPER);
  });

  it('PATCH "replace members" swaps the member list', async () => {
    const replaced = await send(
      app,
      "okta",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch({ op: "replace", path: "members", value: [{ value: aliceId, display: alice }] }),
    );
    expect([200, 204]).toContain(replaced.status);
    expect(await accessOf(app, aliceId)).toMatchObject(DEVELOPER);
    expect(await accessOf(app, bobId)).toMatchObject(NOTHING);
  });

  it("the membership PATCH mixing remove, add and replace ends with the final list", async () => {
    const mixed = await send(
      app,
      "okta",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch(
        { op: "remove", path: `members[value eq "${aliceId}"]` },
        { op: "add", path: "members", value: [{ value: bobId, display: "bob" }] },
        {
          op: "replace",
          path: "members",
          value: [
            { value: bobId, display: "bob" },
            { value: aliceId, display: alice },
          ],
        },
      ),
    );
    expect([200, 204]).toContain(mixed.status);
    expect(await accessOf(app, aliceId)).toMatchObject(DEVELOPER);
    expect(await accessOf(app, bobId)).toMatchObject(DEVELOPER);
  });

  it("the pathless rename {id, displayName} Okta sends with membership updates applies the new name", async () => {
    const renamed = await send(
      app,
      "okta",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch({ op: "replace", value: { id: engineeringId, displayName: "Engineering Team" } }),
    );
    expect([200, 204]).toContain(renamed.status);
    // Mapped by displayName: the new name maps to nothing.
    expect(await accessOf(app, aliceId)).toMatchObject(NOTHING);
    await send(
      app,
      "okta",
      "PATCH",
      `/Groups/${engineeringId}`,
      patch({ op: "replace", value: { id: engineeringId, displayName: "Engineering" } }),
    );
    expect(await accessOf(app, aliceId)).toMatchObject(DEVELOPER);
  });

  it("PUT with active: false (and groups: []) revokes at once, ends sessions and keeps memberships", async () => {
    const session = await app.insertSession(aliceId);
    const current = await send(app, "okta", "GET", `/Users/${aliceId}`);
    // Okta's PUT: the whole user after a GET, with active false and its empty groups list.
    const put = await send(app, "okta", "PUT", `/Users/${aliceId}`, {
      ...oktaUser(alice, false),
      id: aliceId,
      externalId: current.body.externalId,
      meta: { resourceType: "User" },
    });
    expect(put.status).toBe(200);
    expect(put.body.active).toBe(false);
    expect(await app.sessionEndedAt(session)).not.toBeNull();
    expect(await accessOf(app, aliceId)).toMatchObject({ active: false, ...NOTHING });
    // A deactivated user stays readable (Okta's SPEC test fails on a 404 here).
    const read = await send(app, "okta", "GET", `/Users/${aliceId}`);
    expect(read.status).toBe(200);
    expect(read.body.groups.map((group: { value: string }) => group.value)).toEqual([engineeringId]);
  });

  it("PUT with active: true restores the roles of the memberships", async () => {
    const current = await send(app, "okta", "GET", `/Users/${aliceId}`);
    const put = await send(app, "okta", "PUT", `/Users/${aliceId}`, {
      ...oktaUser(alice, true),
      id: aliceId,
      externalId: current.body.externalId,
    });
    expect(put.status).toBe(200);
    expect(await accessOf(app, aliceId)).toMatchObject({ active: true, ...DEVELOPER });
  });

  it('the OIN app\'s PATCH {"op":"replace","value":{"active":false}} revokes too, and reactivates', async () => {
    const session = await app.insertSession(aliceId);
    const off = await send(
      app,
      "okta",
      "PATCH",
      `/Users/${aliceId}`,
      patch({ op: "replace", value: { active: false } }),
    );
    expect([200, 204]).toContain(off.status);
    expect(await app.sessionEndedAt(session)).not.toBeNull();
    expect(await accessOf(app, aliceId)).toMatchObject({ active: false, ...NOTHING });
    const on = await send(
      app,
      "okta",
      "PATCH",
      `/Users/${aliceId}`,
      patch({ op: "replace", value: { active: true } }),
    );
    expect([200, 204]).toContain(on.status);
    expect(await accessOf(app, aliceId)).toMatchObject({ active: true, ...DEVELOPER });
  });

  it("unlinking the group (DELETE /Groups/{id}) takes its roles away", async () => {
    expect((await send(app, "okta", "DELETE", `/Groups/${engineeringId}`)).status).toBe(204);
    expect(await accessOf(app, aliceId)).toMatchObject(NOTHING);
    expect(await accessOf(app, bobId)).toMatchObject(NOTHING);
  });
});

describe.each<DatabaseKind>(["sqlite", "postgres"])("nested groups on %s", (kind) => {
  let app: AppUnderTest;
  afterAll(() => app.close());

  it("a member of a group inside a mapped group gets the outer group's roles", async () => {
    app = await startApp(kind);
    const user = await app.scim("POST", "/Users", { schemas: [USER], userName: unique("nested") });
    const backend = await app.scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Backend",
      members: [{ value: user.body.id, type: "User" }],
    });
    expect(await accessOf(app, user.body.id)).toMatchObject(NOTHING);
    const engineering = await app.scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Engineering",
      members: [{ value: backend.body.id, type: "Group" }],
    });
    expect(engineering.status).toBe(201);
    expect(await accessOf(app, user.body.id)).toMatchObject(DEVELOPER);
    // Taking the inner group out of the outer one takes the role away.
    await app.scim(
      "PATCH",
      `/Groups/${engineering.body.id}`,
      patch({ op: "remove", path: `members[value eq "${backend.body.id}"]` }),
    );
    expect(await accessOf(app, user.body.id)).toMatchObject(NOTHING);
  });
});
