import type { AttributePath } from "@scimkit/core";
import type { ComparisonValue, Filter, LogicalFilter, PatchPath } from "./ast.js";
import { isAttributeName } from "./attribute-name.js";
import { isWordChar } from "./lexer.js";

/**
 * Prints a filter in canonical form: lowercase operators, single spaces, JSON values, and
 * parentheses only where precedence needs them. `parseFilter(stringifyFilter(f))` equals `f`
 * apart from spans.
 *
 * Attribute names are checked, so a hand-built AST cannot smuggle filter syntax through a path.
 *
 * @example
 * stringifyFilter(and(eq("userName", 'a" or "1" eq "1'), pr("title")));
 * // 'userName eq "a\" or \"1\" eq \"1" and title pr'
 */
export function stringifyFilter(filter: Filter): string {
  switch (filter.kind) {
    case "compare":
      return `${formatPath(filter.path)} ${filter.op} ${formatValue(filter.value)}`;
    case "present":
      return `${formatPath(filter.path)} pr`;
    case "not":
      return `not (${stringifyFilter(filter.filter)})`;
    case "valuePath":
      return `${formatPath(filter.path)}[${stringifyFilter(filter.filter)}]`;
    case "and":
    case "or":
      return stringifyChain(filter);
    default:
      return assertNever(filter);
  }
}

/**
 * Prints an `and` / `or` chain. Chains fold left, so the left spine is walked in a loop (a long
 * chain is a deep tree) and only a right operand of the same kind needs parentheses; an `or`
 * under an `and` always does.
 */
function stringifyChain(filter: LogicalFilter): string {
  const kind = filter.kind;
  const rights: Filter[] = [];
  let node: Filter = filter;
  while (node.kind === kind) {
    rights.push(node.right);
    node = node.left;
  }
  const first = stringifyFilter(node);
  let text = kind === "and" && node.kind === "or" ? `(${first})` : first;
  for (let i = rights.length - 1; i >= 0; i--) {
    const right = rights[i];
    const printed = stringifyFilter(right);
    const wrap = right.kind === kind || (kind === "and" && right.kind === "or");
    text += ` ${kind} ${wrap ? `(${printed})` : printed}`;
  }
  return text;
}

/**
 * Prints a PATCH path (RFC 7644 §3.5.2): `attrPath`, `valuePath` or `valuePath.subAttr`.
 *
 * @example
 * stringifyPath({ attribute: "members", filter: eq("value", "2819c223"), subAttribute: "display", span });
 * // 'members[value eq "2819c223"].display'
 */
export function stringifyPath(path: PatchPath | AttributePath): string {
  const filter = "filter" in path ? path.filter : undefined;
  if (filter === undefined) return formatPath(path);
  const base = formatPath({ schema: path.schema, attribute: path.attribute });
  const sub = path.subAttribute === undefined ? "" : `.${checkName(path.subAttribute)}`;
  return `${base}[${stringifyFilter(filter)}]${sub}`;
}

/** Prints `[URI ":"] ATTRNAME ["." ATTRNAME]`, refusing names outside the grammar. */
export function formatPath(path: AttributePath): string {
  let text = checkName(path.attribute);
  if (path.subAttribute !== undefined) text += `.${checkName(path.subAttribute)}`;
  if (path.schema !== undefined) text = `${checkSchema(path.schema)}:${text}`;
  return text;
}

/** Prints a comparison value as JSON; numbers must be finite. */
export function formatValue(value: ComparisonValue): string {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new TypeError(`filter values must be finite numbers, got ${value}`);
  }
  return JSON.stringify(value);
}

function checkName(name: string): string {
  if (!isAttributeName(name)) throw new TypeError(`invalid attribute name ${JSON.stringify(name)}`);
  return name;
}

function checkSchema(schema: string): string {
  let ok = schema.length > 0 && /^[A-Za-z]/.test(schema);
  for (let i = 0; ok && i < schema.length; i++) ok = isWordChar(schema.charCodeAt(i));
  if (!ok) throw new TypeError(`invalid schema URI ${JSON.stringify(schema)}`);
  return schema;
}

function assertNever(value: never): never {
  throw new TypeError(`unknown filter node ${JSON.stringify(value)}`);
}
