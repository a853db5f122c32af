import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA } from "../schemas/urns.js";
import { type EndpointGroup, messageSchema, ok, ref, requestBody, withErrors } from "./building-blocks.js";
import type { JsonSchema } from "./json-schema.js";

/** `/Bulk` (RFC 7644 §3.7): many operations in one request, and their results. */
export function bulkEndpoints(): EndpointGroup {
  // What a request operation and its result both carry (RFC 7644 §3.7).
  const operation: Record<string, JsonSchema> = {
    method: { type: "string", enum: ["POST", "PUT", "PATCH", "DELETE"] },
    bulkId: { type: "string" },
    version: { type: "string" },
  };
  return {
    schemas: {
      BulkRequestOperation: {
        type: "object",
        properties: {
          ...operation,
          path: { type: "string" },
          data: {},
        },
        required: ["method", "path"],
      },
      BulkRequest: messageSchema(
        BULK_REQUEST_SCHEMA,
        {
          failOnErrors: { type: "integer" },
          Operations: { type: "array", items: ref("BulkRequestOperation") },
        },
        ["Operations"],
      ),
      BulkResponseOperation: {
        type: "object",
        properties: {
          ...operation,
          location: { type: "string" },
          status: { type: "string" },
          response: {},
        },
        required: ["method", "status"],
      },
      BulkResponse: messageSchema(
        BULK_RESPONSE_SCHEMA,
        { Operations: { type: "array", items: ref("BulkResponseOperation") } },
        ["Operations"],
      ),
    },
    paths: {
      "/Bulk": {
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
      },
    },
  };
}
