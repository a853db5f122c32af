import { type AttributeDefinition, findAttribute } from "@scimkit/core";
import type { SortSpec } from "../store.js";
import type { FilterCompileContext } from "./compile-filter.js";
import { mappedSortKey } from "./mapped-sort.js";
import type { JsonLocation, ScalarKind } from "./sql-dialect.js";

/** The SQL sort key of a list query and the kind of value it yields. */
export interface SortKeySql {
  readonly expr: string;
  readonly kind: ScalarKind;
}

/**
 * The sort key of RFC 7644 §3.4.2.3 as an SQL expression: case-insensitive strings folded,
 * dateTimes as epoch milliseconds, a multi-valued attribute by its `primary` value or else its
 * first value, a complex attribute by its `value`. NULL when the resource has no value (sorted
 * last ascending, first descending — the caller's ORDER BY says so).
 */
export function compileSortKey(sort: SortSpec, ctx: FilterCompileContext): SortKeySql | undefined {
  const d = ctx.dialect;
  const p = ctx.params;
  const r = ctx.row;
  const resolved = ctx.rt.resolve(sort.by);
  if (!resolved) return undefined;
  const { attribute } = resolved;
  const name = attribute.name.toLowerCase();
  if (!resolved.isExtension && name === "id") return { expr: d.codePointText(`${r}.id`), kind: "string" };
  if (!resolved.isExtension && name === "meta") {
    // meta instants are UTC ISO text of one shape, so text order is instant order.
    const columns: Record<string, string> = {
      created: `${r}.created`,
      lastModified: `${r}.last_modified`,
      resourceType: `${r}.resource_type`,
      version: `${r}.version`,
    };
    const column = resolved.subAttribute ? columns[resolved.subAttribute.name] : undefined;
    return column ? { expr: d.codePointText(column), kind: "string" } : undefined;
  }
  const rtName = ctx.rt.resourceType.name.toLowerCase();
  if (!resolved.isExtension && rtName === "group" && name === "members") {
    const sub = resolved.subAttribute?.name ?? "value";
    const columns: Record<string, string> = { value: "member_id", display: "display", type: "member_type" };
    const column = columns[sub];
    if (!column) return undefined;
    const m = ctx.params.alias("s");
    const definition = findAttribute(attribute.subAttributes, sub);
    const value = `(SELECT ${m}.${column} FROM ${ctx.tables.memberships} ${m} WHERE ${m}.tenant_id = ${r}.tenant_id AND ${m}.group_id = ${r}.id ORDER BY ${m}.seq LIMIT 1)`;
    return { expr: d.codePointText(definition?.caseExact ? value : d.fold(value)), kind: "string" };
  }
  let base: JsonLocation = {
    kind: "path",
    base: `${r}.data`,
    path: resolved.isExtension ? [resolved.schema.id, attribute.name] : [attribute.name],
  };
  if (ctx.mapped) {
    const mapped = mappedSortKey(ctx, ctx.mapped, resolved);
    if (mapped.kind === "key") return mapped.key;
    base = mapped.base;
  }
  const target =
    resolved.subAttribute ??
    (attribute.type === "complex" ? findAttribute(attribute.subAttributes, "value") : attribute);
  if (!target) return undefined;
  const kind = kindOf(target);
  if (!kind) return undefined;
  const subName = attribute.type === "complex" ? target.name : undefined;
  let value: string;
  if (attribute.multiValued) {
    const alias = ctx.params.alias("s");
    const iteration = d.elements(p, base, alias);
    const element = subName ? d.child(iteration.element, subName) : iteration.element;
    const primary =
      attribute.type === "complex" ? d.scalar(p, d.child(iteration.element, "primary"), "boolean") : "NULL";
    value = `(SELECT ${keyOf(ctx, element, target, kind)} FROM ${iteration.from} WHERE ${iteration.where} ORDER BY CASE WHEN ${primary} = ${d.true} THEN 0 ELSE 1 END, ${iteration.position} LIMIT 1)`;
  } else {
    value = keyOf(ctx, subName ? d.child(base, subName) : base, target, kind);
  }
  return { expr: value, kind: target.type === "dateTime" ? "number" : kind };
}

function kindOf(definition: AttributeDefinition): ScalarKind | undefined {
  switch (definition.type) {
    case "integer":
    case "decimal":
      return "number";
    case "boolean":
      return "boolean";
    case "complex":
      return undefined;
    default:
      return "string";
  }
}

export function keyOf(
  ctx: FilterCompileContext,
  loc: JsonLocation,
  definition: AttributeDefinition,
  kind: ScalarKind,
) {
  const d = ctx.dialect;
  const scalar = d.scalar(ctx.params, loc, kind);
  if (kind !== "string") return scalar;
  if (definition.type === "dateTime") return d.instant(scalar);
  return d.codePointText(definition.caseExact ? scalar : d.fold(scalar));
}
