import { type Check, CheckFailure, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { describeExchange, expect, expectStatus } from "../expect.js";
import type { HttpExchange, HttpRequest } from "../http.js";
import { userBody } from "../scim/bodies.js";
import { getAttribute, isJsonObject } from "../scim/json.js";
import { USER_SCHEMA } from "../scim/urns.js";

/** Sends a hostile request; fails on a 5xx or a dropped connection, returns the exchange otherwise. */
async function survive(ctx: RunContext, request: HttpRequest): Promise<HttpExchange> {
  let exchange: HttpExchange;
  try {
    exchange = await ctx.http.send(request);
  } catch (error) {
    throw new CheckFailure(
      `the server dropped the request: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  expect(exchange.status < 500, `hostile input caused a server error: ${describeExchange(exchange)}`);
  if (request.method === "POST" && request.path === "/Users") ctx.api.trackCreated("/Users", exchange);
  return exchange;
}

function rejected(exchange: HttpExchange): void {
  expect(
    exchange.status >= 400 && exchange.status < 500,
    `expected a 4xx rejection, got ${describeExchange(exchange)}`,
  );
}

const SURVIVE = "RFC 7644 §3.12 (malformed requests are client errors: 400 invalidSyntax); RFC 7644 §7";

/** Robustness: malformed and hostile input is a 4xx, never a crash; then a liveness probe. */
export const robustnessChecks: Check[] = [
  defineCheck({
    id: "robustness.non-object-bodies",
    section: "robustness",
    level: "MUST",
    title: "JSON bodies that are not objects (array, string, number, null) are rejected with 4xx",
    citation: SURVIVE,
    async run(ctx) {
      for (const body of ["[]", '"user"', "42", "null", "true"]) {
        rejected(await survive(ctx, { method: "POST", path: "/Users", body }));
      }
      return undefined;
    },
  }),
  defineCheck({
    id: "robustness.deep-nesting",
    section: "robustness",
    level: "MUST",
    title: "a deeply nested JSON body (10 000 levels) is rejected without a server error",
    citation: SURVIVE,
    async run(ctx) {
      const depth = 10_000;
      const body = `{"schemas":["${USER_SCHEMA}"],"userName":"${ctx.unique("deep")}","name":${"[".repeat(depth)}${"]".repeat(depth)}}`;
      rejected(await survive(ctx, { method: "POST", path: "/Users", body }));
      return undefined;
    },
  }),
  defineCheck({
    id: "robustness.large-body",
    section: "robustness",
    level: "MUST",
    title: "a 5 MB body is answered without a server error",
    citation: `${SURVIVE}; RFC 9110 §15.5.14 (413 Content Too Large)`,
    async run(ctx) {
      const body = JSON.stringify({ ...userBody(ctx, "large"), displayName: "x".repeat(5 * 1024 * 1024) });
      await survive(ctx, { method: "POST", path: "/Users", body });
      return undefined;
    },
  }),
  defineCheck({
    id: "robustness.prototype-pollution",
    section: "robustness",
    level: "MUST",
    title: "__proto__ / constructor keys in a body do not leak into other resources",
    citation: `${SURVIVE}; OWASP prototype pollution`,
    async run(ctx) {
      const hostile = `{"schemas":["${USER_SCHEMA}"],"userName":"${ctx.unique("proto")}","__proto__":{"pollutedAttr":"yes","active":false},"constructor":{"prototype":{"pollutedAttr":"yes"}}}`;
      await survive(ctx, { method: "POST", path: "/Users", body: hostile });
      const probe = await ctx.api.create("/Users", userBody(ctx, "protoprobe"));
      expect(
        getAttribute(probe, "pollutedAttr") === undefined,
        "a later resource inherited a polluted attribute",
      );
      expect(
        getAttribute(probe, "active") === true,
        "a later resource inherited active=false from __proto__",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "robustness.hostile-filters",
    section: "robustness",
    level: "MUST",
    title: "huge and deeply parenthesised filters are rejected with 4xx, not a crash",
    citation: `${SURVIVE}; RFC 7644 §3.4.2.2`,
    async run(ctx) {
      const deep = `${"(".repeat(5_000)}userName eq "x"${")".repeat(5_000)}`;
      const wide = Array.from({ length: 2_000 }, (_, index) => `userName eq "u${index}"`).join(" or ");
      for (const filter of [
        deep,
        wide,
        'userName eq "\u0000"',
        'emails[type eq "work" and value co "x"]]]]',
      ]) {
        const exchange = await survive(ctx, { method: "GET", path: "/Users", query: { filter, count: 1 } });
        // A wide OR of 2 000 terms may legitimately be evaluated; it must simply not crash.
        if (filter !== wide && !filter.includes("\u0000")) rejected(exchange);
      }
      return undefined;
    },
  }),
  defineCheck({
    id: "robustness.bad-patch-shapes",
    section: "robustness",
    level: "MUST",
    title: "PATCH bodies with wrong shapes (Operations not an array, op not a string) are rejected with 4xx",
    citation: `${SURVIVE}; RFC 7644 §3.5.2`,
    async run(ctx) {
      const created = await ctx.api.create("/Users", userBody(ctx, "badpatch"));
      const path = `/Users/${encodeURIComponent(String(getAttribute(created, "id")))}`;
      const shapes = [
        { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: "replace" },
        {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: 7, path: "displayName" }],
        },
        { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [null] },
        { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [] },
      ];
      for (const json of shapes) rejected(await survive(ctx, { method: "PATCH", path, json }));
      return undefined;
    },
  }),
  defineCheck({
    id: "robustness.odd-strings",
    section: "robustness",
    level: "MUST",
    title: "control characters, lone surrogates and RTL text in values do not cause server errors",
    citation: `${SURVIVE}; RFC 7644 §5 (internationalized strings)`,
    async run(ctx) {
      const values: Record<string, string> = {
        "NUL byte": "nul\u0000byte",
        "lone surrogate": "lone\ud800surrogate",
        "RTL override": "\u202eRTL override",
        emoji: "emoji 👩‍💻",
      };
      const failures: string[] = [];
      for (const [label, displayName] of Object.entries(values)) {
        try {
          await survive(ctx, {
            method: "POST",
            path: "/Users",
            json: { ...userBody(ctx, "odd"), displayName },
          });
        } catch (error) {
          if (!(error instanceof CheckFailure)) throw error;
          failures.push(`${label}: ${error.message}`);
        }
      }
      expect(failures.length === 0, failures.join("; "));
      return undefined;
    },
  }),
  defineCheck({
    id: "robustness.alive",
    section: "robustness",
    level: "MUST",
    title: "after the hostile input the server still answers normally (liveness probe)",
    citation: "RFC 7644 §4",
    async run(ctx) {
      const exchange = await ctx.http.send({ method: "GET", path: "/ServiceProviderConfig" });
      expectStatus(exchange, 200);
      expect(isJsonObject(exchange.json), "ServiceProviderConfig is not JSON any more");
      await ctx.api.create("/Users", userBody(ctx, "alive"));
      return undefined;
    },
  }),
];
