/**
 * The SCIM filter and PATCH path grammar (RFC 7644 §3.4.2.2, §3.5.2): parser, evaluator,
 * serializer and a typed builder.
 *
 * @module @scimkit/filter
 */
export type * from "./ast.js";
export { isAttributeName } from "./attribute-name.js";
export {
  and,
  co,
  eq,
  ew,
  ge,
  gt,
  le,
  lt,
  ne,
  not,
  or,
  type PathInput,
  pr,
  sw,
  valuePath,
} from "./builder.js";
export {
  type ComparableAttribute,
  compareStrings,
  compareValues,
  foldCase,
  parseInstant,
  valuesEqual,
} from "./compare.js";
export { compileFilter, isPresent, matches, type ResourcePredicate } from "./evaluate.js";
export { FilterError, type FilterErrorType } from "./filter-error.js";
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  FILTER_EXTENSIONS,
  type FilterExtension,
  type ParseOptions,
} from "./options.js";
export { parseAttributePath, parseFilter, parsePath } from "./parser.js";
export { formatPath, formatValue, stringifyFilter, stringifyPath } from "./stringify.js";
