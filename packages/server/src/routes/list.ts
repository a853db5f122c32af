import { createProjector, LIST_RESPONSE_SCHEMA, type ResourceTypeSchema, ScimError } from "@scimkit/core";
import type { RequestContext } from "../context.js";
import {
  type ListParameters,
  parseListParameters,
  type RawListParameters,
  rawListParametersFromQuery,
} from "../http/list-parameters.js";
import { projectionReturns } from "../http/projection.js";
import type { RouteRequest } from "../http/route-request.js";
import { jsonResponse, type ScimResponse } from "../http/scim-response.js";
import { filterExtensionsOf } from "../interop-rules.js";
import { representResource } from "../resource-representation.js";
import type { ScimRuntime } from "../runtime.js";
import type { ListPage } from "../store/store.js";
import { filterForResourceType } from "./root-filter.js";

/** Runs one list query against the store (filter, sort and paging pushed down). */
export async function queryStore(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  params: ListParameters,
  ctx: RequestContext,
): Promise<ListPage> {
  const withMembers =
    rt.resourceType.name.toLowerCase() !== "group" || projectionReturns(params, rt, "members");
  return runtime.store.list(ctx, rt.resourceType.name, {
    ...(params.filter ? { filter: params.filter } : {}),
    ...(params.sort ? { sort: params.sort } : {}),
    ...(params.cursor === undefined ? { startIndex: params.startIndex } : { cursor: params.cursor }),
    count: params.count,
    withMembers,
  });
}

/** Represents and projects the resources of a page. */
export function pageResources(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  page: ListPage,
  params: ListParameters,
  baseUrl: string,
): Record<string, unknown>[] {
  const shape = createProjector(rt, params);
  return page.resources.map((stored) => shape(representResource(runtime.registry, rt, stored, baseUrl)));
}

/**
 * The ListResponse (RFC 7644 §3.4.2): `startIndex` for index paging, `nextCursor` for cursor
 * paging (RFC 9865 §2: present on every page but the last).
 */
export function listResponseBody(
  params: ListParameters,
  totalResults: number,
  resources: Record<string, unknown>[],
  nextCursor: string | undefined,
): Record<string, unknown> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    itemsPerPage: resources.length,
    ...(params.cursor === undefined ? { startIndex: params.startIndex } : {}),
    ...(nextCursor !== undefined ? { nextCursor } : {}),
    Resources: resources,
  };
}

/** Lists one resource type with already-read parameters (shared by GET and POST /.search). */
export async function listResources(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  raw: RawListParameters,
  ctx: RequestContext,
): Promise<ScimResponse> {
  const params = parseListParameters(raw, runtime.limits, {
    filterExtensions: filterExtensionsOf(runtime.interopRules),
  });
  const page = await queryStore(runtime, rt, params, ctx);
  const resources = pageResources(runtime, rt, page, params, ctx.baseUrl);
  return jsonResponse(listResponseBody(params, page.totalResults, resources, page.nextCursor));
}

/** GET /{endpoint} (RFC 7644 §3.4.2). */
export async function listFromQuery(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  request: RouteRequest,
): Promise<ScimResponse> {
  return listResources(runtime, rt, rawListParametersFromQuery(request.query), request.ctx);
}

/**
 * Lists every resource type at once (a query at the service root, RFC 7644 §3.4.2.1): resource
 * types follow registry order, and index paging runs over the concatenation. Cursor paging is only
 * offered per resource type.
 */
export async function listAcrossTypes(
  runtime: ScimRuntime,
  raw: RawListParameters,
  ctx: RequestContext,
): Promise<ScimResponse> {
  const params = parseListParameters(raw, runtime.limits, {
    filterExtensions: filterExtensionsOf(runtime.interopRules),
  });
  if (params.cursor !== undefined) {
    throw ScimError.badRequest(
      "invalidValue",
      "cursor paging is supported per resource type, not at the root",
    );
  }
  const types = runtime.registry.resourceTypes().map((t) => runtime.registry.resourceType(t.name));
  let totalResults = 0;
  let skip = params.startIndex - 1;
  let remaining = params.count;
  const resources: Record<string, unknown>[] = [];
  for (const rt of types) {
    const filter = params.filter ? filterForResourceType(params.filter, rt) : undefined;
    const typeParams: ListParameters = { ...params, ...(filter ? { filter } : {}) };
    const totals = await queryStore(runtime, rt, { ...typeParams, startIndex: 1, count: 0 }, ctx);
    totalResults += totals.totalResults;
    if (skip >= totals.totalResults) {
      skip -= totals.totalResults;
      continue;
    }
    if (remaining <= 0) continue;
    const page = await queryStore(
      runtime,
      rt,
      { ...typeParams, startIndex: skip + 1, count: remaining },
      ctx,
    );
    skip = 0;
    remaining -= page.resources.length;
    resources.push(...pageResources(runtime, rt, page, params, ctx.baseUrl));
  }
  return jsonResponse(listResponseBody(params, totalResults, resources, undefined));
}
