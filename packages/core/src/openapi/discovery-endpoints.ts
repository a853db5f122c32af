import { resourceTypeSchema } from "../schemas/resource-type.js";
import { schemaSchema } from "../schemas/schema.js";
import { serviceProviderConfigSchema } from "../schemas/service-provider-config.js";
import {
  type EndpointGroup,
  listResponseSchema,
  ok,
  ref,
  withErrors,
  withSchemas,
} from "./building-blocks.js";
import { objectSchema } from "./json-schema.js";

const notFound = { $ref: "#/components/responses/NotFound" };
const pathParameter = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });

/** The discovery endpoints (RFC 7644 §4): `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`. */
export function discoveryEndpoints(): EndpointGroup {
  const serviceProviderConfig = objectSchema(serviceProviderConfigSchema.attributes);
  const resourceType = objectSchema(resourceTypeSchema.attributes);
  const schema = objectSchema(schemaSchema.attributes);
  return {
    schemas: {
      ServiceProviderConfig: withSchemas(serviceProviderConfigSchema.id, {
        ...serviceProviderConfig,
        properties: { ...serviceProviderConfig.properties, meta: ref("Meta") },
      }),
      ResourceType: withSchemas(resourceTypeSchema.id, {
        ...resourceType,
        properties: { ...resourceType.properties, meta: ref("Meta") },
      }),
      ResourceTypeListResponse: listResponseSchema(ref("ResourceType")),
      Schema: {
        ...schema,
        properties: {
          schemas: { type: "array", items: { type: "string" } },
          ...schema.properties,
          meta: ref("Meta"),
        },
      },
      SchemaListResponse: listResponseSchema(ref("Schema")),
    },
    paths: {
      "/ServiceProviderConfig": {
        get: {
          operationId: "getServiceProviderConfig",
          summary: "Service provider configuration (RFC 7644 §4)",
          tags: ["Discovery"],
          responses: withErrors({ "200": ok("The configuration.", ref("ServiceProviderConfig")) }),
        },
      },
      "/ResourceTypes": {
        get: {
          operationId: "listResourceTypes",
          summary: "Resource types (RFC 7644 §4)",
          tags: ["Discovery"],
          responses: withErrors({ "200": ok("All resource types.", ref("ResourceTypeListResponse")) }),
        },
      },
      "/ResourceTypes/{name}": {
        get: {
          operationId: "getResourceType",
          summary: "One resource type (RFC 7644 §4)",
          tags: ["Discovery"],
          parameters: [pathParameter("name")],
          responses: withErrors({ "200": ok("The resource type.", ref("ResourceType")), "404": notFound }),
        },
      },
      "/Schemas": {
        get: {
          operationId: "listSchemas",
          summary: "Schemas (RFC 7644 §4)",
          tags: ["Discovery"],
          responses: withErrors({ "200": ok("All schemas.", ref("SchemaListResponse")) }),
        },
      },
      "/Schemas/{id}": {
        get: {
          operationId: "getSchema",
          summary: "One schema by URN (RFC 7644 §4)",
          tags: ["Discovery"],
          parameters: [pathParameter("id")],
          responses: withErrors({ "200": ok("The schema.", ref("Schema")), "404": notFound }),
        },
      },
    },
  };
}
