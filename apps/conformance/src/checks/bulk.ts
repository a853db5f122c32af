import { type Check, CheckSkipped, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { describeExchange, expect, expectJsonObject, expectScimError, expectStatus } from "../expect.js";
import type { HttpExchange } from "../http.js";
import { groupBody, userBody } from "../scim/bodies.js";
import { getArray, getAttribute, isJsonObject, type JsonObject } from "../scim/json.js";
import { memberIds } from "../scim/members.js";
import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA } from "../scim/urns.js";

interface BulkOperation {
  method: string;
  bulkId?: string;
  path: string;
  data?: unknown;
}

async function sendBulk(
  ctx: RunContext,
  operations: BulkOperation[],
  failOnErrors?: number,
): Promise<HttpExchange> {
  await ctx.requireFeature("bulk");
  const exchange = await ctx.http.send({
    method: "POST",
    path: "/Bulk",
    json: {
      schemas: [BULK_REQUEST_SCHEMA],
      ...(failOnErrors === undefined ? {} : { failOnErrors }),
      Operations: operations,
    },
  });
  // Track everything the bulk request created so cleanup removes it.
  for (const result of getArray(exchange.json, "Operations").filter(isJsonObject)) {
    const location = getAttribute(result, "location");
    if (typeof location === "string" && String(getAttribute(result, "status")).startsWith("2")) {
      const match = /\/(Users|Groups)\/([^/?#]+)$/.exec(location);
      if (match) ctx.track(`/${match[1]}/${match[2]}`);
    }
  }
  return exchange;
}

function resultsOf(exchange: HttpExchange): JsonObject[] {
  expectStatus(exchange, 200);
  const body = expectJsonObject(exchange);
  const schemas = getAttribute(body, "schemas");
  expect(
    Array.isArray(schemas) && schemas.includes(BULK_RESPONSE_SCHEMA),
    `response lacks schemas [${BULK_RESPONSE_SCHEMA}]`,
  );
  return getArray(body, "Operations").filter(isJsonObject);
}

function idFromLocation(location: unknown): string {
  expect(typeof location === "string", `bulk result has no location: ${JSON.stringify(location)}`);
  const id = location.split("/").pop();
  expect(id !== undefined && id !== "", `cannot read an id from location ${location}`);
  return decodeURIComponent(id);
}

/** Bulk: RFC 7644 §3.7 (when ServiceProviderConfig advertises bulk). */
export const bulkChecks: Check[] = [
  defineCheck({
    id: "bulk.create",
    section: "bulk",
    level: "MUST",
    title: "POST /Bulk creates users and reports each operation with a string status and location",
    citation: "RFC 7644 §3.7, §3.7.3",
    async run(ctx) {
      const exchange = await sendBulk(ctx, [
        { method: "POST", bulkId: "u1", path: "/Users", data: userBody(ctx, "bulk1") },
        { method: "POST", bulkId: "u2", path: "/Users", data: userBody(ctx, "bulk2") },
      ]);
      const results = resultsOf(exchange);
      expect(results.length === 2, `expected 2 operation results, got ${results.length}`);
      for (const result of results) {
        expect(
          getAttribute(result, "status") === "201",
          `operation status must be the string "201", got ${JSON.stringify(getAttribute(result, "status"))}`,
        );
        await ctx.api.get("/Users", idFromLocation(getAttribute(result, "location")));
      }
      expect(
        results.map((result) => getAttribute(result, "bulkId")).join(",") === "u1,u2",
        "operation results must echo their bulkId",
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "bulk.bulk-id-reference",
    section: "bulk",
    level: "MUST",
    title: "bulkId:<id> references resolve to the id created earlier in the request",
    citation: "RFC 7644 §3.7.2",
    async run(ctx) {
      const exchange = await sendBulk(ctx, [
        { method: "POST", bulkId: "member", path: "/Users", data: userBody(ctx, "bulkref") },
        {
          method: "POST",
          bulkId: "group",
          path: "/Groups",
          data: { ...groupBody(ctx, "bulkgroup"), members: [{ value: "bulkId:member" }] },
        },
      ]);
      const results = resultsOf(exchange);
      const member = results.find((result) => getAttribute(result, "bulkId") === "member");
      const group = results.find((result) => getAttribute(result, "bulkId") === "group");
      expect(member !== undefined && group !== undefined, `missing results: ${describeExchange(exchange)}`);
      const userId = idFromLocation(getAttribute(member, "location"));
      const fetched = await ctx.api.get("/Groups", idFromLocation(getAttribute(group, "location")));
      expect(
        memberIds(fetched).length === 1 && memberIds(fetched)[0] === userId,
        `group members [${memberIds(fetched).join(", ")}] should be [${userId}]`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "bulk.fail-on-errors",
    section: "bulk",
    level: "MUST",
    title: "failOnErrors=1 stops processing after the first error",
    citation: "RFC 7644 §3.7.3 (failOnErrors)",
    async run(ctx) {
      const invalid = userBody(ctx, "bulkbad");
      delete invalid.userName;
      const exchange = await sendBulk(
        ctx,
        [
          { method: "POST", bulkId: "bad", path: "/Users", data: invalid },
          { method: "POST", bulkId: "after", path: "/Users", data: userBody(ctx, "bulkafter") },
        ],
        1,
      );
      const results = resultsOf(exchange);
      expect(
        results.length === 1,
        `expected processing to stop after 1 error, got ${results.length} results`,
      );
      const status = getAttribute(results[0], "status");
      expect(
        status === "400",
        `the failed operation must report status "400", got ${JSON.stringify(status)}`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "bulk.max-operations",
    section: "bulk",
    level: "MUST",
    title: "more operations than bulk.maxOperations are rejected with 413",
    citation: "RFC 7644 §3.7.4",
    async run(ctx) {
      await ctx.requireFeature("bulk");
      const config = await ctx.serviceProviderConfig();
      const max = getAttribute(getAttribute(config, "bulk"), "maxOperations");
      // Deletes of absent ids are ~80 bytes each, so even 10 000 of them stay a small request.
      if (typeof max !== "number" || max > 10_000)
        throw new CheckSkipped(`bulk.maxOperations is ${JSON.stringify(max)}; too large to exceed cheaply`);
      // Deletes of absent ids: if a server processed them anyway, nothing is created.
      const operations = Array.from({ length: max + 1 }, (_, index) => ({
        method: "DELETE",
        path: `/Users/${ctx.prefix}absent-${index}`,
      }));
      const exchange = await sendBulk(ctx, operations);
      expectScimError(exchange, 413);
      return undefined;
    },
  }),
  defineCheck({
    id: "bulk.max-payload-size",
    section: "bulk",
    level: "MUST",
    title: "a request larger than bulk.maxPayloadSize is rejected with 413",
    citation: "RFC 7644 §3.7.4",
    async run(ctx) {
      await ctx.requireFeature("bulk");
      const config = await ctx.serviceProviderConfig();
      const maxBytes = getAttribute(getAttribute(config, "bulk"), "maxPayloadSize");
      if (typeof maxBytes !== "number" || maxBytes > 8 * 1024 * 1024) {
        throw new CheckSkipped(
          `bulk.maxPayloadSize is ${JSON.stringify(maxBytes)}; too large to exceed cheaply`,
        );
      }
      // One operation whose data is padded past the limit: a server that accepted it would only
      // fail the create (unknown attribute), so nothing is left behind.
      const padding = "x".repeat(maxBytes + 1);
      const exchange = await sendBulk(ctx, [
        {
          method: "POST",
          bulkId: "big",
          path: "/Users",
          data: { ...userBody(ctx, "bulkbig"), displayName: padding },
        },
      ]);
      expectScimError(exchange, 413);
      return undefined;
    },
  }),
];
