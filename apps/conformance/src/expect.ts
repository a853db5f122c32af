import { CheckFailure } from "./check.js";
import type { HttpExchange } from "./http.js";
import { getAttribute, isJsonObject, type JsonObject } from "./scim/json.js";
import { ERROR_SCHEMA } from "./scim/urns.js";

/** Fails the running check with `message` unless `condition` holds. */
export function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

/** Short description of an exchange for failure messages: method, url, status and a body excerpt. */
export function describeExchange(exchange: HttpExchange): string {
  const excerpt = exchange.text.length > 300 ? `${exchange.text.slice(0, 300)}…` : exchange.text;
  return `${exchange.method} ${exchange.url} → ${exchange.status}${excerpt ? ` ${excerpt}` : ""}`;
}

/** Fails unless the response status is one of `statuses`. */
export function expectStatus(exchange: HttpExchange, ...statuses: number[]): void {
  expect(
    statuses.includes(exchange.status),
    `expected HTTP ${statuses.join(" or ")}, got ${describeExchange(exchange)}`,
  );
}

/** Fails unless the response body is a JSON object; returns it. */
export function expectJsonObject(exchange: HttpExchange): JsonObject {
  expect(isJsonObject(exchange.json), `expected a JSON object body, got ${describeExchange(exchange)}`);
  return exchange.json;
}

/** Fails unless the `Content-Type` is `application/scim+json` (parameters such as charset allowed). */
export function expectScimContentType(exchange: HttpExchange): void {
  const contentType = exchange.headers.get("content-type") ?? "";
  expect(
    contentType.split(";")[0]?.trim().toLowerCase() === "application/scim+json",
    `expected Content-Type application/scim+json, got "${contentType}" from ${exchange.method} ${exchange.url}`,
  );
}

/**
 * Fails unless the response is an RFC 7644 §3.12 error: the status, the Error schema, `status` as
 * a string equal to the HTTP status, and (when given) the `scimType`.
 */
export function expectScimError(
  exchange: HttpExchange,
  status: number | number[],
  scimType?: string,
): JsonObject {
  const statuses = Array.isArray(status) ? status : [status];
  expectStatus(exchange, ...statuses);
  const body = expectJsonObject(exchange);
  const schemas = getAttribute(body, "schemas");
  expect(
    Array.isArray(schemas) && schemas.includes(ERROR_SCHEMA),
    `error body lacks schemas [${ERROR_SCHEMA}]: ${describeExchange(exchange)}`,
  );
  const bodyStatus = getAttribute(body, "status");
  expect(
    typeof bodyStatus === "string",
    `error "status" must be a JSON string (RFC 7644 §3.12), got ${JSON.stringify(bodyStatus)}`,
  );
  expect(
    bodyStatus === String(exchange.status),
    `error "status" ${JSON.stringify(bodyStatus)} does not match HTTP ${exchange.status}`,
  );
  if (scimType !== undefined) {
    const actual = getAttribute(body, "scimType");
    expect(actual === scimType, `expected scimType "${scimType}", got ${JSON.stringify(actual)}`);
  }
  return body;
}

/** Fails unless `actual` and `expected` hold the same members; the message names what differs. */
export function expectSameSet(actual: Iterable<string>, expected: Iterable<string>, label: string): void {
  const actualSet = new Set(actual);
  const expectedSet = new Set(expected);
  const missing = [...expectedSet].filter((item) => !actualSet.has(item));
  const extra = [...actualSet].filter((item) => !expectedSet.has(item));
  expect(
    missing.length === 0 && extra.length === 0,
    `${label}: missing [${missing.join(", ")}], unexpected [${extra.join(", ")}]`,
  );
}
