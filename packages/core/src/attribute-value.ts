/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads attribute `name` of a resource or complex value: as spelled first, then
 * case-insensitively (RFC 7643 §2.1). Own keys only, so `constructor` or `__proto__` never reach
 * `Object.prototype`.
 *
 * @example
 * readAttribute({ userName: "bjensen" }, "USERNAME") // → "bjensen"
 */
export function readAttribute(object: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  const wanted = name.toLowerCase();
  for (const candidate of Object.keys(object)) {
    if (candidate.length === name.length && candidate.toLowerCase() === wanted) return object[candidate];
  }
  return undefined;
}
