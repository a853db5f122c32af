import { isJsonObject, type ResolvedAttribute, type ResourceTypeSchema, ScimError } from "@scimkit/core";
import { type ComparisonValue, type Filter, matches } from "@scimkit/filter";
import { jsonEqual } from "../json-equal.js";

/**
 * RFC 7643 §2.4: "The primary attribute value 'true' MUST appear no more than once", and RFC 7644
 * §3.5.2: setting a value's `primary` to true SHALL set it to false on every other value. `written`
 * holds the elements this operation wrote. Returns the settled array.
 */
export function settlePrimary(elements: unknown[], written: ReadonlySet<unknown>, where: string): unknown[] {
  const isPrimary = (e: unknown) => isJsonObject(e) && e.primary === true;
  const newPrimaries = elements.filter((e) => written.has(e) && isPrimary(e));
  if (newPrimaries.length > 1) {
    throw ScimError.badRequest(
      "invalidValue",
      `${where}: "primary": true may appear on at most one value (RFC 7643 §2.4)`,
    );
  }
  if (newPrimaries.length === 0) {
    if (elements.filter(isPrimary).length > 1) {
      throw ScimError.badRequest(
        "invalidValue",
        `${where}: "primary": true may appear on at most one value (RFC 7643 §2.4)`,
      );
    }
    return elements;
  }
  return elements.map((e) =>
    isPrimary(e) && !written.has(e) ? { ...(e as Record<string, unknown>), primary: false } : e,
  );
}

/** Appends values that are not already present (no exact duplicates, RFC 7643 §2.4). */
export function appendNew(
  current: readonly unknown[],
  items: readonly unknown[],
): { list: unknown[]; added: Set<unknown> } {
  const list = [...current];
  const added = new Set<unknown>();
  for (const item of items) {
    if (list.some((existing) => jsonEqual(existing, item))) continue;
    list.push(item);
    added.add(item);
  }
  return { list, added };
}

/**
 * The sub-attribute values a filter pins with `eq`, when it is only `eq` terms joined by `and`
 * (`type eq "work"` → {type: "work"}). Used by rule createMissingFilteredTarget to build the missing
 * value. Undefined for any other filter.
 */
export function equalityTerms(filter: Filter): Record<string, ComparisonValue> | undefined {
  if (filter.kind === "compare") {
    if (filter.op !== "eq" || filter.path.subAttribute !== undefined || filter.path.schema !== undefined) {
      return undefined;
    }
    return { [filter.path.attribute]: filter.value };
  }
  if (filter.kind === "and") {
    const left = equalityTerms(filter.left);
    const right = equalityTerms(filter.right);
    return left && right ? { ...left, ...right } : undefined;
  }
  return undefined;
}

/**
 * The member ids a filter selects when it is `value eq "x"` or an `or` of such terms
 * (`members[value eq "a" or value eq "b"]`). Undefined for any other filter.
 */
export function valueEqualityIds(filter: Filter): string[] | undefined {
  if (filter.kind === "compare") {
    const isValueEq =
      filter.op === "eq" &&
      filter.path.attribute.toLowerCase() === "value" &&
      filter.path.subAttribute === undefined &&
      typeof filter.value === "string";
    return isValueEq ? [filter.value as string] : undefined;
  }
  if (filter.kind === "or") {
    const left = valueEqualityIds(filter.left);
    const right = valueEqualityIds(filter.right);
    return left && right ? [...left, ...right] : undefined;
  }
  return undefined;
}

/**
 * Whether one value of a multi-valued (or single-valued complex) attribute matches the filter of a
 * valuePath. The filter's paths are relative to the attribute, so the value is evaluated as the only
 * value of that attribute in an otherwise empty resource.
 */
export function valueMatches(
  rt: ResourceTypeSchema,
  resolved: ResolvedAttribute,
  filter: Filter,
  value: unknown,
): boolean {
  const name = resolved.attribute.name;
  const holder = { [name]: resolved.attribute.multiValued ? [value] : value };
  const probe = resolved.isExtension
    ? { schemas: [rt.schema.id, resolved.schema.id], [resolved.schema.id]: holder }
    : { schemas: [rt.schema.id], ...holder };
  const path = resolved.isExtension ? { schema: resolved.schema.id, attribute: name } : { attribute: name };
  const span = "span" in filter ? filter.span : { start: 0, end: 0 };
  return matches({ kind: "valuePath", path, filter, span }, probe, rt);
}
