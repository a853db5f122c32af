import { type Check, defineCheck } from "../check.js";
import { describeExchange, expect, expectJsonObject, expectScimError, expectStatus } from "../expect.js";
import { absentId, userBody } from "../scim/bodies.js";
import { getAttribute, getPath } from "../scim/json.js";
import { idOf } from "../scim/resource-id.js";
import { SEARCH_REQUEST_SCHEMA, USER_SCHEMA } from "../scim/urns.js";
import { parseListResponse } from "../scim-api.js";

/** Users CRUD: RFC 7644 §3.3–§3.6 and §3.9 against /Users. */
export const userChecks: Check[] = [
  defineCheck({
    id: "users.create",
    section: "users",
    level: "MUST",
    title: "POST /Users returns 201 with id, meta and the submitted userName",
    citation: "RFC 7644 §3.3; RFC 7643 §3.1",
    async run(ctx) {
      const body = userBody(ctx, "create");
      const exchange = await ctx.api.createRaw("/Users", body);
      expectStatus(exchange, 201);
      const created = expectJsonObject(exchange);
      idOf(created);
      expect(
        getAttribute(created, "userName") === body.userName,
        `userName not echoed: ${describeExchange(exchange)}`,
      );
      expect(getPath(created, "meta.resourceType") === "User", 'meta.resourceType must be "User"');
      for (const field of ["created", "lastModified", "location"]) {
        expect(typeof getPath(created, `meta.${field}`) === "string", `meta.${field} must be a string`);
      }
      const schemas = getAttribute(created, "schemas");
      expect(Array.isArray(schemas) && schemas.includes(USER_SCHEMA), `schemas must contain ${USER_SCHEMA}`);
      return undefined;
    },
  }),
  defineCheck({
    id: "users.create-location",
    section: "users",
    level: "MUST",
    title: "POST /Users sets the Location header to meta.location",
    citation: 'RFC 7644 §3.3 ("The URI of the created resource SHALL include, in the HTTP Location header…")',
    async run(ctx) {
      const exchange = await ctx.api.createRaw("/Users", userBody(ctx, "location"));
      expectStatus(exchange, 201);
      const created = expectJsonObject(exchange);
      const location = exchange.headers.get("location");
      expect(location !== null && location !== "", "201 response has no Location header");
      expect(
        location === getPath(created, "meta.location"),
        `Location ${location} differs from meta.location ${JSON.stringify(getPath(created, "meta.location"))}`,
      );
      expect(
        location.endsWith(`/Users/${idOf(created)}`),
        `Location ${location} does not end with /Users/<id>`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "users.create-duplicate",
    section: "users",
    level: "MUST",
    title: "POST of an existing userName returns 409 uniqueness",
    citation: "RFC 7644 §3.3, §3.12",
    async run(ctx) {
      const body = userBody(ctx, "dup");
      await ctx.api.create("/Users", body);
      const again = await ctx.api.createRaw("/Users", { ...body, emails: [] });
      expectScimError(again, 409, "uniqueness");
      return undefined;
    },
  }),
  defineCheck({
    id: "users.create-duplicate-case",
    section: "users",
    level: "MUST",
    title: "userName uniqueness ignores case (caseExact false): an upper-cased duplicate is a 409",
    citation:
      'RFC 7643 §4.1.1 (userName: "This identifier MUST be unique across the service provider\'s entire set of Users… and is case insensitive"); RFC 7644 §3.3',
    async run(ctx) {
      const body = userBody(ctx, "dupcase");
      await ctx.api.create("/Users", body);
      const again = await ctx.api.createRaw("/Users", {
        ...body,
        userName: String(body.userName).toUpperCase(),
        emails: [],
      });
      expectScimError(again, 409, "uniqueness");
      return undefined;
    },
  }),
  defineCheck({
    id: "users.create-missing-username",
    section: "users",
    level: "MUST",
    title: "POST without the required userName is rejected with 400",
    citation: "RFC 7643 §4.1.1 (userName REQUIRED); RFC 7644 §3.12 (invalidValue)",
    async run(ctx) {
      const body = userBody(ctx, "nousername");
      delete body.userName;
      const exchange = await ctx.api.createRaw("/Users", body);
      expectScimError(exchange, 400);
      return undefined;
    },
  }),
  defineCheck({
    id: "users.password-never-returned",
    section: "users",
    level: "MUST",
    title: "password is accepted on create and never returned",
    citation: 'RFC 7643 §4.1.1 (password returned "never"), §2.4',
    async run(ctx) {
      const created = await ctx.api.create("/Users", userBody(ctx, "password", { password: "t1tT3st!pass" }));
      expect(getAttribute(created, "password") === undefined, "POST response contains password");
      const fetched = await ctx.api.get("/Users", idOf(created));
      expect(getAttribute(fetched, "password") === undefined, "GET response contains password");
      return undefined;
    },
  }),
  defineCheck({
    id: "users.get",
    section: "users",
    level: "MUST",
    title: "GET /Users/{id} returns the stored user",
    citation: "RFC 7644 §3.4.1",
    async run(ctx) {
      const body = userBody(ctx, "get", { displayName: "Get Me", title: "Tester" });
      const created = await ctx.api.create("/Users", body);
      const fetched = await ctx.api.get("/Users", idOf(created));
      expect(idOf(fetched) === idOf(created), "GET returned a different id");
      expect(getAttribute(fetched, "userName") === body.userName, "userName differs");
      expect(getAttribute(fetched, "displayName") === "Get Me", "displayName was not stored as sent");
      expect(getPath(fetched, "name.familyName") === "get", "name.familyName was not stored as sent");
      return undefined;
    },
  }),
  defineCheck({
    id: "users.get-unknown",
    section: "users",
    level: "MUST",
    title: "GET of an unknown id returns a 404 SCIM error",
    citation: "RFC 7644 §3.12",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: `/Users/${absentId(ctx)}` });
      expectScimError(exchange, 404);
      return undefined;
    },
  }),
  defineCheck({
    id: "users.attributes-parameter",
    section: "users",
    level: "MUST",
    title: "?attributes=userName returns only id, schemas and userName (plus always-returned)",
    citation: "RFC 7644 §3.9; RFC 7643 §2.4 (returned)",
    async run(ctx) {
      const created = await ctx.api.create(
        "/Users",
        userBody(ctx, "attrs", { displayName: "Attr", title: "T" }),
      );
      const fetched = await ctx.api.get("/Users", idOf(created), { attributes: "userName" });
      expect(getAttribute(fetched, "userName") !== undefined, "userName missing");
      expect(getAttribute(fetched, "id") !== undefined, "id must always be returned");
      for (const name of ["displayName", "title", "name", "emails"]) {
        expect(getAttribute(fetched, name) === undefined, `${name} returned although not requested`);
      }
      return undefined;
    },
  }),
  defineCheck({
    id: "users.excluded-attributes-parameter",
    section: "users",
    level: "MUST",
    title: "?excludedAttributes=name,emails omits them but keeps id",
    citation: "RFC 7644 §3.9",
    async run(ctx) {
      const created = await ctx.api.create("/Users", userBody(ctx, "excl", { displayName: "Excl" }));
      const fetched = await ctx.api.get("/Users", idOf(created), { excludedAttributes: "name,emails" });
      expect(getAttribute(fetched, "name") === undefined, "name returned although excluded");
      expect(getAttribute(fetched, "emails") === undefined, "emails returned although excluded");
      expect(getAttribute(fetched, "displayName") === "Excl", "displayName missing");
      idOf(fetched);
      return undefined;
    },
  }),
  defineCheck({
    id: "users.replace",
    section: "users",
    level: "MUST",
    title: "PUT /Users/{id} replaces the user and returns 200 with the new state",
    citation: "RFC 7644 §3.5.1",
    async run(ctx) {
      const body = userBody(ctx, "put", { displayName: "Before" });
      const created = await ctx.api.create("/Users", body);
      const id = idOf(created);
      const replaced = await ctx.api.replace("/Users", id, {
        ...body,
        id,
        displayName: "After",
        title: "Replaced",
      });
      expect(idOf(replaced) === id, "PUT changed the id");
      expect(
        getAttribute(replaced, "displayName") === "After",
        "PUT response does not show the new displayName",
      );
      const fetched = await ctx.api.get("/Users", id);
      expect(getAttribute(fetched, "displayName") === "After", "GET after PUT shows the old displayName");
      expect(getAttribute(fetched, "title") === "Replaced", "GET after PUT lacks the new title");
      return undefined;
    },
  }),
  defineCheck({
    id: "users.replace-unknown",
    section: "users",
    level: "MUST",
    title: "PUT of an unknown id returns 404",
    citation: "RFC 7644 §3.5.1, §3.12",
    async run(ctx) {
      const id = absentId(ctx);
      const exchange = await ctx.http.send({
        method: "PUT",
        path: `/Users/${id}`,
        json: { ...userBody(ctx, "put404"), id },
      });
      expectScimError(exchange, 404);
      return undefined;
    },
  }),
  defineCheck({
    id: "users.client-id-ignored",
    section: "users",
    level: "SHOULD",
    title: "A client-supplied id on create is ignored; the server assigns its own",
    citation: "RFC 7643 §3.1 (id is assigned by the service provider, readOnly)",
    async run(ctx) {
      const requested = `${ctx.prefix}client-chosen-id`;
      const created = await ctx.api.create("/Users", { ...userBody(ctx, "clientid"), id: requested });
      expect(idOf(created) !== requested, "server used the client-supplied id");
      return undefined;
    },
  }),
  defineCheck({
    id: "users.delete",
    section: "users",
    level: "MUST",
    title: "DELETE returns 204 and the user is gone (404 afterwards)",
    citation: "RFC 7644 §3.6",
    async run(ctx) {
      const created = await ctx.api.create("/Users", userBody(ctx, "delete"));
      const id = idOf(created);
      const deleted = await ctx.api.delete("/Users", id);
      expectStatus(deleted, 204);
      ctx.untrack(`/Users/${encodeURIComponent(id)}`);
      const after = await ctx.http.send({ method: "GET", path: `/Users/${encodeURIComponent(id)}` });
      expectScimError(after, 404);
      const again = await ctx.api.delete("/Users", id);
      expectScimError(again, 404);
      return undefined;
    },
  }),
  defineCheck({
    id: "users.list-response",
    section: "users",
    level: "MUST",
    title:
      "GET /Users?filter=… returns a ListResponse with integer totalResults, Resources, startIndex, itemsPerPage",
    citation: "RFC 7644 §3.4.2, §3.4.2.4",
    async run(ctx) {
      await ctx.requireFeature("filter");
      const created = await ctx.api.create("/Users", userBody(ctx, "listed"));
      const page = await ctx.api.list("/Users", {
        filter: `userName eq "${String(getAttribute(created, "userName"))}"`,
      });
      expect(
        page.totalResults === 1,
        `totalResults must be the integer 1, got ${JSON.stringify(page.totalResults)}`,
      );
      expect(
        page.ids.length === 1 && page.ids[0] === idOf(created),
        `Resources must hold exactly the user, got [${page.ids.join(", ")}]`,
      );
      expect(Number.isInteger(getAttribute(page.body, "startIndex")), "startIndex must be an integer");
      expect(Number.isInteger(getAttribute(page.body, "itemsPerPage")), "itemsPerPage must be an integer");
      return undefined;
    },
  }),
  defineCheck({
    id: "users.list-empty",
    section: "users",
    level: "MUST",
    title: "A query that matches nothing returns 200 with totalResults 0",
    citation:
      'RFC 7644 §3.4.2 ("A query that does not return any matches SHALL return success with totalResults 0")',
    async run(ctx) {
      await ctx.requireFeature("filter");
      const page = await ctx.api.list("/Users", { filter: `userName eq "${absentId(ctx)}"` });
      expect(page.totalResults === 0, `totalResults must be 0, got ${JSON.stringify(page.totalResults)}`);
      expect(page.resources.length === 0, "Resources must be empty");
      return undefined;
    },
  }),
  defineCheck({
    id: "users.search-post",
    section: "users",
    level: "SHOULD",
    title: "POST /Users/.search with a SearchRequest returns the matching ListResponse",
    citation: "RFC 7644 §3.4.3",
    async run(ctx) {
      await ctx.requireFeature("filter");
      const created = await ctx.api.create("/Users", userBody(ctx, "search"));
      const exchange = await ctx.http.send({
        method: "POST",
        path: "/Users/.search",
        json: {
          schemas: [SEARCH_REQUEST_SCHEMA],
          filter: `userName eq "${String(getAttribute(created, "userName"))}"`,
          startIndex: 1,
          count: 10,
        },
      });
      const page = parseListResponse(exchange);
      expect(
        page.ids.length === 1 && page.ids[0] === idOf(created),
        `expected exactly the created user, got [${page.ids.join(", ")}]`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "users.meta-last-modified-advances",
    section: "users",
    level: "SHOULD",
    title: "A modification advances meta.lastModified and keeps meta.created",
    citation: "RFC 7643 §3.1 (meta.created, meta.lastModified)",
    async run(ctx) {
      const body = userBody(ctx, "lastmod");
      const created = await ctx.api.create("/Users", body);
      const id = idOf(created);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const replaced = await ctx.api.replace("/Users", id, { ...body, displayName: "Changed" });
      expect(
        getPath(replaced, "meta.created") === getPath(created, "meta.created"),
        "meta.created changed on update",
      );
      const before = Date.parse(String(getPath(created, "meta.lastModified")));
      const after = Date.parse(String(getPath(replaced, "meta.lastModified")));
      expect(Number.isFinite(before) && Number.isFinite(after), "meta.lastModified is not a date-time");
      expect(after >= before, "meta.lastModified went backwards");
      return undefined;
    },
  }),
];
