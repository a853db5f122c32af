import { type ResolvedAttribute, ScimError } from "@scimkit/core";
import type { MappedElement, MappedTable } from "../../mapping/mapped-table.js";
import type { FilterCompileContext, Scope, ValueSource } from "./compile-filter.js";
import type { JsonLocation, ScalarKind } from "./sql-dialect.js";

/**
 * Filter paths over an application table (a `tableMapping`): a mapped attribute reads its column,
 * a whole attribute kept in a JSON column reads that document, and anything the mapping does not
 * name is a 400 `invalidFilter` naming the attribute (RFC 7644 §3.4.2.2 allows refusing filters
 * the service cannot answer); answering it would mean a silent scan or a wrong result.
 */

const lower = (text: string) => text.toLowerCase();

function pathText(resolved: ResolvedAttribute, sub?: string): string {
  const base = resolved.isExtension
    ? `${resolved.schema.id}:${resolved.attribute.name}`
    : resolved.attribute.name;
  return sub === undefined ? base : `${base}.${sub}`;
}

/** The 400 for a filter on an attribute no column holds. */
export function notMapped(mapped: MappedTable, path: string): ScimError {
  return new ScimError(
    400,
    "invalidFilter",
    `the filter attribute "${path}" is not mapped to a column of ${mapped.tableName}, so it cannot be filtered on`,
  );
}

/** A typed NULL, so that PostgreSQL knows its type where the expression is folded or compared. */
export function typedNull(kind: ScalarKind): string {
  return kind === "string"
    ? "CAST(NULL AS text)"
    : kind === "number"
      ? "CAST(NULL AS numeric)"
      : "CAST(NULL AS boolean)";
}

/** Whether the attribute lives whole in a JSON column (the document filter code applies to it). */
export function isJsonMapped(mapped: MappedTable, resolved: ResolvedAttribute): boolean {
  return (
    mapped.documentFor(resolved.isExtension ? resolved.schema.id : undefined, resolved.attribute.name) !==
    undefined
  );
}

/** The location of sub-attribute `name` in one mapped element, or undefined when no element maps it. */
function elementLocation(ctx: FilterCompileContext, element: MappedElement, name: string): JsonLocation {
  const column = element.subs.get(lower(name));
  if (column) return { kind: "column", expr: column.expr, type: column.kind };
  if (lower(element.selector.sub.name) === lower(name))
    return {
      kind: "column",
      expr: ctx.dialect.typedParam(ctx.params, element.selector.value, "string"),
      type: "string",
    };
  return { kind: "column", expr: typedNull("string"), type: "string" };
}

function elementMaps(elements: readonly MappedElement[], name: string): boolean {
  return elements.some(
    (element) => element.subs.has(lower(name)) || lower(element.selector.sub.name) === lower(name),
  );
}

/**
 * Where a resource-level path lives in the mapped table: a finished {@link ValueSource}, or the
 * JSON column the document code should read instead of the kit's `data` column.
 */
export function mappedSource(
  ctx: FilterCompileContext,
  mapped: MappedTable,
  resolved: ResolvedAttribute,
  /** The sub-attribute the path names, also one the schema lacks (`emails.bogus`). */
  subName: string | undefined,
): { kind: "source"; source: ValueSource } | { kind: "document"; base: JsonLocation } {
  const d = ctx.dialect;
  const { attribute, subAttribute } = resolved;
  const schema = resolved.isExtension ? resolved.schema.id : undefined;
  const unknownSub = subName !== undefined && subAttribute === undefined;
  const leaf = unknownSub ? undefined : mapped.leafFor(schema, attribute.name, subAttribute?.name);
  if (leaf) {
    return {
      kind: "source",
      source: {
        kind: "single",
        loc: { kind: "column", expr: leaf.expr, type: leaf.kind },
        definition: leaf.target,
      },
    };
  }
  const document = mapped.documentFor(schema, attribute.name);
  if (document) return { kind: "document", base: { kind: "path", base: document.expr, path: [] } };
  const group = mapped.elementsFor(schema, attribute.name);
  if (group) {
    if (subAttribute && !elementMaps(group.elements, subAttribute.name))
      throw notMapped(mapped, pathText(resolved, subAttribute.name));
    return {
      kind: "source",
      source: {
        kind: "each",
        definition: unknownSub ? undefined : (subAttribute ?? attribute),
        ofObjects: subName !== undefined,
        exists: (predicate) => {
          const matches = group.elements.map((element) => {
            const row: JsonLocation = {
              kind: "row",
              column: (name) =>
                elementMaps([element], name)
                  ? (elementLocation(ctx, element, name) as { expr: string }).expr
                  : typedNull("string"),
            };
            const loc: JsonLocation =
              subName === undefined
                ? row
                : unknownSub
                  ? { kind: "column", expr: typedNull("string"), type: "string" }
                  : elementLocation(ctx, element, subName);
            return `(${mapped.elementPresent(element)} AND ${predicate(loc, row)})`;
          });
          return `(${matches.join(" OR ")})`;
        },
      },
    };
  }
  const parts = subAttribute ? [] : mapped.subLeavesOf(schema, attribute.name);
  if (parts.length > 0) {
    // A singular complex attribute mapped by parts: present when one of its parts is.
    const present = parts.map((part) =>
      d.present(ctx.params, { kind: "column", expr: part.expr, type: part.kind }),
    );
    return {
      kind: "source",
      source: {
        kind: "single",
        loc: { kind: "column", expr: `(CASE WHEN ${present.join(" OR ")} THEN 'x' END)`, type: "string" },
        definition: attribute,
      },
    };
  }
  throw notMapped(mapped, pathText(resolved, subAttribute?.name));
}

/** `attr[filter]` over mapped columns: an element selector, or a singular complex mapped by parts. */
export function mappedValuePath(
  ctx: FilterCompileContext,
  mapped: MappedTable,
  resolved: ResolvedAttribute,
  compileInner: (scope: Scope) => string,
): string {
  const { attribute } = resolved;
  const schema = resolved.isExtension ? resolved.schema.id : undefined;
  const group = mapped.elementsFor(schema, attribute.name);
  if (group) {
    const branches = group.elements.map((element) => {
      const scope: Scope = {
        kind: "element",
        parent: attribute,
        loc: (name) => {
          if (!elementMaps(group.elements, name)) throw notMapped(mapped, pathText(resolved, name));
          return elementLocation(ctx, element, name);
        },
      };
      return `(${mapped.elementPresent(element)} AND ${compileInner(scope)})`;
    });
    return `(${branches.join(" OR ")})`;
  }
  const parts = mapped.subLeavesOf(schema, attribute.name);
  if (parts.length === 0 || attribute.multiValued) throw notMapped(mapped, pathText(resolved));
  const scope: Scope = {
    kind: "element",
    parent: attribute,
    loc: (name) => {
      const part = mapped.leafFor(schema, attribute.name, name);
      if (!part) throw notMapped(mapped, pathText(resolved, name));
      return { kind: "column", expr: part.expr, type: part.kind };
    },
  };
  const present = parts.map((part) => `${part.expr} IS NOT NULL`).join(" OR ");
  return `((${present}) AND ${compileInner(scope)})`;
}
