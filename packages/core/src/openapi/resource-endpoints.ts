import type { SchemaRegistry } from "../registry.js";
import { commonAttributes } from "../schemas/common.js";
import type { ResourceTypeDefinition, SchemaDefinition } from "../schemas/definition.js";
import {
  componentName,
  type EndpointGroup,
  listParameters,
  listResponseSchema,
  ok,
  type PathItem,
  param,
  projectionParameters,
  ref,
  requestBody,
  withErrors,
  withSchemas,
} from "./building-blocks.js";
import { type JsonSchema, objectSchema } from "./json-schema.js";

/** The extension schemas' components and the component name of each extension (by lower-cased URN). */
export interface ExtensionComponents {
  readonly schemas: Record<string, JsonSchema>;
  readonly names: ReadonlyMap<string, string>;
}

/**
 * One component per extension schema, named after the schema and kept unique against the
 * resource types' components.
 */
export function extensionComponents(registry: SchemaRegistry): ExtensionComponents {
  const schemas: Record<string, JsonSchema> = {};
  const names = new Map<string, string>();
  const resourceTypes = registry.resourceTypes();
  const resourceTypeNames = new Set(resourceTypes.map((rt) => componentName(rt.name)));
  for (const rt of resourceTypes) {
    for (const extension of rt.schemaExtensions ?? []) {
      const schema = registry.getSchema(extension.schema);
      if (!schema || names.has(schema.id.toLowerCase())) continue;
      let name = componentName(schema.name) || "Extension";
      while (resourceTypeNames.has(name) || name in schemas) name = `${name}Extension`;
      schemas[name] = {
        ...objectSchema(schema.attributes),
        description: `${schema.description} (${schema.id})`,
      };
      names.set(schema.id.toLowerCase(), name);
    }
  }
  return { schemas, names };
}

/** The resource component: common attributes, core schema attributes, extensions under their URN. */
function resourceComponent(
  resourceType: ResourceTypeDefinition,
  core: SchemaDefinition,
  extensionNames: ReadonlyMap<string, string>,
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

/** `/{endpoint}`: list (RFC 7644 §3.4.2) and create (§3.3). */
function collectionPath(rt: ResourceTypeDefinition, name: string): PathItem {
  const tags = [rt.name];
  return {
    get: {
      operationId: `list${name}`,
      summary: `Query ${rt.name} resources (RFC 7644 §3.4.2)`,
      tags,
      parameters: listParameters,
      responses: withErrors({ "200": ok("A page of resources.", ref(`${name}ListResponse`)) }),
    },
    post: {
      operationId: `create${name}`,
      summary: `Create a ${rt.name} (RFC 7644 §3.3)`,
      tags,
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
}

/** `/{endpoint}/.search`: a query sent with POST (RFC 7644 §3.4.3). */
function searchPath(rt: ResourceTypeDefinition, name: string): PathItem {
  return {
    post: {
      operationId: `search${name}`,
      summary: `Query ${rt.name} resources with POST (RFC 7644 §3.4.3)`,
      tags: [rt.name],
      requestBody: requestBody(ref("SearchRequest")),
      responses: withErrors({ "200": ok("A page of resources.", ref(`${name}ListResponse`)) }),
    },
  };
}

/** `/{endpoint}/{id}`: retrieve (RFC 7644 §3.4.1), replace (§3.5.1), modify (§3.5.2), delete (§3.6). */
function resourcePath(rt: ResourceTypeDefinition, name: string): PathItem {
  const tags = [rt.name];
  return {
    parameters: [param("id")],
    get: {
      operationId: `get${name}`,
      summary: `Retrieve a ${rt.name} (RFC 7644 §3.4.1)`,
      tags,
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
      tags,
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
      tags,
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
      tags,
      responses: withErrors({
        "204": { description: "Deleted." },
        "404": { $ref: "#/components/responses/NotFound" },
      }),
    },
  };
}

/**
 * Every registered resource type's endpoints and its components (the resource and its
 * ListResponse), derived from its core schema and extensions.
 */
export function resourceTypeEndpoints(
  registry: SchemaRegistry,
  extensionNames: ReadonlyMap<string, string>,
): EndpointGroup {
  const schemas: Record<string, JsonSchema> = {};
  const paths: Record<string, PathItem> = {};
  for (const rt of registry.resourceTypes()) {
    const core = registry.getSchema(rt.schema);
    if (!core) continue;
    const name = componentName(rt.name);
    schemas[name] = resourceComponent(rt, core, extensionNames);
    schemas[`${name}ListResponse`] = listResponseSchema(ref(name));
    const endpoint = `/${rt.endpoint.replace(/^\/+/, "")}`;
    paths[endpoint] = collectionPath(rt, name);
    paths[`${endpoint}/.search`] = searchPath(rt, name);
    paths[`${endpoint}/{id}`] = resourcePath(rt, name);
  }
  return { schemas, paths };
}
