import type { SqlParams } from "./sql-params.js";
import type { SqlTables } from "./sql-tables.js";

/** The text comparisons a value row answers from an index besides `eq` (RFC 7644 §3.4.2.2). */
export type TextMatchOperator = "sw" | "co" | "ew";

/** The JSON kinds a filter compares: SCIM strings, numbers and booleans. */
export type ScalarKind = "string" | "number" | "boolean";

/**
 * Where a JSON value lives in a query:
 * - `path`: inside the JSON document `base` (an SQL expression) at the object keys `path`;
 * - `element`: the current element of an array iterated by {@link SqlDialect.elements};
 * - `column`: a plain SQL column of kind `type` (meta columns);
 * - `row`: a table row whose columns stand for sub-attributes (membership rows).
 */
export type JsonLocation =
  | { readonly kind: "path"; readonly base: string; readonly path: readonly string[] }
  | { readonly kind: "element"; readonly alias: string }
  | {
      readonly kind: "column";
      readonly expr: string;
      readonly type: ScalarKind;
      /** A NOT NULL column: comparisons need no NULL guard, which keeps its index usable. */
      readonly notNull?: boolean;
    }
  | { readonly kind: "row"; readonly column: (name: string) => string | undefined };

/** The sub-attribute `name` of a row location: its column, or NULL. */
export function rowColumn(
  loc: { readonly column: (name: string) => string | undefined },
  name: string,
): JsonLocation {
  return { kind: "column", expr: loc.column(name) ?? "NULL", type: "string" };
}

/** An array iteration: a FROM item, the condition that it really is an array, and its element. */
export interface ArrayIteration {
  readonly from: string;
  readonly where: string;
  readonly element: JsonLocation;
  /** Expression of the element's position, for "first value" ordering. */
  readonly position: string;
}

/**
 * The few places where SQLite and PostgreSQL SQL differ. Everything else (filter semantics,
 * paging, the data model) is written once against this interface.
 */
export interface SqlDialect {
  readonly name: "sqlite" | "postgres";
  /** Placeholder text of the 1-based parameter `index`. */
  placeholder(index: number): string;
  /** A bound parameter used as a value of `kind` (PostgreSQL needs the type spelled out). */
  typedParam(params: SqlParams, value: string | number | boolean, kind: ScalarKind): string;
  /** The value at `loc` as an SQL scalar of `kind`, or NULL when the JSON there is not of that kind. */
  scalar(params: SqlParams, loc: JsonLocation, kind: ScalarKind): string;
  /** RFC 7644 §3.4.2.2 `pr`: a non-null, non-empty value (empty string, array or object is absent). */
  present(params: SqlParams, loc: JsonLocation): string;
  /** The value at `loc` is a JSON object (a row always is). */
  isObject(params: SqlParams, loc: JsonLocation): string;
  /** The location of the object key `name` inside the object at `loc`. */
  child(loc: JsonLocation, name: string): JsonLocation;
  /** Iterates the array at `loc` (no rows when it is not an array). */
  elements(params: SqlParams, loc: JsonLocation, alias: string): ArrayIteration;
  /** Case folding that equals JavaScript's `String.prototype.toLowerCase`. */
  fold(expr: string): string;
  /** Epoch milliseconds of an ISO 8601 text, NULL when it does not parse. */
  instant(expr: string): string;
  /** A text expression that orders by code point (PostgreSQL's default collation is linguistic). */
  codePointText(expr: string): string;
  /**
   * An ORDER BY term that must not be satisfied by walking an index (SQLite's `+expr`), so the
   * planner starts from the filter's index probe and sorts the few matches instead.
   */
  unindexedOrder(expr: string): string;
  /** Code-point order comparison of two texts (`op` is one of `< <= > >=`). */
  compareText(left: string, op: string, right: string): string;
  /** `haystack` contains / starts with / ends with `needle` (both text). */
  contains(haystack: string, needle: string): string;
  startsWith(haystack: string, needle: string): string;
  endsWith(haystack: string, needle: string): string;
  /**
   * Value rows (aliased `alias`) whose value (already case-folded when the attribute is not
   * caseExact) starts with, contains or ends with `needle`, as a FROM clause and a condition an
   * index serves: `sw` a range in code point order, `co`/`ew` a trigram search where there is one.
   */
  valueMatch(
    params: SqlParams,
    tables: SqlTables,
    alias: string,
    op: TextMatchOperator,
    needle: string,
  ): { readonly from: string; readonly where: string };
  /** Literal booleans. */
  readonly true: string;
  readonly false: string;
  /** Expression that reads the stored JSON document column back as JSON text or object. */
  dataOut(column: string): string;
  /** Expression that stores a JSON text parameter into the document column. */
  dataIn(placeholder: string): string;
  /** `expr IN (list parameter)` for a list of texts. */
  inList(params: SqlParams, expr: string, values: readonly string[]): string;
  /** `column` is one of the values `subquery` selects (an index probe of the values table). */
  inSubquery(column: string, subquery: string): string;
  /**
   * A scalar subquery: one JSON array of objects (`fields`: key and SQL expression) over the rows
   * of `from` (tables, joins and WHERE), ordered by `orderBy`; NULL or `[]` when there are no rows.
   */
  jsonArray(fields: readonly (readonly [string, string])[], from: string, orderBy: string): string;
  /** `IS DISTINCT FROM` spelled for this dialect. */
  distinct(left: string, right: string): string;
}

/**
 * The least string above every string that starts with `prefix`, in code point order (the order
 * of UTF-8 bytes): the prefix with its last code point incremented (skipping surrogates), or
 * undefined when no string is above them (empty, or only U+10FFFF).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix].map((char) => char.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return undefined;
}

/** Whether a trigram index can find `needle` (at least three characters). */
export const trigramSearchable = (needle: string): boolean => [...needle].length >= 3;
