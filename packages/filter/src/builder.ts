import type { AttributePath } from "@scimkit/core";
import type {
  ComparisonFilter,
  ComparisonOperator,
  ComparisonValue,
  Filter,
  LogicalFilter,
  NotFilter,
  PresentFilter,
  Span,
  ValuePathFilter,
} from "./ast.js";
import { isAttributeName } from "./attribute-name.js";
import { parseAttributePath } from "./parser.js";

/** An attribute path as text (`name.givenName`, `urn:...:User:manager.value`) or as an object. */
export type PathInput = string | AttributePath;

/** Built nodes have no source text; their span is empty. */
const BUILT: Span = Object.freeze({ start: 0, end: 0 });

function toPath(path: PathInput): AttributePath {
  if (typeof path !== "string") return path;
  return parseAttributePath(path, "invalidFilter");
}

function compare(op: ComparisonOperator, path: PathInput, value: ComparisonValue): ComparisonFilter {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new TypeError(`filter values must be finite numbers, got ${value}`);
  }
  return { kind: "compare", path: toPath(path), op, value: Object.is(value, -0) ? 0 : value, span: BUILT };
}

/**
 * `path eq value`. The path is checked against the attribute path grammar and the value is
 * printed as JSON by {@link stringifyFilter}, so user input cannot inject filter syntax.
 *
 * @example
 * stringifyFilter(eq("userName", input)); // 'userName eq "…"' whatever `input` holds
 */
export const eq = (path: PathInput, value: ComparisonValue): ComparisonFilter => compare("eq", path, value);
/** `path ne value`. */
export const ne = (path: PathInput, value: ComparisonValue): ComparisonFilter => compare("ne", path, value);
/** `path co "value"`: contains. */
export const co = (path: PathInput, value: string): ComparisonFilter => compare("co", path, value);
/** `path sw "value"`: starts with. */
export const sw = (path: PathInput, value: string): ComparisonFilter => compare("sw", path, value);
/** `path ew "value"`: ends with. */
export const ew = (path: PathInput, value: string): ComparisonFilter => compare("ew", path, value);
/** `path gt value`. */
export const gt = (path: PathInput, value: string | number): ComparisonFilter => compare("gt", path, value);
/** `path ge value`. */
export const ge = (path: PathInput, value: string | number): ComparisonFilter => compare("ge", path, value);
/** `path lt value`. */
export const lt = (path: PathInput, value: string | number): ComparisonFilter => compare("lt", path, value);
/** `path le value`. */
export const le = (path: PathInput, value: string | number): ComparisonFilter => compare("le", path, value);

/** `path pr`: the attribute has a value. */
export function pr(path: PathInput): PresentFilter {
  return { kind: "present", path: toPath(path), span: BUILT };
}

function logical(kind: "and" | "or", filters: readonly Filter[]): Filter {
  if (filters.length === 0) throw new TypeError(`${kind}() needs at least one filter`);
  let result = filters[0];
  // Fold left, the way the parser associates `a and b and c`.
  for (let i = 1; i < filters.length; i++) {
    const node: LogicalFilter = { kind, left: result, right: filters[i], span: BUILT };
    result = node;
  }
  return result;
}

/** `a and b and ...`; one filter is returned as is. */
export const and = (...filters: Filter[]): Filter => logical("and", filters);
/** `a or b or ...`; one filter is returned as is. */
export const or = (...filters: Filter[]): Filter => logical("or", filters);

/** `not (filter)`. */
export function not(filter: Filter): NotFilter {
  return { kind: "not", filter, span: BUILT };
}

/**
 * `path[filter]`: the filter applies to one value of a multi-valued complex attribute, and its
 * paths name sub-attributes of `path`.
 *
 * @example
 * valuePath("emails", and(eq("type", "work"), co("value", "@example.com")));
 * // emails[type eq "work" and value co "@example.com"]
 */
export function valuePath(path: PathInput, filter: Filter): ValuePathFilter {
  const parent = toPath(path);
  if (parent.subAttribute !== undefined) {
    throw new TypeError(
      `valuePath() takes an attribute, not the sub-attribute path "${parent.subAttribute}"`,
    );
  }
  checkRelative(filter, parent.attribute);
  return { kind: "valuePath", path: parent, filter, span: BUILT };
}

/** Inside `parent[...]` every path is a bare sub-attribute name and value paths do not nest. */
function checkRelative(filter: Filter, parent: string): void {
  switch (filter.kind) {
    case "and":
    case "or":
      checkRelative(filter.left, parent);
      checkRelative(filter.right, parent);
      return;
    case "not":
      checkRelative(filter.filter, parent);
      return;
    case "valuePath":
      throw new TypeError(
        `value filters do not nest: "${filter.path.attribute}[...]" inside "${parent}[...]"`,
      );
    default:
      if (filter.path.schema !== undefined || filter.path.subAttribute !== undefined) {
        throw new TypeError(
          `inside "${parent}[...]" name a sub-attribute of "${parent}" without a schema URI or "."`,
        );
      }
      if (!isAttributeName(filter.path.attribute)) {
        throw new TypeError(`invalid attribute name ${JSON.stringify(filter.path.attribute)}`);
      }
  }
}
