import { type Check, CheckSkipped, defineCheck } from "../check.js";
import { expect, expectScimContentType, expectScimError } from "../expect.js";
import { absentId, userBody } from "../scim/bodies.js";
import { getAttribute } from "../scim/json.js";

/** Error responses: RFC 7644 §3.12 and authentication (§2, RFC 6750 §3). */
export const errorChecks: Check[] = [
  defineCheck({
    id: "errors.not-found-body",
    section: "errors",
    level: "MUST",
    title: 'a 404 carries the Error schema, status as the string "404" and a detail',
    citation: "RFC 7644 §3.12",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: `/Users/${absentId(ctx)}` });
      const body = expectScimError(exchange, 404);
      expect(typeof getAttribute(body, "detail") === "string", "error has no detail");
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.content-type",
    section: "errors",
    level: "MUST",
    title: "error responses use Content-Type application/scim+json",
    citation: "RFC 7644 §3.1, §3.12, §8.1",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: `/Groups/${absentId(ctx)}` });
      expectScimError(exchange, 404);
      expectScimContentType(exchange);
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.unauthenticated",
    section: "errors",
    level: "MUST",
    title: "a request without credentials gets 401 with WWW-Authenticate",
    citation:
      'RFC 7644 §2 ("SHALL indicate supported HTTP authentication schemes via the WWW-Authenticate header"), §3.12; RFC 6750 §3',
    async run(ctx) {
      if (!ctx.hasToken)
        throw new CheckSkipped("no --token given: the endpoint is treated as unauthenticated");
      const exchange = await ctx.http.send({
        method: "GET",
        path: "/Users",
        query: { count: 1 },
        auth: "none",
      });
      expectScimError(exchange, 401);
      const challenge = exchange.headers.get("www-authenticate");
      expect(challenge !== null && challenge !== "", "401 response lacks a WWW-Authenticate header");
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.wrong-token",
    section: "errors",
    level: "MUST",
    title: "a request with a wrong bearer token gets 401",
    citation: "RFC 7644 §3.12; RFC 6750 §3.1 (invalid_token)",
    async run(ctx) {
      if (!ctx.hasToken)
        throw new CheckSkipped("no --token given: the endpoint is treated as unauthenticated");
      const exchange = await ctx.http.send({
        method: "GET",
        path: "/Users",
        query: { count: 1 },
        auth: { header: `Bearer ${ctx.prefix}not-the-token` },
      });
      expectScimError(exchange, 401);
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.invalid-filter",
    section: "errors",
    level: "MUST",
    title: "a malformed filter is rejected with 400 invalidFilter",
    citation: "RFC 7644 §3.4.2.2, §3.12 (invalidFilter)",
    async run(ctx) {
      await ctx.requireFeature("filter");
      for (const filter of [
        "userName eq",
        'userName zz "x"',
        '(userName eq "x"',
        'userName eq "unterminated',
      ]) {
        const exchange = await ctx.http.send({ method: "GET", path: "/Users", query: { filter } });
        expectScimError(exchange, 400, "invalidFilter");
      }
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.malformed-json",
    section: "errors",
    level: "MUST",
    title: "a body that is not JSON is rejected with 400",
    citation: "RFC 7644 §3.12 (invalidSyntax)",
    async run(ctx) {
      const exchange = await ctx.http.send({
        method: "POST",
        path: "/Users",
        body: '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": ',
      });
      expectScimError(exchange, 400);
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.malformed-json-scim-type",
    section: "errors",
    level: "SHOULD",
    title: "a body that is not JSON is reported as scimType invalidSyntax",
    citation: "RFC 7644 §3.12 (invalidSyntax)",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "POST", path: "/Users", body: "{not json" });
      expectScimError(exchange, 400, "invalidSyntax");
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.invalid-value-type",
    section: "errors",
    level: "MUST",
    title: "an attribute of the wrong type (userName as an object) is rejected with 400",
    citation: "RFC 7643 §2.3 (data types); RFC 7644 §3.12 (invalidValue)",
    async run(ctx) {
      const exchange = await ctx.api.createRaw("/Users", {
        ...userBody(ctx, "badtype"),
        userName: { nested: true },
      });
      expectScimError(exchange, 400);
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.missing-schemas",
    section: "errors",
    level: "SHOULD",
    title: "a resource body without schemas is rejected with 400",
    citation: "RFC 7643 §3 (schemas REQUIRED); RFC 7644 §3.12",
    async run(ctx) {
      const body = userBody(ctx, "noschemas");
      delete body.schemas;
      const exchange = await ctx.api.createRaw("/Users", body);
      expectScimError(exchange, 400);
      return undefined;
    },
  }),
  defineCheck({
    id: "errors.unknown-resource-type",
    section: "errors",
    level: "SHOULD",
    title: "an unknown endpoint returns 404",
    citation: "RFC 7644 §3.12",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: "/NoSuchResourceType" });
      expect(exchange.status === 404, `expected 404, got ${exchange.status}`);
      return undefined;
    },
  }),
];
