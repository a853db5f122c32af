import { LIST_RESPONSE_SCHEMA } from "../schemas/urns.js";
import type { JsonSchema } from "./json-schema.js";

/** An OpenAPI path item: the operations of one path (and parameters shared by them). */
export type PathItem = Record<string, unknown>;

/** What one group of endpoints adds to the document: its component schemas and its paths. */
export interface EndpointGroup {
  readonly schemas: Record<string, JsonSchema>;
  readonly paths: Record<string, PathItem>;
}

const SCIM_JSON = "application/scim+json";

/** A reference to a component schema. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** A component name from free text (resource type and schema names may hold spaces or colons). */
export const componentName = (text: string): string => text.replace(/[^A-Za-z0-9_.-]/g, "");

/** A response or request `content` map in the SCIM media type. */
export const content = (schema: JsonSchema) => ({ [SCIM_JSON]: { schema } });

// RFC 7644 §3.1: clients send application/scim+json; application/json is accepted as well (§8.1).
/** A required request body of `schema`. */
export const requestBody = (schema: JsonSchema) => ({
  required: true,
  content: { [SCIM_JSON]: { schema }, "application/json": { schema } },
});

/** A success response with a body of `schema`. */
export const ok = (description: string, schema: JsonSchema) => ({ description, content: content(schema) });

const errorResponses = {
  "400": { $ref: "#/components/responses/BadRequest" },
  "401": { $ref: "#/components/responses/Unauthorized" },
  default: { $ref: "#/components/responses/Error" },
};

/** `responses` plus the errors every operation may answer. */
export const withErrors = (responses: Record<string, unknown>) => ({ ...responses, ...errorResponses });

/** A reference to a component parameter. */
export const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });

/** The query parameters of a list (RFC 7644 §3.4.2, RFC 9865). */
export const listParameters = [
  "filter",
  "attributes",
  "excludedAttributes",
  "sortBy",
  "sortOrder",
  "startIndex",
  "count",
  "cursor",
].map(param);

/** The query parameters that choose returned attributes (RFC 7644 §3.9). */
export const projectionParameters = ["attributes", "excludedAttributes"].map(param);

/** `{ schemas: [urn], … }` with `schemas` constrained to contain the URN. */
export function withSchemas(urn: string, body: JsonSchema): JsonSchema {
  return {
    ...body,
    properties: {
      schemas: { type: "array", items: { type: "string" }, examples: [[urn]] },
      ...body.properties,
    },
    required: ["schemas", ...(body.required ?? [])],
  };
}

/** A protocol message (RFC 7644 §3.1): `schemas` holds exactly its URN. */
export function messageSchema(
  urn: string,
  properties: Record<string, JsonSchema>,
  required: string[],
): JsonSchema {
  return {
    type: "object",
    properties: { schemas: { type: "array", items: { type: "string", const: urn } }, ...properties },
    required: ["schemas", ...required],
  };
}

/** A ListResponse (RFC 7644 §3.4.2) of `item`, with the RFC 9865 cursors. */
export function listResponseSchema(item: JsonSchema): JsonSchema {
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
