import type { AttributePath } from "@scimkit/core";

/** Position of a node in the source text: `start` inclusive, `end` exclusive, 0-based. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The attribute operators of RFC 7644 §3.4.2.2, Table 3 (except `pr`). */
export type ComparisonOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le";

/** `compValue` of the RFC 7644 §3.4.2.2 ABNF: `false / null / true / number / string`. */
export type ComparisonValue = string | number | boolean | null;

/** `attrPath compareOp compValue`. */
export interface ComparisonFilter {
  readonly kind: "compare";
  readonly path: AttributePath;
  readonly op: ComparisonOperator;
  readonly value: ComparisonValue;
  readonly span: Span;
}

/** `attrPath "pr"`. */
export interface PresentFilter {
  readonly kind: "present";
  readonly path: AttributePath;
  readonly span: Span;
}

/** `filter "and" filter` / `filter "or" filter`. */
export interface LogicalFilter {
  readonly kind: "and" | "or";
  readonly left: Filter;
  readonly right: Filter;
  readonly span: Span;
}

/** `"not" "(" valFilter ")"`. */
export interface NotFilter {
  readonly kind: "not";
  readonly filter: Filter;
  readonly span: Span;
}

/**
 * `attrPath "[" valFilter "]"`: the inner filter applies to one element of a multi-valued complex
 * attribute; its paths name sub-attributes relative to `path` (no schema, no sub-attribute).
 */
export interface ValuePathFilter {
  readonly kind: "valuePath";
  readonly path: AttributePath;
  readonly filter: Filter;
  readonly span: Span;
}

/** A parsed SCIM filter (RFC 7644 §3.4.2.2). */
export type Filter = ComparisonFilter | PresentFilter | LogicalFilter | NotFilter | ValuePathFilter;

/**
 * A parsed PATCH path (RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`).
 * - `name.givenName` → `{ attribute: "name", subAttribute: "givenName" }`
 * - `members[value eq "x"]` → `{ attribute: "members", filter }`
 * - `emails[type eq "work"].value` → `{ attribute: "emails", filter, subAttribute: "value" }`
 */
export interface PatchPath extends AttributePath {
  /** The value filter of a `valuePath`; its paths are relative to `attribute`. */
  readonly filter?: Filter;
  readonly span: Span;
}
