import type { RunContext } from "../context.js";
import { expectStatus } from "../expect.js";
import { parseListResponse } from "../scim-api.js";
import { getArray, getAttribute, isJsonObject, type JsonObject } from "./json.js";
import { ENTERPRISE_USER_SCHEMA } from "./urns.js";

/** The resource types the server lists at /ResourceTypes, fetched once per run. */
export function resourceTypes(ctx: RunContext): Promise<JsonObject[]> {
  return ctx.once("discovery:resourceTypes", async () => {
    const exchange = await ctx.http.send({ method: "GET", path: "/ResourceTypes" });
    expectStatus(exchange, 200);
    // RFC 7644 §4 shows a ListResponse; a bare array is tolerated here and flagged by its own check.
    if (Array.isArray(exchange.json)) return exchange.json.filter(isJsonObject);
    return parseListResponse(exchange).resources;
  });
}

/** The resource type named `name` (matched on `name` or `id`). */
export function findResourceType(types: JsonObject[], name: string): JsonObject | undefined {
  return types.find((type) => getAttribute(type, "name") === name || getAttribute(type, "id") === name);
}

/** Whether the User resource type declares the enterprise extension (RFC 7643 §4.3). */
export async function supportsEnterpriseUser(ctx: RunContext): Promise<boolean> {
  try {
    const user = findResourceType(await resourceTypes(ctx), "User");
    return getArray(user, "schemaExtensions").some(
      (extension) => getAttribute(extension, "schema") === ENTERPRISE_USER_SCHEMA,
    );
  } catch {
    return false;
  }
}
