import { type ResourceTypeSchema, SEARCH_REQUEST_SCHEMA } from "@scimkit/core";
import type { RawListParameters } from "../http/list-parameters.js";
import { expectMessageSchema, expectObject } from "../http/request-body.js";
import type { RouteRequest } from "../http/route-request.js";
import type { ScimResponse } from "../http/scim-response.js";
import type { ScimRuntime } from "../runtime.js";
import { listAcrossTypes, listResources } from "./list.js";

/** Reads a SearchRequest body (RFC 7644 §3.4.3), which carries the list parameters as JSON. */
async function searchParameters(request: RouteRequest): Promise<RawListParameters> {
  const body = expectObject(await request.body(), "the SearchRequest");
  expectMessageSchema(body, SEARCH_REQUEST_SCHEMA);
  return body;
}

/** POST /{endpoint}/.search (RFC 7644 §3.4.3). */
export async function searchResourceType(
  runtime: ScimRuntime,
  rt: ResourceTypeSchema,
  request: RouteRequest,
): Promise<ScimResponse> {
  return listResources(runtime, rt, await searchParameters(request), request.ctx);
}

/** POST /.search at the service root (RFC 7644 §3.4.3): all resource types. */
export async function searchRoot(runtime: ScimRuntime, request: RouteRequest): Promise<ScimResponse> {
  return listAcrossTypes(runtime, await searchParameters(request), request.ctx);
}
