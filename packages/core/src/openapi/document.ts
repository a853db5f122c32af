import type { SchemaRegistry } from "../registry.js";
import { bulkEndpoints } from "./bulk-endpoints.js";
import { discoveryEndpoints } from "./discovery-endpoints.js";
import type { JsonSchema } from "./json-schema.js";
import { meEndpoint } from "./me-endpoint.js";
import { extensionComponents, resourceTypeEndpoints } from "./resource-endpoints.js";
import { searchEndpoints } from "./search-endpoints.js";
import { sharedParameters, sharedResponses, sharedSchemas } from "./shared-components.js";

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
  const extensions = extensionComponents(registry);
  const resources = resourceTypeEndpoints(registry, extensions.names);
  const search = searchEndpoints();
  const bulk = bulkEndpoints();
  const me = meEndpoint(registry);
  const discovery = discoveryEndpoints();
  // The order of components and paths is the order of the committed openapi.json and the types
  // generated from it: extensions, shared, fixed endpoints, then the resource types.
  const document: OpenApiDocument = {
    openapi: "3.1.0",
    info: {
      title: options.title ?? "SCIM 2.0 API",
      version: options.version ?? "2.0",
      description:
        "SCIM 2.0 (RFC 7643, RFC 7644, RFC 9865) endpoints, generated from the registered schemas.",
    },
    paths: { ...resources.paths, ...search.paths, ...bulk.paths, ...me.paths, ...discovery.paths },
    components: {
      schemas: {
        ...extensions.schemas,
        ...sharedSchemas(),
        ...search.schemas,
        ...bulk.schemas,
        ...me.schemas,
        ...discovery.schemas,
        ...resources.schemas,
      },
      parameters: sharedParameters(),
      responses: sharedResponses(),
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
    },
    security: [{ bearerAuth: [] }],
  };
  if (options.servers) document.servers = options.servers.map((s) => ({ ...s }));
  return document;
}
