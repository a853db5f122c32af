import { ScimError } from "@scimkit/core";
import { type Filter, type FilterExtension, parseFilter } from "@scimkit/filter";
import type { ScimLimits } from "../config.js";
import type { SortSpec } from "../store/store.js";
import { parseAttributePathParam } from "./attribute-path-param.js";
import { integerParameter } from "./integer-parameter.js";

/** Query parameters as received: URL strings or SearchRequest JSON values (RFC 7644 §3.4.2, §3.4.3). */
export interface RawListParameters {
  readonly filter?: unknown;
  readonly sortBy?: unknown;
  readonly sortOrder?: unknown;
  readonly startIndex?: unknown;
  readonly count?: unknown;
  readonly cursor?: unknown;
  readonly attributes?: unknown;
  readonly excludedAttributes?: unknown;
}

/** Validated list parameters. */
export interface ListParameters {
  readonly filter?: Filter;
  readonly sort?: SortSpec;
  /** 1-based; only meaningful without `cursor`. */
  readonly startIndex: number;
  /** Already capped at `limits.maxResults`. */
  readonly count: number;
  /** RFC 9865: set (possibly `""`) when the client asked for cursor paging. */
  readonly cursor?: string;
  readonly attributes?: string[];
  readonly excludedAttributes?: string[];
}

const LIST_PARAMETER_NAMES = [
  "filter",
  "sortBy",
  "sortOrder",
  "startIndex",
  "count",
  "cursor",
  "attributes",
  "excludedAttributes",
] as const;

/** Reads the list parameters of a URL query (`?cursor` with no value is the empty cursor). */
export function rawListParametersFromQuery(query: URLSearchParams): RawListParameters {
  const raw: Record<string, string> = {};
  for (const name of LIST_PARAMETER_NAMES) {
    const value = query.get(name);
    if (value !== null) raw[name] = value;
  }
  return raw;
}

/** `attributes` / `excludedAttributes`: comma-separated in URLs, arrays in SearchRequests (RFC 7644 §3.9). */
export function attributeList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : String(value).split(",");
  const names: string[] = [];
  for (const item of items) {
    if (typeof item !== "string")
      throw ScimError.badRequest("invalidValue", `${name} must list attribute names`);
    const trimmed = item.trim();
    if (trimmed) names.push(trimmed);
  }
  return names.length > 0 ? names : undefined;
}

/**
 * Validates list parameters (RFC 7644 §3.4.2): parses the filter (400 invalidFilter), the sort,
 * and the paging, where a `startIndex` below 1 is read as 1 and a negative `count` as 0
 * (§3.4.2.4), and `count` is capped at `limits.maxResults` (§3.4.2.4 "MUST NOT return more").
 * Out-of-range integers are clamped by {@link integerParameter}, so a huge `startIndex` is an empty page.
 */
export function parseListParameters(
  raw: RawListParameters,
  limits: ScimLimits,
  options: { readonly filterExtensions?: readonly FilterExtension[] } = {},
): ListParameters {
  let filter: Filter | undefined;
  if (raw.filter !== undefined && raw.filter !== null) {
    if (typeof raw.filter !== "string")
      throw ScimError.badRequest("invalidFilter", "filter must be a string");
    if (raw.filter.trim() !== "") {
      // The RFC grammar plus the extensions the interop rules turn on (none under `interop: "strict"`).
      filter = parseFilter(raw.filter, {
        extensions: options.filterExtensions ?? [],
        maxLength: limits.filterMaxLength,
        maxDepth: limits.filterMaxDepth,
      });
    }
  }
  let sort: SortSpec | undefined;
  if (raw.sortBy !== undefined && raw.sortBy !== null && String(raw.sortBy).trim() !== "") {
    const orderText =
      raw.sortOrder === undefined || raw.sortOrder === null ? "ascending" : String(raw.sortOrder);
    const order = orderText.trim().toLowerCase();
    if (order !== "ascending" && order !== "descending") {
      throw ScimError.badRequest(
        "invalidValue",
        `sortOrder must be "ascending" or "descending", got "${orderText}"`,
      );
    }
    sort = { by: parseAttributePathParam(String(raw.sortBy), "sortBy"), order };
  }
  const startIndexValue = integerParameter(raw.startIndex, "startIndex");
  const countValue = integerParameter(raw.count, "count");
  let cursor: string | undefined;
  if (raw.cursor !== undefined && raw.cursor !== null) {
    cursor = String(raw.cursor);
    if (startIndexValue !== undefined) {
      throw ScimError.badRequest(
        "invalidValue",
        "startIndex and cursor select different paging methods; send one",
      );
    }
  }
  const count = Math.min(Math.max(countValue ?? limits.defaultPageSize, 0), limits.maxResults);
  const attributes = attributeList(raw.attributes, "attributes");
  const excludedAttributes = attributeList(raw.excludedAttributes, "excludedAttributes");
  return {
    ...(filter ? { filter } : {}),
    ...(sort ? { sort } : {}),
    startIndex: Math.max(startIndexValue ?? 1, 1),
    count,
    ...(cursor !== undefined ? { cursor } : {}),
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  };
}
