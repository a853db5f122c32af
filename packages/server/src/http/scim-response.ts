import { ScimError } from "@scimkit/core";

/** The media type of every SCIM body (RFC 7644 §3.1, §8.1). */
export const SCIM_CONTENT_TYPE = "application/scim+json";

/** A response before it becomes a web `Response`: what route handlers return. */
export interface ScimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body; omitted for 204 and 304. */
  readonly body?: unknown;
}

/** A 200 (or `status`) JSON response. */
export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): ScimResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** The §3.12 error response for a `ScimError`. */
export function errorResponse(error: ScimError, headers?: Record<string, string>): ScimResponse {
  return headers
    ? { status: error.status, body: error.toJSON(), headers }
    : { status: error.status, body: error.toJSON() };
}

/** True when the response carries no body (204, 304, or none given). */
export function isBodyless(response: ScimResponse): boolean {
  return response.body === undefined || response.status === 204 || response.status === 304;
}

/** Converts to a web `Response` with `Content-Type: application/scim+json`. */
export function toWebResponse(response: ScimResponse): Response {
  const headers = new Headers(response.headers);
  if (isBodyless(response)) return new Response(null, { status: response.status, headers });
  headers.set("Content-Type", SCIM_CONTENT_TYPE);
  return new Response(JSON.stringify(response.body), { status: response.status, headers });
}

/** 405 with the `Allow` header (RFC 9110 §15.5.6), as a SCIM error body. */
export function methodNotAllowed(method: string, allowed: readonly string[]): ScimResponse {
  return errorResponse(
    new ScimError(405, undefined, `method ${method} is not supported here; use ${allowed.join(", ")}`),
    {
      Allow: allowed.join(", "),
    },
  );
}
