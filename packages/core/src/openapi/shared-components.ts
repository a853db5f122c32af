import { ERROR_SCHEMA } from "../errors.js";
import { commonAttributes } from "../schemas/common.js";
import { PATCH_OP_SCHEMA } from "../schemas/urns.js";
import { content, listResponseSchema, messageSchema, ref } from "./building-blocks.js";
import { type JsonSchema, objectSchema } from "./json-schema.js";

/**
 * The component schemas several endpoint groups refer to: `meta`, any resource, the error body
 * (RFC 7644 §3.12) and the PATCH request (§3.5.2).
 */
export function sharedSchemas(): Record<string, JsonSchema> {
  return {
    Meta: {
      ...objectSchema(commonAttributes.find((a) => a.name === "meta")!.subAttributes),
      readOnly: true,
    },
    Resource: {
      type: "object",
      description: "Any SCIM resource.",
      properties: {
        schemas: { type: "array", items: { type: "string" } },
        id: { type: "string", readOnly: true },
        meta: ref("Meta"),
      },
      required: ["schemas"],
      additionalProperties: true,
    },
    ResourceListResponse: listResponseSchema(ref("Resource")),
    Error: messageSchema(
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
    ),
    PatchOperation: {
      type: "object",
      properties: {
        op: { type: "string", enum: ["add", "remove", "replace", "Add", "Remove", "Replace"] },
        path: { type: "string" },
        value: {},
      },
      required: ["op"],
    },
    PatchOp: messageSchema(PATCH_OP_SCHEMA, { Operations: { type: "array", items: ref("PatchOperation") } }, [
      "Operations",
    ]),
  };
}

const query = (name: string, schema: JsonSchema, description: string) => ({
  name,
  in: "query",
  required: false,
  schema,
  description,
});

/** The component parameters: the resource id and the query parameters of RFC 7644 §3.4.2, §3.9 and RFC 9865. */
export function sharedParameters(): Record<string, unknown> {
  return {
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
  };
}

const errorResponse = (description: string) => ({ description, content: content(ref("Error")) });

/** The component error responses operations refer to. */
export function sharedResponses(): Record<string, unknown> {
  return {
    BadRequest: errorResponse("Bad request (RFC 7644 §3.12 scimType names the cause)."),
    Unauthorized: errorResponse("Authentication required."),
    NotFound: errorResponse("Not found."),
    Conflict: errorResponse("Uniqueness conflict."),
    PreconditionFailed: errorResponse("The ETag precondition failed."),
    PayloadTooLarge: errorResponse("The bulk request is too large."),
    Error: errorResponse("A SCIM error."),
  };
}
