import { ScimError } from "@scimkit/core";
import type { ScimResponse } from "../http/scim-response.js";

/**
 * /Me (RFC 7644 §3.11): the kit does not map authenticated principals to resources, and the RFC
 * says a service provider that does not support /Me SHOULD answer 501 Not Implemented.
 */
export function me(): ScimResponse {
  throw new ScimError(501, undefined, "the /Me alias is not implemented by this service provider");
}
