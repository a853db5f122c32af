import {
  type ArrayIteration,
  type JsonLocation,
  prefixUpperBound,
  rowColumn,
  type ScalarKind,
  type SqlDialect,
  trigramSearchable,
} from "../sql-dialect.js";
import type { SqlParams } from "../sql-params.js";

/** A JSON path for SQLite's json functions; every key is quoted so URNs with `:` and `.` work. */
export function sqliteJsonPath(path: readonly string[]): string {
  return `$${path.map((key) => `."${key.replaceAll('"', '\\"')}"`).join("")}`;
}

/** The SQL that yields the JSON document of an element (NULL unless it is an object). */
const elementObject = (alias: string) => `(CASE WHEN ${alias}.type = 'object' THEN ${alias}.value END)`;

/**
 * SQLite: json_type/json_extract over JSONB documents. Case folding and instants are JavaScript
 * functions registered on the connection (`scim_fold`, `scim_instant`), so they agree exactly with
 * the in-memory filter evaluator (SQLite's own `lower()` folds ASCII only).
 */
export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  placeholder: (index) => `@p${index}`,
  typedParam: (params, value) => params.add(typeof value === "boolean" ? (value ? 1 : 0) : value),
  scalar(params: SqlParams, loc: JsonLocation, kind: ScalarKind): string {
    if (loc.kind === "row") return "NULL";
    if (loc.kind === "column") return loc.type === kind ? loc.expr : "NULL";
    if (loc.kind === "element") {
      const a = loc.alias;
      if (kind === "string") return `(CASE WHEN ${a}.type = 'text' THEN ${a}.value END)`;
      if (kind === "number") return `(CASE WHEN ${a}.type IN ('integer', 'real') THEN ${a}.value END)`;
      return `(CASE ${a}.type WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)`;
    }
    const p = params.add(sqliteJsonPath(loc.path));
    const type = `json_type(${loc.base}, ${p})`;
    if (kind === "string") return `(CASE WHEN ${type} = 'text' THEN json_extract(${loc.base}, ${p}) END)`;
    if (kind === "number")
      return `(CASE WHEN ${type} IN ('integer', 'real') THEN json_extract(${loc.base}, ${p}) END)`;
    return `(CASE ${type} WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)`;
  },
  present(params: SqlParams, loc: JsonLocation): string {
    if (loc.kind === "row") return "1";
    if (loc.kind === "column")
      // Only text can be empty; a boolean or number column compared with '' is a type error.
      return loc.type === "string"
        ? `(${loc.expr} IS NOT NULL AND ${loc.expr} <> '')`
        : `(${loc.expr} IS NOT NULL)`;
    // Present means some leaf below (or at) the value is a non-empty string, a number or a boolean.
    const leaf = (t: string) =>
      `(${t}.type IN ('integer', 'real', 'true', 'false') OR (${t}.type = 'text' AND ${t}.atom <> ''))`;
    const t = params.alias("t");
    if (loc.kind === "element") {
      const a = loc.alias;
      return `(CASE WHEN ${a}.type IN ('object', 'array') THEN EXISTS (SELECT 1 FROM json_tree(${a}.value) ${t} WHERE ${leaf(t)}) ELSE ${leaf(a)} END)`;
    }
    const p = params.add(sqliteJsonPath(loc.path));
    return `EXISTS (SELECT 1 FROM json_tree(${loc.base}, ${p}) ${t} WHERE ${leaf(t)})`;
  },
  isObject(params: SqlParams, loc: JsonLocation): string {
    if (loc.kind === "row") return "1";
    if (loc.kind === "column") return "0";
    if (loc.kind === "element") return `${loc.alias}.type = 'object'`;
    return `COALESCE(json_type(${loc.base}, ${params.add(sqliteJsonPath(loc.path))}) = 'object', 0)`;
  },
  child(loc: JsonLocation, name: string): JsonLocation {
    if (loc.kind === "row") return rowColumn(loc, name);
    if (loc.kind === "path") return { kind: "path", base: loc.base, path: [...loc.path, name] };
    if (loc.kind === "element") return { kind: "path", base: elementObject(loc.alias), path: [name] };
    return { kind: "column", expr: "NULL", type: "string" };
  },
  elements(params: SqlParams, loc: JsonLocation, alias: string): ArrayIteration {
    if (loc.kind === "column" || loc.kind === "row") {
      return {
        from: `(SELECT NULL AS type, NULL AS value, NULL AS atom, 0 AS key) AS ${alias}`,
        where: "0",
        element: { kind: "element", alias },
        position: `${alias}.key`,
      };
    }
    const base = loc.kind === "path" ? loc.base : elementObject(loc.alias);
    const path = loc.kind === "path" ? loc.path : [];
    const p = params.add(sqliteJsonPath(path));
    return {
      from: `json_each(${base}, ${p}) AS ${alias}`,
      where: `json_type(${base}, ${p}) = 'array'`,
      element: { kind: "element", alias },
      position: `${alias}.key`,
    };
  },
  fold: (expr) => `scim_fold(${expr})`,
  instant: (expr) => `scim_instant(${expr})`,
  codePointText: (expr) => expr,
  unindexedOrder: (expr) => `+${expr}`,
  compareText: (left, op, right) => `${left} ${op} ${right}`,
  contains: (h, n) => `instr(${h}, ${n}) > 0`,
  startsWith: (h, n) => `substr(${h}, 1, length(${n})) = ${n}`,
  endsWith: (h, n) => `(${h} IS NOT NULL AND (length(${n}) = 0 OR substr(${h}, -length(${n})) = ${n}))`,
  valueMatch(params, tables, alias, op, needle) {
    const value = `${alias}.value`;
    const from = `${tables.values} ${alias}`;
    if (op === "sw") {
      // A range of the lookup index (BINARY order is code point order).
      const upper = prefixUpperBound(needle);
      const lower = `${value} >= ${params.add(needle)}`;
      return { from, where: upper === undefined ? lower : `${lower} AND ${value} < ${params.add(upper)}` };
    }
    // Every string contains and ends with "".
    if (needle.length === 0) return { from, where: "1" };
    // The FTS5 trigram index finds the rows holding the needle's trigrams in sequence (CROSS JOIN
    // makes it the outer loop); the test then checks those few rows exactly, and the end for ew.
    const phrase = trigramSearchable(needle) ? params.add(`"${needle.replaceAll('"', '""')}"`) : undefined;
    const n = params.add(needle);
    const where = op === "co" ? `instr(${value}, ${n}) > 0` : `substr(${value}, -length(${n})) = ${n}`;
    if (phrase === undefined) return { from, where };
    return {
      from: `${tables.valuesTrigram}(${phrase}) ${alias}_t CROSS JOIN ${from} ON ${alias}.value_id = ${alias}_t.rowid`,
      where,
    };
  },
  true: "1",
  false: "0",
  dataOut: (column) => `json(${column})`,
  dataIn: (placeholder) => `jsonb(${placeholder})`,
  inList: (params, expr, values) =>
    `${expr} IN (SELECT value FROM json_each(${params.add(JSON.stringify(values))}))`,
  inSubquery: (column, subquery) => `${column} IN (${subquery})`,
  // The rows are ordered in a FROM subquery, not with ORDER BY inside json_group_array: that form
  // always opens a sorter (a temporary B-tree, about 20 µs even for no rows: a tenth of a GET by id
  // over HTTP), while a subquery ordered by an index it scans anyway needs no sort at all. The
  // subquery cannot be flattened into the aggregate (SQLite keeps its ORDER BY for this), so the
  // aggregate sees the rows in that order.
  jsonArray: (fields, from, orderBy) =>
    `(SELECT json_group_array(json_object(${fields.map(([key], index) => `'${key}', o.c${index}`).join(", ")})) FROM (SELECT ${fields.map(([, expr], index) => `${expr} AS c${index}`).join(", ")} FROM ${from} ORDER BY ${orderBy}) o)`,
  distinct: (left, right) => `${left} IS NOT ${right}`,
};
