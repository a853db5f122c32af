import { type Check, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { expect, expectJsonObject, expectStatus } from "../expect.js";
import { userBody } from "../scim/bodies.js";
import { getPath, type JsonObject } from "../scim/json.js";
import { idOf } from "../scim/resource-id.js";

async function versionedUser(
  ctx: RunContext,
  label: string,
): Promise<{ body: JsonObject; id: string; etag: string; fetched: JsonObject }> {
  await ctx.requireFeature("etag");
  const body = userBody(ctx, label);
  const created = await ctx.api.create("/Users", body);
  const id = idOf(created);
  const exchange = await ctx.http.send({ method: "GET", path: `/Users/${encodeURIComponent(id)}` });
  expectStatus(exchange, 200);
  const etag = exchange.headers.get("etag");
  expect(
    etag !== null && etag !== "",
    "GET of a resource has no ETag header although etag.supported is true",
  );
  // Read raw: a client that fills meta.version from the header would hide a missing meta.version.
  return { body, id, etag, fetched: expectJsonObject(exchange) };
}

/** ETags and conditional requests: RFC 7644 §3.14 (when ServiceProviderConfig advertises etag). */
export const etagChecks: Check[] = [
  defineCheck({
    id: "etags.header-and-meta-version",
    section: "etags",
    level: "MUST",
    title: "resources carry an ETag header equal to meta.version",
    citation:
      'RFC 7644 §3.14 ("SCIM ETags MUST be specified as an HTTP header and SHOULD be specified within meta.version")',
    async run(ctx) {
      const { etag, fetched: user } = await versionedUser(ctx, "etag");
      expect(
        getPath(user, "meta.version") === etag,
        `meta.version ${JSON.stringify(getPath(user, "meta.version"))} differs from ETag ${etag}`,
      );
      return undefined;
    },
  }),
  defineCheck({
    id: "etags.if-none-match",
    section: "etags",
    level: "MUST",
    title: "GET with If-None-Match: <current ETag> returns 304",
    citation: "RFC 7644 §3.14; RFC 7232 §3.2",
    async run(ctx) {
      const { id, etag } = await versionedUser(ctx, "inm");
      const exchange = await ctx.http.send({
        method: "GET",
        path: `/Users/${encodeURIComponent(id)}`,
        headers: { "If-None-Match": etag },
      });
      expectStatus(exchange, 304);
      return undefined;
    },
  }),
  defineCheck({
    id: "etags.changes-on-update",
    section: "etags",
    level: "MUST",
    title: "the ETag changes when the resource changes",
    citation: "RFC 7644 §3.14; RFC 7232 §2.3",
    async run(ctx) {
      const { body, id, etag } = await versionedUser(ctx, "etagchange");
      await ctx.api.replace("/Users", id, { ...body, displayName: "Changed" });
      const exchange = await ctx.http.send({ method: "GET", path: `/Users/${encodeURIComponent(id)}` });
      expect(exchange.headers.get("etag") !== etag, "ETag did not change after PUT");
      return undefined;
    },
  }),
  defineCheck({
    id: "etags.if-match-stale",
    section: "etags",
    level: "MUST",
    title: "PUT with a stale If-Match fails with 412 and changes nothing",
    citation: 'RFC 7644 §3.14 ("…412 Precondition Failed"); RFC 7232 §3.1',
    async run(ctx) {
      const { body, id } = await versionedUser(ctx, "stale");
      const exchange = await ctx.http.send({
        method: "PUT",
        path: `/Users/${encodeURIComponent(id)}`,
        json: { ...body, displayName: "Must Not Stick" },
        headers: { "If-Match": 'W/"definitely-stale"' },
      });
      expectStatus(exchange, 412);
      const after = await ctx.api.get("/Users", id);
      expect(after.displayName !== "Must Not Stick", "stale PUT was applied");
      return undefined;
    },
  }),
  defineCheck({
    id: "etags.if-match-current",
    section: "etags",
    level: "MUST",
    title: "PUT with the current If-Match succeeds",
    citation: "RFC 7644 §3.14",
    async run(ctx) {
      const { body, id, etag } = await versionedUser(ctx, "current");
      const exchange = await ctx.http.send({
        method: "PUT",
        path: `/Users/${encodeURIComponent(id)}`,
        json: { ...body, displayName: "Current" },
        headers: { "If-Match": etag },
      });
      expectStatus(exchange, 200);
      return undefined;
    },
  }),
  defineCheck({
    id: "etags.patch-if-match-stale",
    section: "etags",
    level: "MUST",
    title: "PATCH with a stale If-Match fails with 412",
    citation: "RFC 7644 §3.14",
    async run(ctx) {
      await ctx.requireFeature("patch");
      const { id } = await versionedUser(ctx, "patchstale");
      const exchange = await ctx.http.send({
        method: "PATCH",
        path: `/Users/${encodeURIComponent(id)}`,
        json: {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "displayName", value: "x" }],
        },
        headers: { "If-Match": 'W/"definitely-stale"' },
      });
      expectStatus(exchange, 412);
      return undefined;
    },
  }),
];
