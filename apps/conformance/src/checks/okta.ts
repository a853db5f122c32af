import { type Check, CheckSkipped, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { expect, expectJsonObject, expectSameSet, expectScimError, expectStatus } from "../expect.js";
import type { HttpExchange } from "../http.js";
import { absentId } from "../scim/bodies.js";
import { getAttribute, getPath, type JsonObject } from "../scim/json.js";
import { memberIds } from "../scim/members.js";
import { idOf } from "../scim/resource-id.js";
import { GROUP_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from "../scim/urns.js";
import type { Endpoint } from "../scim-api.js";
import { parseListResponse } from "../scim-api.js";

// Request shapes follow Okta's "SCIM 2.0 protocol reference" (developer.okta.com/docs/reference/scim/scim-20)
// and its SCIM 2.0 SPEC test, as replayed by elimity-com/scim internal/idp_test/testdata/okta.
const OKTA_DOC = "Okta: SCIM 2.0 protocol reference";
const SPEC_TEST = "Okta: SCIM 2.0 SPEC test (Runscope)";

/** The headers Okta's SCIM client sends (quoted by Okta in oktadeveloper/okta-blog-archive#1956). */
const OKTA_HEADERS = {
  Accept: "application/scim+json",
  "Accept-Charset": "utf-8",
  "User-Agent": "Okta SCIM Client 1.0.0",
};

function oktaSend(
  ctx: RunContext,
  method: string,
  path: string,
  json?: unknown,
  contentType?: string,
): Promise<HttpExchange> {
  const headers: Record<string, string> = { ...OKTA_HEADERS };
  if (json !== undefined) headers["Content-Type"] = contentType ?? "application/scim+json; charset=utf-8";
  return ctx.http.send({ method, path, json, headers });
}

function oktaUserBody(ctx: RunContext, label: string): JsonObject {
  const userName = `${ctx.unique(label)}@okta.example`;
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: "Test", familyName: "User" },
    emails: [{ primary: true, value: userName, type: "work" }],
    displayName: "Test User",
    locale: "en-US",
    externalId: `00u${ctx.unique(label).replace(/[^a-z0-9]/g, "")}`,
    groups: [],
    password: "1mz050nq",
    active: true,
  };
}

async function oktaCreate(
  ctx: RunContext,
  endpoint: Endpoint,
  body: JsonObject,
  contentType?: string,
): Promise<JsonObject> {
  const exchange = await oktaSend(ctx, "POST", endpoint, body, contentType);
  ctx.api.trackCreated(endpoint, exchange);
  expectStatus(exchange, 201);
  // Okta reports "Create new user returned empty user" when the body is missing.
  const created = expectJsonObject(exchange);
  idOf(created);
  return created;
}

async function oktaUser(ctx: RunContext, label: string) {
  const body = oktaUserBody(ctx, label);
  const user = await oktaCreate(ctx, "/Users", body);
  return { body, user, id: idOf(user) };
}

async function oktaGet(ctx: RunContext, endpoint: Endpoint, id: string): Promise<JsonObject> {
  const exchange = await oktaSend(ctx, "GET", `${endpoint}/${encodeURIComponent(id)}`);
  expectStatus(exchange, 200);
  return expectJsonObject(exchange);
}

async function oktaPatch(
  ctx: RunContext,
  endpoint: Endpoint,
  id: string,
  operations: JsonObject[],
): Promise<void> {
  const exchange = await oktaSend(ctx, "PATCH", `${endpoint}/${encodeURIComponent(id)}`, {
    schemas: [PATCH_OP_SCHEMA],
    Operations: operations,
  });
  expectStatus(exchange, 200, 204);
}

/** Okta's existence check, exactly as it sends it. */
function existencePath(userName: string): string {
  return `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`;
}

/** The request sequences Okta sends (OIN and AIW integrations). */
export const oktaChecks: Check[] = [
  defineCheck({
    id: "okta.test-connection",
    section: "okta",
    level: "IDP",
    title: "GET /Users?startIndex=1&count=2 returns a ListResponse with integer paging fields",
    citation: `${OKTA_DOC} (test connector configuration); ${SPEC_TEST}`,
    async run(ctx) {
      const page = parseListResponse(await oktaSend(ctx, "GET", "/Users?startIndex=1&count=2"));
      for (const field of ["totalResults", "startIndex", "itemsPerPage"]) {
        expect(
          Number.isInteger(getAttribute(page.body, field)),
          `${field} must be an integer, got ${JSON.stringify(getAttribute(page.body, field))}`,
        );
      }
      expect(page.resources.length <= 2, `count=2 returned ${page.resources.length} resources`);
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.user-exists-absent",
    section: "okta",
    level: "IDP",
    title: "the existence check for an unknown userName answers an empty ListResponse (or 404)",
    citation: `${OKTA_DOC} (Determine if the user already exists)`,
    async run(ctx) {
      const exchange = await oktaSend(ctx, "GET", existencePath(`${absentId(ctx)}@okta.example`));
      if (exchange.status === 404) return undefined;
      const page = parseListResponse(exchange);
      expect(page.totalResults === 0, `totalResults must be 0, got ${JSON.stringify(page.totalResults)}`);
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.create-user",
    section: "okta",
    level: "IDP",
    title: "POST /Users with password, groups: [], locale and externalId returns 201 with the user",
    citation: `${OKTA_DOC} (Create the user)`,
    async run(ctx) {
      const { body, user } = await oktaUser(ctx, "okta-create");
      expect(getAttribute(user, "userName") === body.userName, "userName not echoed");
      expect(getAttribute(user, "password") === undefined, "password returned");
      expect(getAttribute(user, "active") === true, "active is not true");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.user-exists-present",
    section: "okta",
    level: "IDP",
    title: "the existence check finds a created user",
    citation: `${OKTA_DOC} (Determine if the user already exists)`,
    async run(ctx) {
      const { body, id } = await oktaUser(ctx, "okta-exists");
      const page = parseListResponse(await oktaSend(ctx, "GET", existencePath(String(body.userName))));
      expectSameSet(page.ids, [id], "users found");
      expect(page.totalResults === 1, "totalResults must be 1");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.create-user-application-json",
    section: "okta",
    level: "IDP",
    title: "POST /Users with Content-Type application/json is accepted",
    citation: `${SPEC_TEST} (POST with application/json)`,
    async run(ctx) {
      await oktaCreate(ctx, "/Users", oktaUserBody(ctx, "okta-json"), "application/json");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.duplicate-user",
    section: "okta",
    level: "IDP",
    title: "creating a user whose userName exists returns 409",
    citation: `${OKTA_DOC} (Create the user: "…return 409 Conflict")`,
    async run(ctx) {
      const { body } = await oktaUser(ctx, "okta-dup");
      const exchange = await oktaSend(ctx, "POST", "/Users", { ...body, externalId: "00uduplicate" });
      ctx.api.trackCreated("/Users", exchange);
      expectScimError(exchange, 409);
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.username-case-insensitive-query",
    section: "okta",
    level: "IDP",
    title: "the existence check with an upper-cased userName finds the user",
    citation: `${SPEC_TEST} (username case sensitivity check)`,
    async run(ctx) {
      const { body, id } = await oktaUser(ctx, "okta-case");
      const page = parseListResponse(
        await oktaSend(ctx, "GET", existencePath(String(body.userName).toUpperCase())),
      );
      expectSameSet(page.ids, [id], "users found by upper-cased userName");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.update-user-put",
    section: "okta",
    level: "IDP",
    title: "PUT /Users/{id} with the full profile (id, groups: [], meta) updates it and keeps active",
    citation: `${OKTA_DOC} (Update a specific user [PUT])`,
    async run(ctx) {
      const { body, id } = await oktaUser(ctx, "okta-put");
      const exchange = await oktaSend(ctx, "PUT", `/Users/${encodeURIComponent(id)}`, {
        schemas: [USER_SCHEMA],
        id,
        userName: body.userName,
        name: { givenName: "Another", middleName: "Excited", familyName: "User" },
        emails: body.emails,
        active: true,
        groups: [],
        meta: { resourceType: "User" },
      });
      expectStatus(exchange, 200);
      const user = await oktaGet(ctx, "/Users", id);
      expect(getPath(user, "name.givenName") === "Another", "name.givenName not updated");
      expect(getPath(user, "name.middleName") === "Excited", "name.middleName not added");
      expect(getAttribute(user, "active") === true, "PUT lost active: true");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.deactivate-patch",
    section: "okta",
    level: "IDP",
    title: "pathless PATCH replace {active: false} deactivates; the user stays GETtable",
    citation: `${OKTA_DOC} (Update a specific user [PATCH]: deactivation)`,
    async run(ctx) {
      const { id } = await oktaUser(ctx, "okta-deact");
      await oktaPatch(ctx, "/Users", id, [{ op: "replace", value: { active: false } }]);
      expect(getAttribute(await oktaGet(ctx, "/Users", id), "active") === false, "user not deactivated");
      await oktaPatch(ctx, "/Users", id, [{ op: "replace", value: { active: true } }]);
      expect(getAttribute(await oktaGet(ctx, "/Users", id), "active") === true, "user not reactivated");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.deactivate-put",
    section: "okta",
    level: "IDP",
    title: "PUT with active: false deactivates (AIW integrations)",
    citation: `${OKTA_DOC} (Update a specific user [PUT])`,
    async run(ctx) {
      const { body, id } = await oktaUser(ctx, "okta-deactput");
      const { password: _password, ...withoutPassword } = body;
      const exchange = await oktaSend(ctx, "PUT", `/Users/${encodeURIComponent(id)}`, {
        ...withoutPassword,
        id,
        active: false,
      });
      expectStatus(exchange, 200);
      expect(getAttribute(await oktaGet(ctx, "/Users", id), "active") === false, "user not deactivated");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.unknown-user",
    section: "okta",
    level: "IDP",
    title: 'GET of an unknown user returns 404 with status "404" and a detail',
    citation: `${SPEC_TEST} (404 with string status)`,
    async run(ctx) {
      const body = expectScimError(await oktaSend(ctx, "GET", `/Users/${absentId(ctx)}`), 404);
      expect(typeof getAttribute(body, "detail") === "string", "error has no detail");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.non-token-authorization",
    section: "okta",
    level: "IDP",
    title: 'Authorization: non-token returns 401 with status "401" and a detail',
    citation: `${SPEC_TEST} (401 test)`,
    async run(ctx) {
      if (!ctx.hasToken)
        throw new CheckSkipped("no --token given: the endpoint is treated as unauthenticated");
      const exchange = await ctx.http.send({
        method: "GET",
        path: "/Users?startIndex=1&count=1",
        headers: OKTA_HEADERS,
        auth: { header: "non-token" },
      });
      const body = expectScimError(exchange, 401);
      expect(typeof getAttribute(body, "detail") === "string", "error has no detail");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.stable-ordering",
    section: "okta",
    level: "IDP",
    title: "paging through users twice with count=1 gives the same order",
    citation: `${OKTA_DOC} (pagination: startIndex and count)`,
    async run(ctx) {
      const scope = `${ctx.unique("okta-order")}-`;
      for (let index = 0; index < 3; index += 1) {
        await oktaCreate(ctx, "/Users", {
          ...oktaUserBody(ctx, "order"),
          userName: `${scope}${index}@okta.example`,
        });
      }
      const walk = async () => {
        const ids: string[] = [];
        for (let startIndex = 1; startIndex <= 3; startIndex += 1) {
          const filter = encodeURIComponent(`userName sw "${scope}"`);
          ids.push(
            ...parseListResponse(
              await oktaSend(ctx, "GET", `/Users?filter=${filter}&startIndex=${startIndex}&count=1`),
            ).ids,
          );
        }
        return ids;
      };
      const first = await walk();
      const second = await walk();
      expect(first.length === 3 && new Set(first).size === 3, `pages returned [${first.join(", ")}]`);
      expect(first.join() === second.join(), "the order changed between two walks");
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.group-push",
    section: "okta",
    level: "IDP",
    title: "group push: create with members: [], rename via pathless replace {id, displayName}, delete",
    citation: `${OKTA_DOC} (Create groups, Update a specific group name, Delete a specific group)`,
    async run(ctx) {
      const group = await oktaCreate(ctx, "/Groups", {
        schemas: [GROUP_SCHEMA],
        displayName: ctx.unique("Test SCIMv2"),
        members: [],
      });
      const id = idOf(group);
      const displayName = ctx.unique("Test SCIMv2-renamed");
      await oktaPatch(ctx, "/Groups", id, [{ op: "replace", value: { id, displayName } }]);
      expect(
        getAttribute(await oktaGet(ctx, "/Groups", id), "displayName") === displayName,
        "group not renamed",
      );
      const deleted = await oktaSend(ctx, "DELETE", `/Groups/${encodeURIComponent(id)}`);
      expectStatus(deleted, 204);
      ctx.untrack(`/Groups/${encodeURIComponent(id)}`);
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.group-membership",
    section: "okta",
    level: "IDP",
    title:
      "membership PATCH mixing remove members[value eq], add members [{value, display}] and replace members",
    citation: `${OKTA_DOC} (Update a specific group membership)`,
    async run(ctx) {
      const first = await oktaUser(ctx, "okta-gm1");
      const second = await oktaUser(ctx, "okta-gm2");
      const group = await oktaCreate(ctx, "/Groups", {
        schemas: [GROUP_SCHEMA],
        displayName: ctx.unique("okta-gm-group"),
        members: [{ value: second.id, display: String(second.body.userName) }],
      });
      const id = idOf(group);
      await oktaPatch(ctx, "/Groups", id, [
        { op: "remove", path: `members[value eq "${second.id}"]` },
        { op: "add", path: "members", value: [{ value: first.id, display: String(first.body.userName) }] },
      ]);
      expectSameSet(memberIds(await oktaGet(ctx, "/Groups", id)), [first.id], "members after remove + add");
      await oktaPatch(ctx, "/Groups", id, [
        {
          op: "replace",
          path: "members",
          value: [
            { value: first.id, display: String(first.body.userName) },
            { value: second.id, display: String(second.body.userName) },
          ],
        },
      ]);
      expectSameSet(
        memberIds(await oktaGet(ctx, "/Groups", id)),
        [first.id, second.id],
        "members after replace",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "okta.group-get-fast",
    section: "okta",
    level: "SHOULD",
    title: "GET /Groups/{id} answers within 600 ms",
    citation: `${SPEC_TEST} (optional Groups test asserts response time < 600 ms)`,
    async run(ctx) {
      const group = await oktaCreate(ctx, "/Groups", {
        schemas: [GROUP_SCHEMA],
        displayName: ctx.unique("okta-fast"),
        members: [],
      });
      const exchange = await oktaSend(ctx, "GET", `/Groups/${encodeURIComponent(idOf(group))}`);
      expectStatus(exchange, 200);
      expect(exchange.durationMs < 600, `GET took ${exchange.durationMs} ms`);
      return undefined;
    },
  }),
];
