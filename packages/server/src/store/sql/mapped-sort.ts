import { type ResolvedAttribute, ScimError } from "@scimkit/core";
import type { MappedTable } from "../../mapping/mapped-table.js";
import type { FilterCompileContext } from "./compile-filter.js";
import { keyOf, type SortKeySql } from "./compile-sort.js";
import { typedNull } from "./mapped-filter.js";
import type { JsonLocation } from "./sql-dialect.js";

/**
 * The RFC 7644 §3.4.2.3 sort key of a path over an application table: a mapped column, a JSON
 * column (the document code continues from `base`), or the elements mapped one by one (the
 * `primary` one, else the first present, in mapping order — the order they are read back in).
 * An attribute the mapping does not name cannot be sorted on: 400 `invalidValue`.
 */
export function mappedSortKey(
  ctx: FilterCompileContext,
  mapped: MappedTable,
  resolved: ResolvedAttribute,
): { kind: "key"; key: SortKeySql } | { kind: "document"; base: JsonLocation } {
  const d = ctx.dialect;
  const { attribute, subAttribute } = resolved;
  const schema = resolved.isExtension ? resolved.schema.id : undefined;
  const path = `${schema ? `${schema}:` : ""}${attribute.name}${subAttribute ? `.${subAttribute.name}` : ""}`;
  const refuse = () =>
    new ScimError(400, "invalidValue", `sortBy "${path}" is not mapped to a column of ${mapped.tableName}`);
  const keyKind = (type: string, kind: SortKeySql["kind"]) => (type === "dateTime" ? "number" : kind);
  const leaf =
    mapped.leafFor(schema, attribute.name, subAttribute?.name) ??
    (attribute.type === "complex" && !attribute.multiValued && !subAttribute
      ? mapped.leafFor(schema, attribute.name, "value")
      : undefined);
  if (leaf) {
    const loc: JsonLocation = { kind: "column", expr: leaf.expr, type: leaf.kind };
    return {
      kind: "key",
      key: { expr: keyOf(ctx, loc, leaf.target, leaf.kind), kind: keyKind(leaf.target.type, leaf.kind) },
    };
  }
  const document = mapped.documentFor(schema, attribute.name);
  if (document) return { kind: "document", base: { kind: "path", base: document.expr, path: [] } };
  const group = mapped.elementsFor(schema, attribute.name);
  if (!group) throw refuse();
  const subName = (subAttribute?.name ?? "value").toLowerCase();
  const columns = group.elements.map((element) => element.subs.get(subName));
  const sample = columns.find((column) => column !== undefined);
  const selectorNamed = group.elements.some((element) => element.selector.sub.name.toLowerCase() === subName);
  if (!sample && !selectorNamed) throw refuse();
  const target = sample?.target ?? group.elements[0]!.selector.sub;
  const kind = sample?.kind ?? "string";
  const keyAt = (index: number) => {
    const element = group.elements[index]!;
    if (element.selector.sub.name.toLowerCase() === subName)
      return keyOf(
        ctx,
        { kind: "column", expr: d.typedParam(ctx.params, element.selector.value, "string"), type: "string" },
        target,
        kind,
      );
    const column = columns[index];
    return keyOf(ctx, { kind: "column", expr: column?.expr ?? typedNull(kind), type: kind }, target, kind);
  };
  const whens: string[] = [];
  group.elements.forEach((element, index) => {
    const primary = element.subs.get("primary");
    if (primary?.kind === "boolean")
      whens.push(`WHEN ${primary.expr} = ${d.typedParam(ctx.params, true, "boolean")} THEN ${keyAt(index)}`);
  });
  group.elements.forEach((element, index) => {
    whens.push(`WHEN ${mapped.elementPresent(element)} THEN ${keyAt(index)}`);
  });
  return { kind: "key", key: { expr: `(CASE ${whens.join(" ")} END)`, kind: keyKind(target.type, kind) } };
}
