/** Any JSON value as parsed from a response body. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object as parsed from a response body. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads an attribute the way SCIM does: attribute names are case-insensitive (RFC 7643 §2.1),
 * so `get(user, "USERNAME")` finds `userName`.
 */
export function getAttribute(resource: unknown, name: string): JsonValue | undefined {
  if (!isJsonObject(resource)) return undefined;
  if (name in resource) return resource[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(resource)) {
    if (key.toLowerCase() === lower) return resource[key];
  }
  return undefined;
}

/** Reads a dotted path (`name.givenName`, `meta.location`) with case-insensitive attribute names. */
export function getPath(resource: unknown, dottedPath: string): JsonValue | undefined {
  let current: JsonValue | undefined = isJsonObject(resource) ? resource : undefined;
  for (const segment of dottedPath.split(".")) {
    current = getAttribute(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/** The array at `name`, or an empty array when it is absent or not an array. */
export function getArray(resource: unknown, name: string): JsonValue[] {
  const value = getAttribute(resource, name);
  return Array.isArray(value) ? value : [];
}
