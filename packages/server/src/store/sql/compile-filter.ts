import {
  type AttributeDefinition,
  type AttributePath,
  findAttribute,
  type ResolvedAttribute,
  type ResourceTypeSchema,
} from "@scimkit/core";
import { type ComparisonFilter, type ComparisonOperator, type Filter, parseInstant } from "@scimkit/filter";
import type { MappedTable } from "../../mapping/mapped-table.js";
import { isMembershipType } from "../membership.js";
import { foldValue, type IndexedAttribute, indexKey } from "./indexed-values.js";
import { isJsonMapped, mappedSource, mappedValuePath } from "./mapped-filter.js";
import { type MemberNameSources, type MemberNames, memberNames } from "./member-names.js";
import type { JsonLocation, ScalarKind, SqlDialect } from "./sql-dialect.js";
import { SqlParams } from "./sql-params.js";
import type { SqlTables } from "./sql-tables.js";

/** What the compiler needs to know about the query it writes a WHERE clause for. */
export interface FilterCompileContext {
  readonly dialect: SqlDialect;
  readonly params: SqlParams;
  readonly tables: SqlTables;
  readonly rt: ResourceTypeSchema;
  /** Alias of the resources row being filtered. */
  readonly row: string;
  readonly tenantId: string;
  /** Attributes with value rows (index probes for `eq`). */
  readonly indexed: readonly IndexedAttribute[];
  /** Name of the Group resource type (for `User.groups`), if registered. */
  readonly groupType?: string;
  /**
   * The application table the filtered type lives in (joined as `a`): attribute paths read its
   * columns, and a path it does not map is a 400 (see mapped-filter.ts).
   */
  readonly mapped?: MappedTable;
  /** Where `members.display` is read from (the member as it is now, see member-names.ts). */
  readonly memberNames?: MemberNameSources;
}

/**
 * Where the values named by a path come from: a single location, or the elements of an array (the
 * filter matches when any element matches, RFC 7644 §3.4.2.2).
 */
export type ValueSource =
  | {
      readonly kind: "single";
      readonly loc: JsonLocation;
      readonly definition: AttributeDefinition;
      readonly isoColumn?: boolean;
    }
  | {
      readonly kind: "each";
      /**
       * Builds `EXISTS (… WHERE predicate(loc, value))` over the values of a multi-valued
       * attribute: `loc` is what the path names in one value (the value itself, or its
       * sub-attribute), `value` the whole value.
       */
      readonly exists: (predicate: (loc: JsonLocation, value: JsonLocation) => string) => string;
      /** `undefined` for a sub-attribute the schema does not define (no value holds it). */
      readonly definition: AttributeDefinition | undefined;
      /** `loc` is a sub-attribute of complex values, so only object values count. */
      readonly ofObjects: boolean;
    }
  | { readonly kind: "none" };

/** A scope the paths of a filter are relative to: the resource, or one element in a `[...]` filter. */
export type Scope =
  | { readonly kind: "resource" }
  | {
      readonly kind: "element";
      readonly parent: AttributeDefinition;
      readonly loc: (name: string) => JsonLocation;
    };

const ORDERING: Partial<Record<ComparisonOperator, string>> = { gt: ">", ge: ">=", lt: "<", le: "<=" };

const USER = "user";

/**
 * Compiles a filter to a boolean SQL expression over the resources row `ctx.row`, with every value
 * bound as a parameter. The result never evaluates to NULL, so `not (...)` negates exactly like
 * the in-memory evaluator.
 *
 * @example
 * const where = compileFilter(parseFilter('emails[type eq "work" and value co "@example.com"]'), ctx);
 */
export function compileFilter(filter: Filter, ctx: FilterCompileContext): string {
  return compileIn(filter, ctx, { kind: "resource" });
}

/**
 * Whether every match of `filter` is found through value-row index probes (an `eq` on an indexed
 * attribute in each `or` branch, or in one `and` side). Such a filter selects few rows, so the
 * list should start from the probe instead of walking the whole type in list order.
 */
export function isIndexDriven(filter: Filter, ctx: FilterCompileContext): boolean {
  switch (filter.kind) {
    case "and":
      return isIndexDriven(filter.left, ctx) || isIndexDriven(filter.right, ctx);
    case "or":
      return isIndexDriven(filter.left, ctx) && isIndexDriven(filter.right, ctx);
    case "compare":
      return indexProbe({ ...ctx, params: new SqlParams(ctx.dialect.placeholder) }, filter) !== undefined;
    case "valuePath":
      return conjuncts(filter.filter).some((conjunct) => {
        if (conjunct.kind !== "compare" || !probes(ctx, conjunct.op) || typeof conjunct.value !== "string")
          return false;
        const resolved = ctx.rt.resolve(filter.path);
        const sub = resolved && findAttribute(resolved.attribute.subAttributes, conjunct.path.attribute);
        if (!resolved || !sub || conjunct.path.subAttribute !== undefined) return false;
        const key = indexKey(
          resolved.isExtension ? resolved.schema.id : undefined,
          resolved.attribute.name,
          sub.name,
        );
        return ctx.indexed.some((entry) => entry.key === key);
      });
    default:
      return false;
  }
}

export function compileIn(filter: Filter, ctx: FilterCompileContext, scope: Scope): string {
  switch (filter.kind) {
    case "and":
      return `(${compileIn(filter.left, ctx, scope)} AND ${compileIn(filter.right, ctx, scope)})`;
    case "or":
      return `(${compileIn(filter.left, ctx, scope)} OR ${compileIn(filter.right, ctx, scope)})`;
    case "not":
      return `(NOT ${compileIn(filter.filter, ctx, scope)})`;
    case "present":
      return presentOf(ctx, sourceOf(ctx, scope, filter.path));
    case "compare":
      return compareOf(ctx, scope, filter);
    case "valuePath":
      return valuePathOf(ctx, scope, filter.path, filter.filter);
  }
}

/** Resolves a path (relative to `scope`) to where its values live. */
function sourceOf(ctx: FilterCompileContext, scope: Scope, path: AttributePath): ValueSource {
  if (scope.kind === "element") {
    if (path.schema !== undefined || path.subAttribute !== undefined) return { kind: "none" };
    const definition = findAttribute(scope.parent.subAttributes, path.attribute);
    if (!definition) return { kind: "none" };
    return { kind: "single", loc: scope.loc(definition.name), definition };
  }
  const d = ctx.dialect;
  const resolved = ctx.rt.resolve(path) ?? unknownSubAttributeOf(ctx, path);
  if (!resolved) return isSchemasPath(ctx, path) ? schemasSource(ctx) : { kind: "none" };
  const { attribute, subAttribute } = resolved;
  // A sub-attribute path names one value of each element: the defined sub-attribute, or a name
  // the schema lacks (`emails.bogus`), which every value is without.
  const subName = subAttribute?.name ?? path.subAttribute;
  const ofObjects = subName !== undefined;
  const definition = subName === undefined ? attribute : subAttribute;
  const r = ctx.row;
  if (!resolved.isExtension) {
    const name = attribute.name.toLowerCase();
    if (name === "id")
      return {
        kind: "single",
        loc: { kind: "column", expr: `${r}.id`, type: "string", notNull: true },
        definition: attribute,
      };
    if (name === "meta") return metaSource(ctx, attribute, subAttribute);
    const membership = membershipRows(ctx, attribute);
    if (membership) {
      return {
        kind: "each",
        definition,
        ofObjects,
        exists: (predicate) =>
          membership.exists((row) => predicate(subName ? d.child(row, subName) : row, row)),
      };
    }
  }
  let base: JsonLocation = {
    kind: "path",
    base: `${r}.data`,
    path: resolved.isExtension ? [resolved.schema.id, attribute.name] : [attribute.name],
  };
  if (ctx.mapped) {
    const mapped = mappedSource(ctx, ctx.mapped, resolved, subName);
    if (mapped.kind === "source") return mapped.source;
    base = mapped.base;
  }
  if (attribute.multiValued) {
    return {
      kind: "each",
      definition,
      ofObjects,
      exists: (predicate) => {
        const iteration = d.elements(ctx.params, base, ctx.params.alias("e"));
        const loc = subName ? d.child(iteration.element, subName) : iteration.element;
        return `EXISTS (SELECT 1 FROM ${iteration.from} WHERE ${iteration.where} AND ${predicate(loc, iteration.element)})`;
      },
    };
  }
  return {
    kind: "single",
    loc: subAttribute ? d.child(base, subAttribute.name) : base,
    definition: subAttribute ?? attribute,
  };
}

/**
 * `emails.bogus`: a sub-attribute the schema lacks under a multi-valued complex attribute it
 * knows. No value holds it, but there are values, so `emails.bogus ne "x"` needs them.
 */
function unknownSubAttributeOf(
  ctx: FilterCompileContext,
  path: AttributePath,
): ResolvedAttribute | undefined {
  if (path.subAttribute === undefined) return undefined;
  const top = ctx.rt.resolve({ schema: path.schema, attribute: path.attribute });
  return top?.attribute.multiValued && top.attribute.type === "complex" ? top : undefined;
}

/** RFC 7643 §3 `schemas`: every resource has it, though no schema lists it. */
const SCHEMAS_ATTRIBUTE: AttributeDefinition = {
  name: "schemas",
  type: "reference",
  multiValued: true,
  description: "",
  required: false,
  caseExact: false,
  mutability: "readOnly",
  returned: "always",
  uniqueness: "none",
};

function isSchemasPath(ctx: FilterCompileContext, path: AttributePath): boolean {
  if (path.attribute.toLowerCase() !== "schemas" || path.subAttribute !== undefined) return false;
  return path.schema === undefined || path.schema.toLowerCase() === ctx.rt.schema.id.toLowerCase();
}

function schemasSource(ctx: FilterCompileContext): ValueSource {
  const d = ctx.dialect;
  const base: JsonLocation = { kind: "path", base: `${ctx.row}.data`, path: ["schemas"] };
  return {
    kind: "each",
    definition: SCHEMAS_ATTRIBUTE,
    ofObjects: false,
    exists: (predicate) => {
      const iteration = d.elements(ctx.params, base, ctx.params.alias("e"));
      return `EXISTS (SELECT 1 FROM ${iteration.from} WHERE ${iteration.where} AND ${predicate(iteration.element, iteration.element)})`;
    },
  };
}

/** `meta.*` lives in columns (RFC 7643 §3.1); `meta.location` is not stored. */
function metaSource(
  ctx: FilterCompileContext,
  meta: AttributeDefinition,
  sub?: AttributeDefinition,
): ValueSource {
  const r = ctx.row;
  if (!sub)
    return { kind: "single", loc: { kind: "column", expr: `'meta'`, type: "string" }, definition: meta };
  const column = (expr: string, isoColumn = false): ValueSource => ({
    kind: "single",
    loc: { kind: "column", expr, type: "string", notNull: true },
    definition: sub,
    isoColumn,
  });
  switch (sub.name) {
    case "created":
      return column(`${r}.created`, true);
    case "lastModified":
      return column(`${r}.last_modified`, true);
    case "resourceType":
      return column(`${r}.resource_type`);
    case "version":
      return column(`${r}.version`);
    default:
      return { kind: "none" };
  }
}

/** Group `members` and User `groups` come from the membership table, not the JSON document. */
function membershipRows(
  ctx: FilterCompileContext,
  attribute: AttributeDefinition,
): { exists: (predicate: (row: JsonLocation) => string) => string } | undefined {
  const type = ctx.rt.resourceType.name.toLowerCase();
  const name = attribute.name.toLowerCase();
  const t = ctx.tables;
  const r = ctx.row;
  if (isMembershipType(type) && name === "members") {
    return {
      exists: (predicate) => {
        const m = ctx.params.alias("e");
        // The joins that name members are built only when the filter names `display`: PostgreSQL
        // rejects unused parameters.
        let names: MemberNames | undefined;
        const display = () => {
          if (!ctx.memberNames) return `${m}.display`;
          names ??= memberNames(ctx.memberNames, ctx.params, m);
          return `COALESCE(${names.display}, ${m}.display)`;
        };
        const columns: Record<string, () => string> = {
          value: () => `${m}.member_id`,
          display,
          type: () => `${m}.member_type`,
        };
        const row: JsonLocation = { kind: "row", column: (sub) => columns[sub]?.() };
        const where = predicate(row);
        return `EXISTS (SELECT 1 FROM ${t.memberships} ${m}${names?.joins ?? ""} WHERE ${m}.tenant_id = ${r}.tenant_id AND ${m}.group_id = ${r}.id AND ${where})`;
      },
    };
  }
  const groupType = ctx.groupType;
  if (type === USER && name === "groups" && groupType) {
    return {
      exists: (predicate) => {
        const m = ctx.params.alias("e");
        const g = ctx.params.alias("e");
        // Built only when the filter names `display`: PostgreSQL rejects unused parameters.
        const display = () =>
          ctx.dialect.scalar(
            ctx.params,
            { kind: "path", base: `${g}.data`, path: ["displayName"] },
            "string",
          );
        const columns: Record<string, () => string> = {
          value: () => `${m}.group_id`,
          display,
          type: () => `'direct'`,
        };
        const row: JsonLocation = { kind: "row", column: (sub) => columns[sub]?.() };
        const join = `${g}.tenant_id = ${m}.tenant_id AND ${g}.resource_type = ${ctx.params.add(groupType)} AND ${g}.id = ${m}.group_id`;
        return `EXISTS (SELECT 1 FROM ${t.memberships} ${m} JOIN ${t.resources} ${g} ON ${join} WHERE ${m}.tenant_id = ${r}.tenant_id AND ${m}.member_id = ${r}.id AND ${predicate(row)})`;
      },
    };
  }
  return undefined;
}

function presentOf(ctx: FilterCompileContext, source: ValueSource): string {
  const d = ctx.dialect;
  switch (source.kind) {
    case "none":
      return d.false;
    case "single":
      return `COALESCE(${d.present(ctx.params, source.loc)}, ${d.false})`;
    case "each":
      return source.exists((loc) => `COALESCE(${d.present(ctx.params, loc)}, ${d.false})`);
  }
}

/** The kind of JSON value an attribute of this type holds. */
function kindOf(definition: AttributeDefinition): ScalarKind | undefined {
  switch (definition.type) {
    case "string":
    case "reference":
    case "binary":
    case "dateTime":
      return "string";
    case "integer":
    case "decimal":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return undefined;
  }
}

function compareOf(ctx: FilterCompileContext, scope: Scope, filter: ComparisonFilter): string {
  const d = ctx.dialect;
  const source = sourceOf(ctx, scope, filter.path);
  let effective = source;
  if (source.kind !== "none" && source.definition?.type === "complex") {
    // A multi-valued complex attribute without a sub-attribute compares its `value`
    // (`emails co "example.com"`); the evaluator rejects any other complex comparison.
    const value = findAttribute(source.definition.subAttributes, "value");
    if (!value || source.kind !== "each") return d.false;
    effective = {
      kind: "each",
      definition: value,
      ofObjects: true,
      exists: (p) => source.exists((loc, element) => p(d.child(loc, value.name), element)),
    };
  }
  // `eq null` / `ne null` ask whether there is a value at all.
  if (filter.value === null) {
    const present = presentOf(ctx, effective);
    if (filter.op === "eq") return `(NOT ${present})`;
    return filter.op === "ne" ? present : d.false;
  }
  if (filter.op !== "ne") return anyValueMatches(ctx, scope, effective, filter);
  const equal: ComparisonFilter = { ...filter, op: "eq" };
  if (effective.kind === "each") {
    // RFC 7644 §3.4.2.2: a multi-valued attribute matches when any value matches, `ne` included:
    // some value is not equal (a complex value without the sub-attribute counts, as in `[...]`).
    const source = effective;
    return source.exists((loc, value) => {
      const differs = `(NOT ${predicateOn(ctx, loc, source.definition, equal, false)})`;
      return source.ofObjects ? `(${d.isObject(ctx.params, value)} AND ${differs})` : differs;
    });
  }
  // One value: `ne` is the negation of `eq`, so an absent attribute matches.
  return `(NOT ${anyValueMatches(ctx, scope, effective, equal)})`;
}

function anyValueMatches(
  ctx: FilterCompileContext,
  scope: Scope,
  source: ValueSource,
  filter: ComparisonFilter,
) {
  if (source.kind === "none") return ctx.dialect.false;
  const probe = scope.kind === "resource" ? indexProbe(ctx, filter) : undefined;
  if (probe) return probe;
  if (source.kind === "single")
    return predicateOn(ctx, source.loc, source.definition, filter, source.isoColumn === true);
  return source.exists((loc) => predicateOn(ctx, loc, source.definition, filter, false));
}

/** The comparisons a value-row index answers: eq exactly, sw/co/ew by range or trigram search. */
const PROBED = new Set<ComparisonOperator>(["eq", "sw", "co", "ew"]);

/**
 * Whether `op` is answered from value rows. Of a type kept in an application table only `eq` is:
 * the app may change its columns behind the store's back, so the other comparisons read them.
 */
const probes = (ctx: FilterCompileContext, op: ComparisonOperator) =>
  ctx.mapped ? op === "eq" : PROBED.has(op);

/**
 * `attr eq|sw|co|ew "text"` on an attribute with value rows becomes an index probe. Value rows
 * hold every string value of the attribute, folded exactly as the comparison folds it (caseExact,
 * RFC 7644 §3.4.2.2), so the probe selects the same resources as the comparison on the document.
 */
function indexProbe(ctx: FilterCompileContext, filter: ComparisonFilter): string | undefined {
  if (!probes(ctx, filter.op) || typeof filter.value !== "string") return undefined;
  const resolved = ctx.rt.resolve(filter.path);
  if (!resolved) return undefined;
  let sub = resolved.subAttribute;
  if (!sub && resolved.attribute.type === "complex")
    sub = findAttribute(resolved.attribute.subAttributes, "value");
  const schema = resolved.isExtension ? resolved.schema.id : undefined;
  const key = indexKey(schema, resolved.attribute.name, sub?.name);
  const entry = ctx.indexed.find((candidate) => candidate.key === key);
  if (!entry) return undefined;
  const target = entry.subAttribute ?? entry.attribute;
  if (target.type !== "string" && target.type !== "reference") return undefined;
  return probeSql(ctx, key, filter.op, foldValue(target, filter.value));
}

function probeSql(ctx: FilterCompileContext, key: string, op: ComparisonOperator, value: string): string {
  const p = ctx.params;
  const match =
    op === "sw" || op === "co" || op === "ew"
      ? ctx.dialect.valueMatch(p, ctx.tables, "v", op, value)
      : { from: `${ctx.tables.values} v`, where: `v.value = ${p.add(value)}` };
  const subquery = `SELECT v.resource_id FROM ${match.from} WHERE v.tenant_id = ${p.add(ctx.tenantId)} AND v.resource_type = ${p.add(ctx.rt.resourceType.name)} AND v.attribute = ${p.add(key)} AND ${match.where}`;
  return ctx.dialect.inSubquery(`${ctx.row}.id`, subquery);
}

/** One comparison (never `ne`, see {@link compareOf}) against one value location, typed by the attribute. */
function predicateOn(
  ctx: FilterCompileContext,
  loc: JsonLocation,
  definition: AttributeDefinition | undefined,
  filter: ComparisonFilter,
  isoColumn: boolean,
): string {
  const d = ctx.dialect;
  const p = ctx.params;
  const kind = definition && kindOf(definition);
  const { value, op } = filter;
  if (!definition || kind === undefined || value === null) return d.false;
  const notNull = loc.kind === "column" && loc.notNull === true;
  const guard = (sql: string) => (notNull ? sql : `COALESCE(${sql}, ${d.false})`);
  if (kind === "boolean") {
    if (typeof value !== "boolean" || op !== "eq") return d.false;
    return guard(`${d.scalar(p, loc, "boolean")} = ${d.typedParam(p, value, "boolean")}`);
  }
  if (kind === "number") {
    const sqlOp = op === "eq" ? "=" : ORDERING[op];
    if (typeof value !== "number" || !sqlOp) return d.false;
    return guard(`${d.scalar(p, loc, "number")} ${sqlOp} ${d.typedParam(p, value, "number")}`);
  }
  if (typeof value !== "string") return d.false;
  const text = d.scalar(p, loc, "string");
  const ordering = op === "eq" ? "=" : ORDERING[op];
  if (definition.type === "dateTime" && ordering) {
    const instant = parseInstant(value);
    if (instant === undefined) return d.false;
    // meta columns hold UTC ISO text of one fixed shape: compare text, which keeps their index.
    if (isoColumn)
      return guard(`${text} ${ordering} ${d.typedParam(p, new Date(instant).toISOString(), "string")}`);
    return guard(`${d.instant(text)} ${ordering} ${d.typedParam(p, instant, "number")}`);
  }
  const left = definition.caseExact ? text : d.fold(text);
  const right = d.typedParam(p, foldValue(definition, value), "string");
  switch (op) {
    case "eq":
      return guard(`${left} = ${right}`);
    case "co":
      return guard(d.contains(left, right));
    case "sw":
      return guard(d.startsWith(left, right));
    case "ew":
      return guard(d.endsWith(left, right));
    default:
      return ordering ? guard(d.compareText(left, ordering, right)) : d.false;
  }
}

/** `attr[filter]`: some element of `attr` matches `filter` (RFC 7644 §3.4.2.2, Table 5). */
function valuePathOf(ctx: FilterCompileContext, scope: Scope, path: AttributePath, inner: Filter): string {
  const d = ctx.dialect;
  if (scope.kind !== "resource") return d.false;
  const resolved = ctx.rt.resolve(path);
  if (!resolved || resolved.subAttribute || resolved.attribute.type !== "complex") return d.false;
  const attribute = resolved.attribute;
  const schema = resolved.isExtension ? resolved.schema.id : undefined;
  const membership = resolved.isExtension ? undefined : membershipRows(ctx, attribute);
  let sql: string;
  if (membership) {
    sql = membership.exists((row) =>
      compileIn(inner, ctx, { kind: "element", parent: attribute, loc: (name) => d.child(row, name) }),
    );
  } else if (ctx.mapped && !isJsonMapped(ctx.mapped, resolved)) {
    sql = mappedValuePath(ctx, ctx.mapped, resolved, (scope) => compileIn(inner, ctx, scope));
  } else {
    const base: JsonLocation = ctx.mapped
      ? { kind: "path", base: ctx.mapped.documentFor(schema, attribute.name)!.expr, path: [] }
      : { kind: "path", base: `${ctx.row}.data`, path: schema ? [schema, attribute.name] : [attribute.name] };
    if (attribute.multiValued) {
      const iteration = d.elements(ctx.params, base, ctx.params.alias("e"));
      const elementScope: Scope = {
        kind: "element",
        parent: attribute,
        loc: (name) => d.child(iteration.element, name),
      };
      // Only object elements are values a bracket filter applies to.
      sql = `EXISTS (SELECT 1 FROM ${iteration.from} WHERE ${iteration.where} AND ${d.isObject(ctx.params, iteration.element)} AND ${compileIn(inner, ctx, elementScope)})`;
    } else {
      const matched = compileIn(inner, ctx, {
        kind: "element",
        parent: attribute,
        loc: (name) => d.child(base, name),
      });
      sql = `(${d.isObject(ctx.params, base)} AND ${matched})`;
    }
  }
  // An `eq`/`sw`/`co`/`ew` on an indexed sub-attribute anywhere in the top-level `and` chain
  // narrows by index first (the element's other conditions are then checked on the few matches).
  for (const conjunct of conjuncts(inner)) {
    if (conjunct.kind !== "compare" || !probes(ctx, conjunct.op) || typeof conjunct.value !== "string")
      continue;
    if (conjunct.path.schema !== undefined || conjunct.path.subAttribute !== undefined) continue;
    const sub = findAttribute(attribute.subAttributes, conjunct.path.attribute);
    if (!sub || (sub.type !== "string" && sub.type !== "reference")) continue;
    const key = indexKey(schema, attribute.name, sub.name);
    if (!ctx.indexed.some((entry) => entry.key === key)) continue;
    return `(${probeSql(ctx, key, conjunct.op, foldValue(sub, conjunct.value))} AND ${sql})`;
  }
  return sql;
}

function conjuncts(filter: Filter): Filter[] {
  return filter.kind === "and" ? [...conjuncts(filter.left), ...conjuncts(filter.right)] : [filter];
}
