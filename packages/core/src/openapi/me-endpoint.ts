import type { SchemaRegistry } from "../registry.js";
import {
  type EndpointGroup,
  ok,
  projectionParameters,
  ref,
  requestBody,
  withErrors,
} from "./building-blocks.js";

/**
 * `/Me` (RFC 7644 §3.11): an alias of the authenticated subject's resource, a User when the
 * registry has one.
 */
export function meEndpoint(registry: SchemaRegistry): EndpointGroup {
  const me = registry.resourceTypes().some((rt) => rt.name === "User") ? ref("User") : ref("Resource");
  return {
    schemas: {},
    paths: {
      "/Me": {
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
      },
    },
  };
}
