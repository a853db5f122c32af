import {
  formatAttributePath,
  isJsonObject,
  type ResourceTypeSchema,
  readAttribute,
  ScimError,
} from "@scimkit/core";
import { compareStrings, foldCase, parseInstant } from "@scimkit/filter";
import type { SortSpec } from "./store.js";

/** A sortable scalar extracted from a resource: strings already case-folded when not caseExact. */
export type SortKey = string | number | boolean | null;

/**
 * RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its `primary` value, else its first value.
 * Returns the element that stands for the whole array.
 */
function representative(values: unknown[]): unknown {
  const primary = values.find((v) => isJsonObject(v) && readAttribute(v, "primary") === true);
  return primary ?? values[0];
}

/**
 * Refuses `sortBy` on an attribute whose values are never returned (RFC 7643 §7, e.g. `password`):
 * the order of the results would leak the secret one comparison at a time. 400 `invalidFilter`,
 * as for a filter on it; both stores call this before reading anything.
 */
export function assertSortable(rt: ResourceTypeSchema, sort: SortSpec): void {
  const resolved = rt.resolve(sort.by);
  if (resolved?.attribute.returned === "never" || resolved?.target.returned === "never") {
    throw ScimError.badRequest(
      "invalidFilter",
      `sortBy "${formatAttributePath(sort.by)}" names an attribute that is never returned, so it cannot sort`,
    );
  }
}

/**
 * Extracts the sort key of `resource` for `sort` (RFC 7644 §3.4.2.3): case-insensitive strings are
 * lower-cased, dateTimes become epoch milliseconds, missing values become `null`.
 * `resource` must carry `meta` when sorting by `meta.*`.
 */
export function sortKeyOf(
  rt: ResourceTypeSchema,
  resource: Record<string, unknown>,
  sort: SortSpec,
): SortKey {
  const resolved = rt.resolve(sort.by);
  let container: unknown = resource;
  if (resolved?.isExtension) container = readAttribute(resource, resolved.schema.id);
  if (!isJsonObject(container)) return null;
  let value = readAttribute(container, resolved?.attribute.name ?? sort.by.attribute);
  if (Array.isArray(value)) value = representative(value);
  if (isJsonObject(value)) value = readAttribute(value, sort.by.subAttribute ?? "value");
  if (Array.isArray(value)) value = representative(value);
  const definition = resolved?.target;
  if (value === undefined || value === null || isJsonObject(value)) return null;
  if (typeof value === "string") {
    if (definition?.type === "dateTime" || (!definition && sort.by.attribute.toLowerCase() === "meta")) {
      const instant = parseInstant(value);
      if (instant !== undefined) return instant;
    }
    return foldCase(value, definition?.caseExact === true);
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  return null;
}

/** Compares two present keys; strings by code point like the SQL stores (no locale, RFC 7644 §3.4.2.3). */
function comparePresent(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  // Mixed types only happen with malformed data; order them by type name for a total order.
  return typeof a < typeof b ? -1 : 1;
}

/**
 * Orders two sort keys; resources without a value go last when ascending and first when
 * descending (RFC 7644 §3.4.2.3), which is exactly "null is the largest key".
 */
export function compareSortKeys(a: SortKey, b: SortKey, order: SortSpec["order"]): number {
  let result: number;
  if (a === null || b === null) result = a === b ? 0 : a === null ? 1 : -1;
  else result = comparePresent(a, b);
  return order === "descending" ? -result : result;
}
