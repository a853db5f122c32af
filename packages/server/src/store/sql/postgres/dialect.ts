import {
  type ArrayIteration,
  type JsonLocation,
  prefixUpperBound,
  rowColumn,
  type ScalarKind,
  type SqlDialect,
} from "../sql-dialect.js";
import type { SqlParams } from "../sql-params.js";

/** The jsonb value at a path location (the base itself for an empty path). */
function jsonAt(params: SqlParams, loc: JsonLocation): string {
  if (loc.kind !== "path") throw new Error(`PostgreSQL has no ${loc.kind} JSON locations`);
  if (loc.path.length === 0) return loc.base;
  return `(${loc.base} #> ${params.add(loc.path)}::text[])`;
}

const CASTS: Record<ScalarKind, string> = { string: "text", number: "numeric", boolean: "boolean" };

/**
 * PostgreSQL: jsonb operators. Case folding uses the ICU root locale (full Unicode case mapping,
 * like JavaScript's `toLowerCase`), ordering uses the "C" collation (code-point order, no locale,
 * RFC 7644 §3.4.2.3), instants use `scim_instant` from the migrations (created in `schema`).
 */
export function postgresDialect(schema: string | undefined): SqlDialect {
  const instantFunction = schema ? `${schema}.scim_instant` : "scim_instant";
  return {
    name: "postgres",
    placeholder: (index) => `$${index}`,
    typedParam: (params, value, kind) => `${params.add(value)}::${CASTS[kind]}`,
    scalar(params: SqlParams, loc: JsonLocation, kind: ScalarKind): string {
      if (loc.kind === "row") return "NULL";
      if (loc.kind === "column") return loc.type === kind ? loc.expr : "NULL";
      const j = jsonAt(params, loc);
      if (kind === "string") return `(CASE WHEN jsonb_typeof(${j}) = 'string' THEN ${j} #>> '{}' END)`;
      if (kind === "number")
        return `(CASE WHEN jsonb_typeof(${j}) = 'number' THEN (${j} #>> '{}')::numeric END)`;
      return `(CASE WHEN jsonb_typeof(${j}) = 'boolean' THEN (${j})::boolean END)`;
    },
    present(params: SqlParams, loc: JsonLocation): string {
      if (loc.kind === "row") return "true";
      if (loc.kind === "column")
        // Only text can be empty; a boolean or number column compared with '' is a type error.
        return loc.type === "string"
          ? `(${loc.expr} IS NOT NULL AND ${loc.expr} <> '')`
          : `(${loc.expr} IS NOT NULL)`;
      // Present means some leaf below (or at) the value is a non-empty string, a number or a boolean.
      return `jsonb_path_exists(${jsonAt(params, loc)}, 'strict $.** ? (@.type() == "number" || @.type() == "boolean" || (@.type() == "string" && @ != ""))')`;
    },
    isObject(params: SqlParams, loc: JsonLocation): string {
      if (loc.kind === "row") return "true";
      if (loc.kind === "column") return "false";
      return `COALESCE(jsonb_typeof(${jsonAt(params, loc)}) = 'object', false)`;
    },
    child(loc: JsonLocation, name: string): JsonLocation {
      if (loc.kind === "row") return rowColumn(loc, name);
      if (loc.kind === "path") return { kind: "path", base: loc.base, path: [...loc.path, name] };
      return { kind: "column", expr: "NULL", type: "string" };
    },
    elements(params: SqlParams, loc: JsonLocation, alias: string): ArrayIteration {
      if (loc.kind === "column" || loc.kind === "row") {
        return {
          from: `(SELECT NULL::jsonb AS v, 0 AS n) AS ${alias}`,
          where: "false",
          element: { kind: "path", base: `${alias}.v`, path: [] },
          position: `${alias}.n`,
        };
      }
      const j = jsonAt(params, loc);
      return {
        from: `jsonb_array_elements(CASE WHEN jsonb_typeof(${j}) = 'array' THEN ${j} ELSE '[]'::jsonb END) WITH ORDINALITY AS ${alias}(v, n)`,
        where: "true",
        element: { kind: "path", base: `${alias}.v`, path: [] },
        position: `${alias}.n`,
      };
    },
    fold: (expr) => `lower((${expr}) COLLATE "und-x-icu")`,
    instant: (expr) => `${instantFunction}(${expr})`,
    // An expression no index covers: without statistics the planner would rather walk the list-order
    // index (it guesses that a tenant and type hold a row or two) than start from the probe.
    unindexedOrder: (expr) => `(${expr} + 0)`,
    codePointText: (expr) => `(${expr}) COLLATE "C"`,
    compareText: (left, op, right) => `(${left}) COLLATE "C" ${op} ${right}`,
    contains: (h, n) => `strpos(${h}, ${n}) > 0`,
    startsWith: (h, n) => `left(${h}, length(${n})) = ${n}`,
    endsWith: (h, n) => `right(${h}, length(${n})) = ${n}`,
    valueMatch(params, tables, alias, op, needle) {
      const value = `${alias}.value`;
      const from = `${tables.values} ${alias}`;
      if (op === "sw") {
        // A range in byte (code point) order, served by the text_pattern_ops lookup index.
        const upper = prefixUpperBound(needle);
        const lower = `${value} ~>=~ ${params.add(needle)}`;
        return {
          from,
          where: upper === undefined ? lower : `${lower} AND ${value} ~<~ ${params.add(upper)}`,
        };
      }
      // LIKE, which the pg_trgm GIN index serves (it rechecks every candidate exactly).
      const escaped = needle.replace(/[\\%_]/g, (char) => `\\${char}`);
      return { from, where: `${value} LIKE ${params.add(op === "co" ? `%${escaped}%` : `%${escaped}`)}` };
    },
    true: "true",
    false: "false",
    dataOut: (column) => column,
    dataIn: (placeholder) => `${placeholder}::jsonb`,
    inList: (params, expr, values) => `${expr} = ANY(${params.add(values)}::text[])`,
    inSubquery: (column, subquery) => `${column} IN (${subquery})`,
    jsonArray: (fields, from, orderBy) =>
      `(SELECT json_agg(json_build_object(${fields.map(([key, expr]) => `'${key}', ${expr}`).join(", ")}) ORDER BY ${orderBy}) FROM ${from})`,
    distinct: (left, right) => `${left} IS DISTINCT FROM ${right}`,
  };
}
