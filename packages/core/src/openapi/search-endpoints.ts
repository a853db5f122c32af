import { SEARCH_REQUEST_SCHEMA } from "../schemas/urns.js";
import { type EndpointGroup, messageSchema, ok, ref, requestBody, withErrors } from "./building-blocks.js";

/** `/.search` (RFC 7644 §3.4.3): a query over all resource types, sent with POST. */
export function searchEndpoints(): EndpointGroup {
  return {
    schemas: {
      SearchRequest: messageSchema(
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
      ),
    },
    paths: {
      "/.search": {
        post: {
          operationId: "searchAll",
          summary: "Query resources of all types (RFC 7644 §3.4.3)",
          tags: ["Search"],
          requestBody: requestBody(ref("SearchRequest")),
          responses: withErrors({ "200": ok("A page of resources.", ref("ResourceListResponse")) }),
        },
      },
    },
  };
}
