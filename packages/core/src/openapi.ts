import { ERROR_SCHEMA } from "./errors.js";
import { type JsonSchema, objectSchema } from "./openapi/json-schema.js";
import type { SchemaRegistry } from "./registry.js";
import { commonAttributes } from "./schemas/common.js";
import type { ResourceTypeDefinition, SchemaDefinition } from "./schemas/definition.js";
import { resourceTypeSchema } from "./schemas/resource-type.js";
import { schemaSchema } from "./schemas/schema.js";
import { serviceProviderConfigSchema } from "./schemas/service-provider-config.js";
import {
  BULK_REQUEST_SCHEMA,
  BULK_RESPONSE_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  PATCH_OP_SCHEMA,
  SEARCH_REQUEST_SCHEMA,
} from "./schemas/urns.js";

export type { JsonSchema } from "./openapi/json-schema.js";

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiOptions {
  /** `info.title`; default "SCIM 2.0 API". */
  readonly title?: string;
  /** `info.version`; default "2.0". */
  readonly version?: string;
  /** `servers`, e.g. `[{ url: "https://example.com/scim/v2" }]`; omitted by default. */
  readonly servers?: readonly { url: string; description?: string }[];
}

/** An OpenAPI 3.1 document (the parts this package emits are plain JSON). */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, unknown>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
  security: Record<string, string[]>[];
}

const SCIM_JSON = "application/scim+json";
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const componentName = (text: string) => text.replace(/[^A-Za-z0-9_.-]/g, "");
const content = (schema: JsonSchema) => ({ [SCIM_JSON]: { schema } });
// RFC 7644 §3.1: clients send application/scim+json; application/json is accepted as well (§8.1).
const requestBody = (schema: JsonSchema) => ({
  required: true,
  content: { [SCIM_JSON]: { schema }, "application/json": { schema } },
});
const ok = (description: string, schema: JsonSchema) => ({ description, content: content(schema) });
const errorResponses = {
  "400": { $ref: "#/components/responses/BadRequest" },
  "401": { $ref: "#/components/responses/Unauthorized" },
  default: { $ref: "#/components/responses/Error" },
};
const withErrors = (responses: Record<string, unknown>) => ({ ...responses, ...errorResponses });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const listParameters = [
  "filter",
  "attributes",
  "excludedAttributes",
  "sortBy",
  "sortOrder",
  "startIndex",
  "count",
  "cursor",
].map(param);
const projectionParameters = ["attributes", "excludedAttributes"].map(param);

/** `{ schemas: [urn], … }` with `schemas` constrained to contain the URN. */
function withSchemas(urn: string, body: JsonSchema): JsonSchema {
  return {
    ...body,
    properties: {
      schemas: { type: "array", items: { type: "string" }, examples: [[urn]] },
      ...body.properties,
    },
    required: ["schemas", ...(body.required ?? [])],
  };
}

function messageSchema(urn: string, properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return {
    type: "object",
    properties: { schemas: { type: "array", items: { type: "string", const: urn } }, ...properties },
    required: ["schemas", ...required],
  };
}

function listResponseSchema(item: JsonSchema): JsonSchema {
  return messageSchema(
    LIST_RESPONSE_SCHEMA,
    {
      totalResults: { type: "integer", minimum: 0 },
      Resources: { type: "array", items: item },
      startIndex: { type: "integer" },
      itemsPerPage: { type: "integer" },
      nextCursor: { type: "string", description: "RFC 9865: cursor of the next page." },
      previousCursor: { type: "string", description: "RFC 9865: cursor of the previous page." },
    },
    ["totalResults"],
  );
}

/** The resource component: common attributes, core schema attributes, extensions under their URN. */
function resourceComponent(
  resourceType: ResourceTypeDefinition,
  core: SchemaDefinition,
  extensionNames: Map<string, string>,
): JsonSchema {
  const common = new Set(commonAttributes.map((a) => a.name.toLowerCase()));
  const base = objectSchema([
    ...commonAttributes,
    ...core.attributes.filter((a) => !common.has(a.name.toLowerCase())),
  ]);
  const properties = { ...base.properties };
  for (const extension of resourceType.schemaExtensions ?? []) {
    const name = extensionNames.get(extension.schema.toLowerCase());
    if (name) properties[extension.schema] = ref(name);
  }
  return { ...withSchemas(core.id, { ...base, properties }), description: core.description };
}

/**
 * Builds the OpenAPI 3.1 document of the SCIM HTTP API (RFC 7644 §3) served for a registry:
 * every resource type's endpoints (list, create, get, replace, patch, delete, `.search`), the
 * root `/.search`, `/Bulk`, `/Me` and the discovery endpoints. Component schemas are derived from
 * the registered SCIM schemas, so custom schemas and extensions appear in it.
 *
 * @example
 * const document = buildOpenApiDocument(createDefaultRegistry(), { servers: [{ url: "/scim/v2" }] });
 */
export function buildOpenApiDocument(
  registry: SchemaRegistry,
  options: OpenApiOptions = {},
): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const resourceTypes = registry.resourceTypes();
  const resourceTypeNames = new Set(resourceTypes.map((rt) => componentName(rt.name)));

  // Extension schemas get their own component, named after the schema (unique against resource types).
  const extensionNames = new Map<string, string>();
  for (const rt of resourceTypes) {
    for (const extension of rt.schemaExtensions ?? []) {
      const schema = registry.getSchema(extension.schema);
      if (!schema || extensionNames.has(schema.id.toLowerCase())) continue;
      let name = componentName(schema.name) || "Extension";
      while (resourceTypeNames.has(name) || name in schemas) name = `${name}Extension`;
      schemas[name] = {
        ...objectSchema(schema.attributes),
        description: `${schema.description} (${schema.id})`,
      };
      extensionNames.set(schema.id.toLowerCase(), name);
    }
  }

  schemas.Meta = {
    ...objectSchema(commonAttributes.find((a) => a.name === "meta")!.subAttributes),
    readOnly: true,
  };
  schemas.Resource = {
    type: "object",
    description: "Any SCIM resource.",
    properties: {
      schemas: { type: "array", items: { type: "string" } },
      id: { type: "string", readOnly: true },
      meta: ref("Meta"),
    },
    required: ["schemas"],
    additionalProperties: true,
  };
  schemas.ResourceListResponse = listResponseSchema(ref("Resource"));
  schemas.Error = messageSchema(
    ERROR_SCHEMA,
    {
      status: { type: "string", description: "The HTTP status code as a string (RFC 7644 §3.12)." },
      scimType: {
        type: "string",
        enum: [
          "invalidFilter",
          "tooMany",
          "uniqueness",
          "mutability",
          "invalidSyntax",
          "invalidPath",
          "noTarget",
          "invalidValue",
          "invalidVers",
          "sensitive",
        ],
      },
      detail: { type: "string" },
    },
    ["status"],
  );
  schemas.PatchOperation = {
    type: "object",
    properties: {
      op: { type: "string", enum: ["add", "remove", "replace", "Add", "Remove", "Replace"] },
      path: { type: "string" },
      value: {},
    },
    required: ["op"],
  };
  schemas.PatchOp = messageSchema(
    PATCH_OP_SCHEMA,
    { Operations: { type: "array", items: ref("PatchOperation") } },
    ["Operations"],
  );
  schemas.SearchRequest = messageSchema(
    SEARCH_REQUEST_SCHEMA,
    {
      attributes: { type: "array", items: { type: "string" } },
      excludedAttributes: { type: "array", items: { type: "string" } },
      filter: { type: "string" },
      sortBy: { type: "string" },
      sortOrder: { type: "string", enum: ["ascending", "descending"] },
      startIndex: { type: "integer" },
      count: { type: "integer" },
      cursor: { type: "string", description: "RFC 9865 cursor." },
    },
    [],
  );
  const method: JsonSchema = { type: "string", enum: ["POST", "PUT", "PATCH", "DELETE"] };
  schemas.BulkRequestOperation = {
    type: "object",
    properties: {
      method,
      bulkId: { type: "string" },
      version: { type: "string" },
      path: { type: "string" },
      data: {},
    },
    required: ["method", "path"],
  };
  schemas.BulkRequest = messageSchema(
    BULK_REQUEST_SCHEMA,
    { failOnErrors: { type: "integer" }, Operations: { type: "array", items: ref("BulkRequestOperation") } },
    ["Operations"],
  );
  schemas.BulkResponseOperation = {
    type: "object",
    properties: {
      method,
      bulkId: { type: "string" },
      version: { type: "string" },
      location: { type: "string" },
      status: { type: "string" },
      response: {},
    },
    required: ["method", "status"],
  };
  schemas.BulkResponse = messageSchema(
    BULK_RESPONSE_SCHEMA,
    { Operations: { type: "array", items: ref("BulkResponseOperation") } },
    ["Operations"],
  );
  schemas.ServiceProviderConfig = withSchemas(serviceProviderConfigSchema.id, {
    ...objectSchema(serviceProviderConfigSchema.attributes),
    properties: { ...objectSchema(serviceProviderConfigSchema.attributes).properties, meta: ref("Meta") },
  });
  schemas.ResourceType = withSchemas(resourceTypeSchema.id, {
    ...objectSchema(resourceTypeSchema.attributes),
    properties: { ...objectSchema(resourceTypeSchema.attributes).properties, meta: ref("Meta") },
  });
  schemas.ResourceTypeListResponse = listResponseSchema(ref("ResourceType"));
  schemas.Schema = {
    ...objectSchema(schemaSchema.attributes),
    properties: {
      schemas: { type: "array", items: { type: "string" } },
      ...objectSchema(schemaSchema.attributes).properties,
      meta: ref("Meta"),
    },
  };
  schemas.SchemaListResponse = listResponseSchema(ref("Schema"));

  for (const rt of resourceTypes) {
    const core = registry.getSchema(rt.schema);
    if (!core) continue;
    const name = componentName(rt.name);
    schemas[name] = resourceComponent(rt, core, extensionNames);
    schemas[`${name}ListResponse`] = listResponseSchema(ref(name));
    const endpoint = `/${rt.endpoint.replace(/^\/+/, "")}`;
    const tag = [rt.name];
    paths[endpoint] = {
      get: {
        operationId: `list${name}`,
        summary: `Query ${rt.name} resources (RFC 7644 §3.4.2)`,
        tags: tag,
        parameters: listParameters,
        responses: withErrors({ "200": ok("A page of resources.", ref(`${name}ListResponse`)) }),
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${rt.name} (RFC 7644 §3.3)`,
        tags: tag,
        requestBody: requestBody(ref(name)),
        responses: withErrors({
          "201": {
            ...ok("Created.", ref(name)),
            headers: { Location: { schema: { type: "string" } }, ETag: { schema: { type: "string" } } },
          },
          "409": { $ref: "#/components/responses/Conflict" },
        }),
      },
    };
    paths[`${endpoint}/.search`] = {
      post: {
        operationId: `search${name}`,
        summary: `Query ${rt.name} resources with POST (RFC 7644 §3.4.3)`,
        tags: tag,
        requestBody: requestBody(ref("SearchRequest")),
        responses: withErrors({ "200": ok("A page of resources.", ref(`${name}ListResponse`)) }),
      },
    };
    const idParameter = param("id");
    paths[`${endpoint}/{id}`] = {
      parameters: [idParameter],
      get: {
        operationId: `get${name}`,
        summary: `Retrieve a ${rt.name} (RFC 7644 §3.4.1)`,
        tags: tag,
        parameters: projectionParameters,
        responses: withErrors({
          "200": ok("The resource.", ref(name)),
          "304": { description: "Not modified (If-None-Match)." },
          "404": { $ref: "#/components/responses/NotFound" },
        }),
      },
      put: {
        operationId: `replace${name}`,
        summary: `Replace a ${rt.name} (RFC 7644 §3.5.1)`,
        tags: tag,
        requestBody: requestBody(ref(name)),
        responses: withErrors({
          "200": ok("The replaced resource.", ref(name)),
          "404": { $ref: "#/components/responses/NotFound" },
          "412": { $ref: "#/components/responses/PreconditionFailed" },
        }),
      },
      patch: {
        operationId: `patch${name}`,
        summary: `Modify a ${rt.name} (RFC 7644 §3.5.2)`,
        tags: tag,
        requestBody: requestBody(ref("PatchOp")),
        responses: withErrors({
          "200": ok("The modified resource.", ref(name)),
          "204": { description: "Modified; no body." },
          "404": { $ref: "#/components/responses/NotFound" },
          "412": { $ref: "#/components/responses/PreconditionFailed" },
        }),
      },
      delete: {
        operationId: `delete${name}`,
        summary: `Delete a ${rt.name} (RFC 7644 §3.6)`,
        tags: tag,
        responses: withErrors({
          "204": { description: "Deleted." },
          "404": { $ref: "#/components/responses/NotFound" },
        }),
      },
    };
  }

  paths["/.search"] = {
    post: {
      operationId: "searchAll",
      summary: "Query resources of all types (RFC 7644 §3.4.3)",
      tags: ["Search"],
      requestBody: requestBody(ref("SearchRequest")),
      responses: withErrors({ "200": ok("A page of resources.", ref("ResourceListResponse")) }),
    },
  };
  paths["/Bulk"] = {
    post: {
      operationId: "bulk",
      summary: "Bulk operations (RFC 7644 §3.7)",
      tags: ["Bulk"],
      requestBody: requestBody(ref("BulkRequest")),
      responses: withErrors({
        "200": ok("Per-operation results.", ref("BulkResponse")),
        "413": { $ref: "#/components/responses/PayloadTooLarge" },
      }),
    },
  };
  // RFC 7644 §3.11: /Me is an alias of the authenticated subject's resource (a User when registered).
  const me = resourceTypes.some((rt) => rt.name === "User") ? ref("User") : ref("Resource");
  paths["/Me"] = {
    get: {
      operationId: "getMe",
      summary: "Retrieve the authenticated subject (RFC 7644 §3.11)",
      tags: ["Me"],
      parameters: projectionParameters,
      responses: withErrors({
        "200": ok("The subject's resource.", me),
        "501": { $ref: "#/components/responses/Error" },
      }),
    },
    put: {
      operationId: "replaceMe",
      summary: "Replace the authenticated subject",
      tags: ["Me"],
      requestBody: requestBody(me),
      responses: withErrors({ "200": ok("The replaced resource.", me) }),
    },
    patch: {
      operationId: "patchMe",
      summary: "Modify the authenticated subject",
      tags: ["Me"],
      requestBody: requestBody(ref("PatchOp")),
      responses: withErrors({
        "200": ok("The modified resource.", me),
        "204": { description: "Modified; no body." },
      }),
    },
    delete: {
      operationId: "deleteMe",
      summary: "Delete the authenticated subject",
      tags: ["Me"],
      responses: withErrors({ "204": { description: "Deleted." } }),
    },
  };
  paths["/ServiceProviderConfig"] = {
    get: {
      operationId: "getServiceProviderConfig",
      summary: "Service provider configuration (RFC 7644 §4)",
      tags: ["Discovery"],
      responses: withErrors({ "200": ok("The configuration.", ref("ServiceProviderConfig")) }),
    },
  };
  paths["/ResourceTypes"] = {
    get: {
      operationId: "listResourceTypes",
      summary: "Resource types (RFC 7644 §4)",
      tags: ["Discovery"],
      responses: withErrors({ "200": ok("All resource types.", ref("ResourceTypeListResponse")) }),
    },
  };
  paths["/ResourceTypes/{name}"] = {
    get: {
      operationId: "getResourceType",
      summary: "One resource type (RFC 7644 §4)",
      tags: ["Discovery"],
      parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
      responses: withErrors({
        "200": ok("The resource type.", ref("ResourceType")),
        "404": { $ref: "#/components/responses/NotFound" },
      }),
    },
  };
  paths["/Schemas"] = {
    get: {
      operationId: "listSchemas",
      summary: "Schemas (RFC 7644 §4)",
      tags: ["Discovery"],
      responses: withErrors({ "200": ok("All schemas.", ref("SchemaListResponse")) }),
    },
  };
  paths["/Schemas/{id}"] = {
    get: {
      operationId: "getSchema",
      summary: "One schema by URN (RFC 7644 §4)",
      tags: ["Discovery"],
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      responses: withErrors({
        "200": ok("The schema.", ref("Schema")),
        "404": { $ref: "#/components/responses/NotFound" },
      }),
    },
  };

  const errorResponse = (description: string) => ({ description, content: content(ref("Error")) });
  const query = (name: string, schema: JsonSchema, description: string) => ({
    name,
    in: "query",
    required: false,
    schema,
    description,
  });
  const document: OpenApiDocument = {
    openapi: "3.1.0",
    info: {
      title: options.title ?? "SCIM 2.0 API",
      version: options.version ?? "2.0",
      description:
        "SCIM 2.0 (RFC 7643, RFC 7644, RFC 9865) endpoints, generated from the registered schemas.",
    },
    paths,
    components: {
      schemas,
      parameters: {
        id: {
          name: "id",
          in: "path",
          required: true,
          schema: { type: "string" },
          description: "The resource id.",
        },
        filter: query("filter", { type: "string" }, "RFC 7644 §3.4.2.2 filter expression."),
        attributes: query(
          "attributes",
          { type: "string" },
          "RFC 7644 §3.9: comma-separated attribute names to return.",
        ),
        excludedAttributes: query(
          "excludedAttributes",
          { type: "string" },
          "RFC 7644 §3.9: comma-separated attribute names to leave out.",
        ),
        sortBy: query("sortBy", { type: "string" }, "RFC 7644 §3.4.2.3 attribute to sort by."),
        sortOrder: query(
          "sortOrder",
          { type: "string", enum: ["ascending", "descending"] },
          "RFC 7644 §3.4.2.3 sort order.",
        ),
        startIndex: query(
          "startIndex",
          { type: "integer" },
          "RFC 7644 §3.4.2.4 1-based index of the first result.",
        ),
        count: query("count", { type: "integer" }, "RFC 7644 §3.4.2.4 page size."),
        cursor: query("cursor", { type: "string" }, "RFC 9865 cursor; empty for the first page."),
      },
      responses: {
        BadRequest: errorResponse("Bad request (RFC 7644 §3.12 scimType names the cause)."),
        Unauthorized: errorResponse("Authentication required."),
        NotFound: errorResponse("Not found."),
        Conflict: errorResponse("Uniqueness conflict."),
        PreconditionFailed: errorResponse("The ETag precondition failed."),
        PayloadTooLarge: errorResponse("The bulk request is too large."),
        Error: errorResponse("A SCIM error."),
      },
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
    },
    security: [{ bearerAuth: [] }],
  };
  if (options.servers) document.servers = options.servers.map((s) => ({ ...s }));
  return document;
}
