import {
  LIST_RESPONSE_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  ScimError,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
} from "@scimkit/core";
import type { RouteRequest } from "../http/route-request.js";
import { jsonResponse, type ScimResponse } from "../http/scim-response.js";
import type { ScimRuntime } from "../runtime.js";

/**
 * RFC 7644 §4: query parameters on discovery endpoints are ignored, but a `filter` SHOULD be
 * answered with 403 so clients cannot assume it was applied.
 */
function rejectFilter(request: RouteRequest): void {
  if (request.query.has("filter")) {
    throw new ScimError(403, undefined, "filtering is not supported on discovery endpoints (RFC 7644 §4)");
  }
}

function listOf(resources: Record<string, unknown>[]): ScimResponse {
  return jsonResponse({
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  });
}

/** GET /ServiceProviderConfig (RFC 7644 §4, RFC 7643 §5), with RFC 9865 `pagination`. */
export function serviceProviderConfig(runtime: ScimRuntime, request: RouteRequest): ScimResponse {
  rejectFilter(request);
  const { limits } = runtime;
  return jsonResponse({
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: {
      supported: true,
      maxOperations: limits.bulkMaxOperations,
      maxPayloadSize: limits.bulkMaxPayloadSize,
    },
    filter: { supported: true, maxResults: limits.maxResults },
    // RFC 7643 §5: a client may set and change passwords unless the policy refuses or drops them.
    changePassword: { supported: runtime.secrets.policy === "hash" },
    sort: { supported: true },
    etag: { supported: true },
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: "index",
      defaultPageSize: limits.defaultPageSize,
      maxPageSize: limits.maxResults,
    },
    authenticationSchemes: runtime.authenticationSchemes,
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${request.ctx.baseUrl}/ServiceProviderConfig`,
    },
  });
}

function resourceTypeDocument(runtime: ScimRuntime, name: string, baseUrl: string): Record<string, unknown> {
  const rt = runtime.registry.resourceType(name).resourceType;
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.id ?? rt.name,
    name: rt.name,
    endpoint: rt.endpoint,
    ...(rt.description ? { description: rt.description } : {}),
    schema: rt.schema,
    schemaExtensions: (rt.schemaExtensions ?? []).map((e) => ({ schema: e.schema, required: e.required })),
    meta: {
      resourceType: "ResourceType",
      location: `${baseUrl}/ResourceTypes/${encodeURIComponent(rt.name)}`,
    },
  };
}

/** GET /ResourceTypes and /ResourceTypes/{name} (RFC 7644 §4, RFC 7643 §6). */
export function resourceTypes(runtime: ScimRuntime, request: RouteRequest, name?: string): ScimResponse {
  rejectFilter(request);
  const baseUrl = request.ctx.baseUrl;
  if (name !== undefined) {
    const found = runtime.registry.resourceTypes().find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (!found) throw ScimError.notFound(`resource type "${name}" not found`);
    return jsonResponse(resourceTypeDocument(runtime, found.name, baseUrl));
  }
  return listOf(runtime.registry.resourceTypes().map((t) => resourceTypeDocument(runtime, t.name, baseUrl)));
}

function schemaDocument(schema: object & { id: string }, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    ...schema,
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

/** GET /Schemas and /Schemas/{urn} (RFC 7644 §4, RFC 7643 §7). */
export function schemas(runtime: ScimRuntime, request: RouteRequest, id?: string): ScimResponse {
  rejectFilter(request);
  const baseUrl = request.ctx.baseUrl;
  if (id !== undefined) {
    const schema = runtime.registry.getSchema(id);
    if (!schema) throw ScimError.notFound(`schema "${id}" not found`);
    return jsonResponse(schemaDocument(schema, baseUrl));
  }
  return listOf(runtime.registry.schemas().map((s) => schemaDocument(s, baseUrl)));
}
