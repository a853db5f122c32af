import type { ScimErrorType as KnownScimErrorType } from "@scimkit/core";

/**
 * The `scimType` values a service provider may send: RFC 7644 §3.12 Table 9 plus the cursor
 * errors of RFC 9865, as core defines them. Any other string is kept as sent (services invent
 * their own).
 */
export type ScimErrorType = KnownScimErrorType | (string & {});

/** Method and URL of the request that failed, for error messages and logs. */
export interface FailedRequest {
  readonly method: string;
  readonly url: string;
}

/**
 * The service provider answered with an HTTP error status (RFC 7644 §3.12).
 *
 * @example
 * try {
 *   await client.users.create({ schemas: [USER_SCHEMA], userName: "bjensen" });
 * } catch (error) {
 *   if (error instanceof ScimClientError && error.scimType === "uniqueness") { ... }
 * }
 */
export class ScimClientError extends Error {
  override readonly name = "ScimClientError";
  /** HTTP status code of the response. */
  readonly status: number;
  /** `scimType` from the error body, when the service sent one. */
  readonly scimType: ScimErrorType | undefined;
  /** `detail` from the error body, or the response text when the body is not a SCIM error. */
  readonly detail: string | undefined;
  /** The parsed response body (a SCIM error object when the service follows RFC 7644 §3.12). */
  readonly body: unknown;
  /** The response; its body has already been read. */
  readonly response: Response;
  /** The request that failed. */
  readonly request: FailedRequest;

  constructor(response: Response, request: FailedRequest, body: unknown) {
    const fields = readErrorFields(body);
    const summary = [fields.scimType, fields.detail].filter(Boolean).join(": ");
    super(`${request.method} ${request.url} failed with ${response.status}${summary ? ` (${summary})` : ""}`);
    this.status = response.status;
    this.scimType = fields.scimType;
    this.detail = fields.detail;
    this.body = body;
    this.response = response;
    this.request = request;
  }
}

/** The request never got a response: DNS, connection refused, TLS, CORS, aborted socket. */
export class ScimNetworkError extends Error {
  override readonly name = "ScimNetworkError";
  readonly request: FailedRequest;

  constructor(request: FailedRequest, cause: unknown) {
    super(`${request.method} ${request.url} failed: ${describeCause(cause)}`, { cause });
    this.request = request;
  }
}

/** No response arrived within the configured `timeout`. */
export class ScimTimeoutError extends Error {
  override readonly name = "ScimTimeoutError";
  readonly request: FailedRequest;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeout: number;

  constructor(request: FailedRequest, timeout: number, cause?: unknown) {
    super(`${request.method} ${request.url} timed out after ${timeout} ms`, { cause });
    this.request = request;
    this.timeout = timeout;
  }
}

/**
 * Paging could not continue safely: the service repeated a page or a cursor, so following it
 * would loop forever, or the configured page limit was reached.
 */
export class ScimPaginationError extends Error {
  override readonly name = "ScimPaginationError";
  /** The number of resources yielded before paging stopped. */
  readonly yielded: number;

  constructor(message: string, yielded: number) {
    super(message);
    this.yielded = yielded;
  }
}

function readErrorFields(body: unknown): { scimType: string | undefined; detail: string | undefined } {
  if (typeof body === "string") return { scimType: undefined, detail: body.trim() || undefined };
  if (body === null || typeof body !== "object") return { scimType: undefined, detail: undefined };
  const record = body as Record<string, unknown>;
  return {
    scimType: typeof record.scimType === "string" ? record.scimType : undefined,
    detail: typeof record.detail === "string" ? record.detail : undefined,
  };
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    // undici puts the useful part (ECONNREFUSED, ENOTFOUND) on `cause`.
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
