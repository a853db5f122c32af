import {
  type AttributeDefinition,
  type AttributePath,
  findAttribute,
  formatAttributePath,
  isJsonObject,
  type ResourceTypeSchema,
  readAttribute,
} from "@scimkit/core";
import type { ComparisonFilter, ComparisonOperator, Filter, LogicalFilter } from "./ast.js";
import { compareStrings, foldCase, parseInstant } from "./compare.js";
import { fallbackAttribute } from "./fallback-attributes.js";
import { FilterError } from "./filter-error.js";

/** A compiled filter: true when the resource matches. */
export type ResourcePredicate = (resource: Record<string, unknown>) => boolean;

type Scope =
  | { readonly kind: "resource" }
  | { readonly kind: "element"; readonly parent?: AttributeDefinition };

const cache = new WeakMap<Filter, { rt: ResourceTypeSchema; predicate: ResourcePredicate }>();

/**
 * True when `resource` matches `filter` (RFC 7644 §3.4.2.2). This is the reference semantics that
 * every store must reproduce; the rules are listed in the README ("Evaluation rules").
 *
 * @throws {FilterError} 400 `invalidFilter` for filters the schema makes invalid, e.g. `gt` on a
 * boolean attribute. These errors never depend on the resource.
 * @example
 * matches(parseFilter('emails[type eq "work" and value co "@example.com"]'), user, registry.resourceType("User"));
 */
export function matches(filter: Filter, resource: Record<string, unknown>, rt: ResourceTypeSchema): boolean {
  let compiled = cache.get(filter);
  if (!compiled || compiled.rt !== rt) {
    compiled = { rt, predicate: compileFilter(filter, rt) };
    cache.set(filter, compiled);
  }
  return compiled.predicate(resource);
}

/**
 * Compiles `filter` against a resource type once: attribute definitions are resolved and every
 * schema-dependent error is thrown here, before any resource is looked at.
 */
export function compileFilter(filter: Filter, rt: ResourceTypeSchema): ResourcePredicate {
  const predicate = compileNode(filter, rt, { kind: "resource" });
  return (resource) => predicate(resource);
}

type Predicate = (scope: Record<string, unknown>) => boolean;
/** Reads the values a path names from a resource or element; `undefined` when absent. */
type Reader = (scope: Record<string, unknown>) => unknown;

function compileNode(filter: Filter, rt: ResourceTypeSchema, scope: Scope): Predicate {
  switch (filter.kind) {
    case "and":
    case "or":
      return compileChain(filter, rt, scope);
    case "not": {
      const inner = compileNode(filter.filter, rt, scope);
      return (r) => !inner(r);
    }
    case "present": {
      const { read } = locate(filter.path, rt, scope, filter.span.start);
      // RFC 7644 §3.4.2.2 `pr`: a non-empty, non-null value, or a non-empty complex node.
      return (r) => isPresent(read(r));
    }
    case "compare":
      return compileComparison(filter, rt, scope);
    case "valuePath": {
      const where = filter.span.start;
      if (scope.kind === "element") fail("value filters do not nest", where);
      if (filter.path.subAttribute !== undefined) {
        fail(
          `a value filter follows an attribute, not the sub-attribute "${formatAttributePath(filter.path)}"`,
          where,
        );
      }
      const { read, attribute } = locate(filter.path, rt, scope, where);
      if (attribute && attribute.type !== "complex") {
        fail(
          `"${formatAttributePath(filter.path)}" is not a complex attribute, so "[...]" cannot filter its values`,
          where,
        );
      }
      const inner = compileNode(filter.filter, rt, { kind: "element", parent: attribute });
      // RFC 7644 §3.4.2.2 Table 5: the bracketed expression applies to one value at a time.
      return (r) => {
        const value = read(r);
        if (Array.isArray(value)) {
          for (const element of value) if (isJsonObject(element) && inner(element)) return true;
          return false;
        }
        return isJsonObject(value) && inner(value);
      };
    }
    default:
      return assertNever(filter);
  }
}

/** Compiles an `and` / `or` chain; its left spine is walked in a loop, since long chains are deep. */
function compileChain(filter: LogicalFilter, rt: ResourceTypeSchema, scope: Scope): Predicate {
  const kind = filter.kind;
  const operands: Filter[] = [];
  let node: Filter = filter;
  while (node.kind === kind) {
    operands.push(node.right);
    node = node.left;
  }
  operands.push(node);
  operands.reverse();
  const predicates = operands.map((operand) => compileNode(operand, rt, scope));
  if (predicates.length === 2) {
    const [left, right] = predicates;
    return kind === "and" ? (r) => left(r) && right(r) : (r) => left(r) || right(r);
  }
  if (kind === "and") {
    return (r) => {
      for (const predicate of predicates) if (!predicate(r)) return false;
      return true;
    };
  }
  return (r) => {
    for (const predicate of predicates) if (predicate(r)) return true;
    return false;
  };
}

interface Located {
  readonly read: Reader;
  /** The definition of what the path names, when the schema knows it. */
  readonly attribute: AttributeDefinition | undefined;
  /**
   * For a path into a multi-valued attribute: one entry per value of that attribute (the
   * sub-attribute's value, `undefined` where a value lacks it), or `undefined` when the resource
   * has no array there. Negated comparisons (`ne`) test these one at a time.
   */
  readonly perValue?: (scope: Record<string, unknown>) => readonly unknown[] | undefined;
}

/** Resolves a path to a reader and its definition (RFC 7643 §2.1: names are case-insensitive). */
function locate(path: AttributePath, rt: ResourceTypeSchema, scope: Scope, where: number): Located {
  if (scope.kind === "element") {
    if (path.schema !== undefined || path.subAttribute !== undefined) {
      fail(
        `inside "[...]" name a sub-attribute without a schema URI or ".", not "${formatAttributePath(path)}"`,
        where,
      );
    }
    const attribute = findAttribute(scope.parent?.subAttributes, path.attribute);
    assertFilterable(attribute, path, where);
    const key = attribute?.name ?? path.attribute;
    return { attribute, read: (element) => readAttribute(element, key) };
  }
  const top = rt.resolve({ schema: path.schema, attribute: path.attribute }) ?? fallbackAttribute(rt, path);
  assertFilterable(top?.attribute, path, where);
  const container = containerOf(path, rt, top);
  const name = top?.attribute.name ?? path.attribute;
  const readTop: Reader =
    container === undefined
      ? (r) => readAttribute(r, name)
      : (r) => {
          const extension = readAttribute(r, container);
          return isJsonObject(extension) ? readAttribute(extension, name) : undefined;
        };
  const multiValued = top?.attribute.multiValued === true;
  if (path.subAttribute === undefined) {
    const perValue = multiValued ? (r: Record<string, unknown>) => valuesOf(readTop(r)) : undefined;
    return { attribute: top?.attribute, read: readTop, ...(perValue ? { perValue } : {}) };
  }
  const sub = top ? findAttribute(top.attribute.subAttributes, path.subAttribute) : undefined;
  assertFilterable(sub, path, where);
  if (top && top.attribute.type !== "complex") {
    fail(
      `"${top.attribute.name}" is not a complex attribute, so it has no sub-attribute "${path.subAttribute}"`,
      where,
    );
  }
  const subName = sub?.name ?? path.subAttribute;
  const read: Reader = (r) => readSub(readTop(r), subName);
  if (!multiValued) return { attribute: sub, read };
  return { attribute: sub, read, perValue: (r) => subOfEachValue(readTop(r), subName) };
}

/** The values of a multi-valued attribute, or `undefined` when it holds no array. */
function valuesOf(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** `emails.type` read value by value: one entry per complex value, `undefined` where it has none. */
function subOfEachValue(value: unknown, key: string): readonly unknown[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: unknown[] = [];
  for (const element of value) if (isJsonObject(element)) out.push(readAttribute(element, key));
  return out;
}

/**
 * RFC 7643 §7 `returned: "never"` (e.g. `password`, §4.1.1): the values are secrets kept only as
 * hashes, so a filter on them would be an oracle for the clear text (`password sw "a"`) or, for an
 * exact comparison, one slow hash verification per stored resource. §7 lets a service provider
 * refuse; this evaluator always does, so every store does too.
 */
function assertFilterable(attribute: AttributeDefinition | undefined, path: AttributePath, where: number) {
  if (attribute?.returned === "never") {
    fail(`"${formatAttributePath(path)}" is never returned, so it cannot be filtered`, where);
  }
}

/** The URN key of the extension object holding the attribute, or `undefined` for top level. */
function containerOf(
  path: AttributePath,
  rt: ResourceTypeSchema,
  top: { readonly schema: { readonly id: string }; readonly isExtension: boolean } | undefined,
): string | undefined {
  if (top) return top.isExtension ? top.schema.id : undefined;
  if (path.schema === undefined) return undefined;
  const schema = rt.schemaByUrn(path.schema);
  if (schema === rt.schema) return undefined;
  return schema ? schema.id : path.schema;
}

/** `emails.value`: the sub-attribute of every value of a multi-valued complex attribute. */
function readSub(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const element of value) {
      if (!isJsonObject(element)) continue;
      const sub = readAttribute(element, key);
      if (Array.isArray(sub)) out.push(...sub);
      else if (sub !== undefined) out.push(sub);
    }
    return out;
  }
  return isJsonObject(value) ? readAttribute(value, key) : undefined;
}

function compileComparison(filter: ComparisonFilter, rt: ResourceTypeSchema, scope: Scope): Predicate {
  const where = filter.span.start;
  const located = locate(filter.path, rt, scope, where);
  let { read, attribute, perValue } = located;
  const pathText = formatAttributePath(filter.path);
  if (attribute?.type === "complex") {
    // RFC 7644 §3.4.2.2 compares a multi-valued complex attribute written without a sub-attribute
    // (`emails co "example.com"`) through its `value` sub-attribute.
    const value = attribute.multiValued ? findAttribute(attribute.subAttributes, "value") : undefined;
    if (!value) {
      fail(
        `"${pathText}" is a complex attribute; compare one of its sub-attributes, e.g. "${pathText}.${attribute.subAttributes?.[0]?.name ?? "value"}"`,
        where,
      );
    }
    const readComplex = read;
    read = (r) => readSub(readComplex(r), value.name);
    perValue = (r) => subOfEachValue(readComplex(r), value.name);
    attribute = value;
  }
  const { op, value } = filter;
  // `eq null` / `ne null` ask whether there is a value at all.
  if (value === null) {
    if (op === "eq") return (r) => !isPresent(read(r));
    if (op === "ne") return (r) => isPresent(read(r));
    fail(`operator "${op}" cannot compare with null`, where);
  }
  const test = valueTest(op === "ne" ? "eq" : op, value, attribute, pathText, where);
  const holds = (found: unknown): boolean => {
    if (Array.isArray(found)) {
      for (const item of found) if (test(item)) return true;
      return false;
    }
    return found !== undefined && test(found);
  };
  if (op !== "ne") return (r) => holds(read(r));
  // RFC 7644 §3.4.2.2: a multi-valued attribute matches when any of its values matches, `ne`
  // included. So `emails.type ne "work"` asks for one value whose type is not "work" (a value
  // without a type counts, as `emails[type ne "work"]` would), not for "no value is work".
  if (perValue) {
    return (r) => {
      const values = perValue(r);
      if (!values) return false;
      for (const item of values) if (!holds(item)) return true;
      return false;
    };
  }
  // A single value: `ne` is the negation of `eq`, so an absent attribute matches.
  return (r) => !holds(read(r));
}

type ValueTest = (value: unknown) => boolean;
const never: ValueTest = () => false;

/** Builds the test one attribute value must pass, typed by the attribute (or the literal if unknown). */
function valueTest(
  op: Exclude<ComparisonOperator, "ne">,
  expected: string | number | boolean,
  attribute: AttributeDefinition | undefined,
  pathText: string,
  where: number,
): ValueTest {
  // Attributes outside the schema compare by the literal's JSON type; strings case-insensitively.
  const type =
    attribute?.type ??
    (typeof expected === "string" ? "string" : typeof expected === "number" ? "decimal" : "boolean");
  const caseExact = attribute?.caseExact ?? false;
  const ordering = op === "gt" || op === "ge" || op === "lt" || op === "le";
  const substring = op === "co" || op === "sw" || op === "ew";
  if (ordering && (type === "boolean" || type === "binary")) {
    // RFC 7644 §3.4.2.2 Table 3: "Boolean and Binary attributes SHALL cause a failed response".
    fail(`operator "${op}" is not defined for ${type} attribute "${pathText}"`, where);
  }
  if (substring && (type === "boolean" || type === "integer" || type === "decimal")) {
    fail(`operator "${op}" is not defined for ${type} attribute "${pathText}"`, where);
  }
  switch (type) {
    case "string":
    case "reference":
    case "binary":
      if (typeof expected !== "string") return never;
      return stringTest(op, foldCase(expected, caseExact), caseExact);
    case "dateTime": {
      if (typeof expected !== "string") return never;
      if (substring) return stringTest(op, foldCase(expected, caseExact), caseExact);
      const instant = parseInstant(expected);
      if (instant === undefined) {
        fail(`${JSON.stringify(expected)} is not a dateTime (RFC 3339) for "${pathText}"`, where);
      }
      return (v) => {
        if (typeof v !== "string") return false;
        const actual = parseInstant(v);
        return actual !== undefined && orderHolds(op, actual - instant);
      };
    }
    case "integer":
    case "decimal":
      if (typeof expected !== "number") return never;
      return (v) => typeof v === "number" && orderHolds(op, v - expected);
    case "boolean":
      return (v) => v === expected;
    default:
      return fail(`cannot compare "${pathText}" of type ${type}`, where);
  }
}

function stringTest(op: Exclude<ComparisonOperator, "ne">, expected: string, caseExact: boolean): ValueTest {
  const fold = (v: unknown) => (typeof v === "string" ? foldCase(v, caseExact) : undefined);
  switch (op) {
    case "eq":
      return (v) => fold(v) === expected;
    case "co":
      return (v) => fold(v)?.includes(expected) ?? false;
    case "sw":
      return (v) => fold(v)?.startsWith(expected) ?? false;
    case "ew":
      return (v) => fold(v)?.endsWith(expected) ?? false;
    default:
      return (v) => {
        const actual = fold(v);
        return actual !== undefined && orderHolds(op, compareStrings(actual, expected));
      };
  }
}

function orderHolds(op: Exclude<ComparisonOperator, "ne">, difference: number): boolean {
  switch (op) {
    case "eq":
      return difference === 0;
    case "gt":
      return difference > 0;
    case "ge":
      return difference >= 0;
    case "lt":
      return difference < 0;
    case "le":
      return difference <= 0;
    default:
      return false;
  }
}

/** RFC 7644 §3.4.2.2 `pr`: false for null, "", [], and objects with no present value. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.length > 0;
  if (Array.isArray(value)) return value.some(isPresent);
  if (typeof value === "object") return Object.values(value).some(isPresent);
  return true;
}

function fail(message: string, where: number): never {
  throw new FilterError("invalidFilter", message, where);
}

function assertNever(value: never): never {
  throw new TypeError(`unknown filter node ${JSON.stringify(value)}`);
}
