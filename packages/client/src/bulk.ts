import { BULK_REQUEST_SCHEMA } from "@scimkit/core";
import type { ScimTransport } from "./http.js";
import type { RequestOptions } from "./types.js";

/** One operation of a bulk request (RFC 7644 §3.7). */
export interface BulkOperation {
  /** HTTP method of the operation. */
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  /** Resource path relative to the base URL, e.g. `/Users` or `/Groups/bulkId:qwerty`. */
  path: string;
  /** Temporary id for a created resource, referenced as `bulkId:<id>` by later operations (§3.7.2). */
  bulkId?: string;
  /** ETag for a conditional operation (RFC 7644 §3.14). */
  version?: string;
  /** Resource body (POST, PUT) or PatchOp body (PATCH). */
  data?: unknown;
}

/** One operation result of a bulk response (RFC 7644 §3.7.3). */
export interface BulkOperationResult {
  method: string;
  bulkId?: string;
  version?: string;
  /** URL of the created or changed resource. */
  location?: string;
  /** HTTP status of the operation; a string in RFC 7644's examples, a number in some services. */
  status: string | number;
  /** Error body (or resource) of the operation. */
  response?: unknown;
}

/** The bulk response message (RFC 7644 §3.7.3). */
export interface BulkResponseBody {
  schemas: string[];
  Operations: BulkOperationResult[];
}

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
  const body: Record<string, unknown> = { schemas: [BULK_REQUEST_SCHEMA], Operations: operations };
  if (failOnErrors !== undefined) body.failOnErrors = failOnErrors;
  const response = await send<BulkResponseBody>({
    method: "POST",
    path: "Bulk",
    body,
    options: requestOptions,
  });
  return response.body ?? { schemas: [], Operations: [] };
}

/** The results whose status is not 2xx. */
export function failedBulkOperations(response: BulkResponseBody): BulkOperationResult[] {
  return response.Operations.filter((operation) => {
    const status = Number(operation.status);
    return !(status >= 200 && status < 300);
  });
}
