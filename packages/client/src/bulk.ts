import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA } from "@scimkit/core";
import { type ApiRequestBody, type ApiResponseBody, apiPath } from "./api-contract.js";
import type { ScimTransport } from "./http.js";
import type { RequestOptions } from "./types.js";

/** The bulk request message (RFC 7644 §3.7) as the API document defines it. */
export type BulkRequestBody = ApiRequestBody<"/Bulk", "post">;

/** One operation of a bulk request (RFC 7644 §3.7): `method`, `path`, `bulkId`, `version`, `data`. */
export type BulkOperation = BulkRequestBody["Operations"][number];

/** The bulk response message (RFC 7644 §3.7.3) as the API document defines it. */
export type BulkResponseBody = ApiResponseBody<"/Bulk", "post", 200>;

/** One operation result of a bulk response; `status` is the HTTP status as a string. */
export type BulkOperationResult = BulkResponseBody["Operations"][number];

/** Options of `client.bulk`. */
export interface BulkOptions extends RequestOptions {
  /**
   * Stop after this many failed operations (RFC 7644 §3.7.3). Omitted: the service runs every
   * operation.
   */
  failOnErrors?: number;
}

/**
 * Sends a bulk request (`POST /Bulk`). Individual operation failures do not reject: inspect each
 * result's `status` (see {@link failedBulkOperations}). Bulk is not idempotent, so it is not retried
 * unless `retry.retryNonIdempotent` is set.
 */
export async function sendBulk(
  send: ScimTransport,
  operations: readonly BulkOperation[],
  options: BulkOptions = {},
): Promise<BulkResponseBody> {
  const { failOnErrors, ...requestOptions } = options;
  const body: BulkRequestBody = { schemas: [BULK_REQUEST_SCHEMA], Operations: [...operations] };
  if (failOnErrors !== undefined) body.failOnErrors = failOnErrors;
  const response = await send<BulkResponseBody>({
    method: "POST",
    path: apiPath("/Bulk"),
    body,
    options: requestOptions,
  });
  return response.body ?? { schemas: [BULK_RESPONSE_SCHEMA], Operations: [] };
}

/** The results whose status is not 2xx. */
export function failedBulkOperations(response: BulkResponseBody): BulkOperationResult[] {
  return response.Operations.filter((operation) => {
    const status = Number(operation.status);
    return !(status >= 200 && status < 300);
  });
}
