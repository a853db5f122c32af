import {
  type AttributeDefinition,
  findAttribute,
  isJsonObject,
  type ResourceTypeSchema,
  ScimError,
} from "@scimkit/core";
import { foldCase, parsePath } from "@scimkit/filter";
import type { ScalarKind } from "../store/sql/sql-dialect.js";
import type { SqlValue } from "../store/sql/sql-params.js";
import { type TableMapping, TableMappingError } from "./table-mapping.js";

/** The SQL alias of the mapped table in every statement. */
export const MAPPED_ALIAS = "a";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A quoted SQL identifier, `schema.table` allowed; throws for anything else (names are never escaped). */
export function quoteIdentifier(name: string, key: string, qualified = false): string {
  const parts = qualified ? name.split(".") : [name];
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part)))
    throw new TableMappingError(key, `"${name}" is not a plain SQL identifier (letters, digits, _)`);
  return parts.map((part) => `"${part}"`).join(".");
}

/** A typed column holding one simple value. */
export interface ScalarColumn {
  readonly column: string;
  /** `a."column"` */
  readonly expr: string;
  readonly target: AttributeDefinition;
  readonly kind: ScalarKind;
}

/** A singular attribute or sub-attribute in a typed column. */
export interface LeafColumn extends ScalarColumn {
  readonly schema?: string;
  readonly attribute: AttributeDefinition;
  readonly sub?: AttributeDefinition;
}

/** A whole complex or multi-valued attribute in a JSON column. */
export interface DocumentColumn {
  readonly column: string;
  readonly expr: string;
  readonly schema?: string;
  readonly attribute: AttributeDefinition;
}

/** One element of a multi-valued attribute, picked by `selector` (`type eq "work"`). */
export interface MappedElement {
  /** `emails[type eq "work"]`: the element's key in the kept-attributes column. */
  readonly key: string;
  readonly selector: { readonly sub: AttributeDefinition; readonly value: string };
  /** Sub-attribute name (lower-cased) → column. */
  readonly subs: ReadonlyMap<string, ScalarColumn>;
}

/** A multi-valued attribute whose elements are mapped one by one. */
export interface ElementAttribute {
  readonly schema?: string;
  readonly attribute: AttributeDefinition;
  readonly elements: MappedElement[];
}

/** The kind of SQL value an attribute type is stored as. */
export function scalarKindOf(definition: AttributeDefinition): ScalarKind | undefined {
  switch (definition.type) {
    case "boolean":
      return "boolean";
    case "integer":
    case "decimal":
      return "number";
    case "complex":
      return undefined;
    default:
      return "string";
  }
}

const lower = (text: string) => text.toLowerCase();
const attributeKey = (schema: string | undefined, attribute: string) =>
  schema === undefined ? lower(attribute) : `${lower(schema)}:${lower(attribute)}`;

/** Reads a key case-insensitively and returns the spelling found. */
function keyIn(container: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(container, name)) return name;
  const wanted = lower(name);
  return Object.keys(container).find((key) => lower(key) === wanted);
}

function take(container: Record<string, unknown>, name: string): unknown {
  const key = keyIn(container, name);
  if (key === undefined) return undefined;
  const value = container[key];
  delete container[key];
  return value;
}

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (isJsonObject(value) && Object.keys(value).length === 0);

/** What a write stores: the column values, the kit's own document and what no column maps. */
export interface SplitResource {
  /** One value per {@link MappedTable.columns} entry, in that order. */
  readonly values: SqlValue[];
  /** `id` and `schemas`: kept in the kit's resources row. */
  readonly document: Record<string, unknown>;
  /** JSON text for the kept-attributes column (null when nothing is kept or there is no such column). */
  readonly extra: string | null;
  /** Paths of attributes no column maps. */
  readonly unmapped: string[];
}

/**
 * A {@link TableMapping} checked against a resource type: which column holds which attribute, how a
 * resource splits into column values on write and how a row merges back into a resource on read.
 */
export class MappedTable {
  readonly resourceType: string;
  readonly table: string;
  readonly tableName: string;
  readonly idColumn: string;
  readonly tenantColumn?: string;
  readonly extraColumn?: string;
  readonly adopt: boolean;
  readonly leaves: LeafColumn[] = [];
  readonly documents: DocumentColumn[] = [];
  readonly elementAttributes: ElementAttribute[] = [];
  /** Every mapped column in select/insert order: what {@link SplitResource.values} lines up with. */
  readonly columns: { readonly column: string; readonly expr: string; readonly json: boolean }[] = [];
  /** The column holding `userName` (adoption of existing rows matches on it). */
  readonly userName?: LeafColumn;

  /**
   * `role`: `"store"` (the type lives in the table: `userName` must be mapped, filters see only the
   * columns) or `"projection"` (the kit keeps the whole resource and copies the mapped attributes
   * into the table: `userName` is optional and `unmapped` does not apply, nothing is rejected).
   */
  constructor(mapping: TableMapping, rt: ResourceTypeSchema, role: "store" | "projection" = "store") {
    this.resourceType = rt.resourceType.name;
    this.tableName = mapping.table;
    this.table = quoteIdentifier(mapping.table, "table", true);
    this.idColumn = quoteIdentifier(mapping.idColumn ?? "scim_id", "idColumn");
    if (mapping.tenantColumn !== undefined)
      this.tenantColumn = quoteIdentifier(mapping.tenantColumn, "tenantColumn");
    if (role === "projection" && mapping.unmapped !== undefined)
      throw new TableMappingError(
        "unmapped",
        "a projection copies the mapped attributes only; the kit keeps the whole resource, so leave unmapped out",
      );
    const unmapped = mapping.unmapped ?? "reject";
    if (unmapped !== "reject") {
      if (!isJsonObject(unmapped) || typeof unmapped.keepIn !== "string")
        throw new TableMappingError("unmapped", 'must be "reject" or { keepIn: "<json column>" }');
      this.extraColumn = quoteIdentifier(unmapped.keepIn, "unmapped.keepIn");
    }
    this.adopt = mapping.adoptExistingRows !== false;
    if (!isJsonObject(mapping.columns) || Object.keys(mapping.columns).length === 0)
      throw new TableMappingError("columns", "must map at least one column to an attribute path");
    const taken = new Map<string, string>();
    for (const [column, path] of Object.entries(mapping.columns)) {
      const key = `columns.${column}`;
      const expr = `${MAPPED_ALIAS}.${quoteIdentifier(column, key)}`;
      if (typeof path !== "string") throw new TableMappingError(key, "must be a SCIM attribute path");
      this.#add(rt, column, expr, path, key, taken);
    }
    const userName = this.leaves.find(
      (leaf) => !leaf.schema && !leaf.sub && lower(leaf.attribute.name) === "username",
    );
    if (userName) this.userName = userName;
    else if (role === "store" && lower(this.resourceType) === "user")
      throw new TableMappingError(
        "columns",
        "userName must be mapped to a column (identity providers look users up by it)",
      );
  }

  #add(
    rt: ResourceTypeSchema,
    column: string,
    expr: string,
    text: string,
    key: string,
    taken: Map<string, string>,
  ): void {
    let path: ReturnType<typeof parsePath>;
    try {
      path = parsePath(text);
    } catch (error) {
      throw new TableMappingError(key, `"${text}" is not an attribute path (${(error as Error).message})`);
    }
    const resolved = rt.resolve({
      attribute: path.attribute,
      ...(path.schema ? { schema: path.schema } : {}),
    });
    if (!resolved) throw new TableMappingError(key, `${this.resourceType} has no attribute "${text}"`);
    const { attribute } = resolved;
    const schema = resolved.isExtension ? resolved.schema.id : undefined;
    const name = lower(attribute.name);
    if (!schema && ["id", "meta", "schemas", "groups", "members"].includes(name))
      throw new TableMappingError(key, `"${attribute.name}" is kept by the kit and cannot be mapped`);
    const sub =
      path.subAttribute === undefined ? undefined : findAttribute(attribute.subAttributes, path.subAttribute);
    if (path.subAttribute !== undefined && !sub)
      throw new TableMappingError(key, `"${attribute.name}" has no sub-attribute "${path.subAttribute}"`);
    const claim = (what: string) => {
      const previous = taken.get(what);
      if (previous !== undefined)
        throw new TableMappingError(key, `"${text}" is already mapped by columns.${previous}`);
      taken.set(what, column);
    };
    const topKey = attributeKey(schema, attribute.name);
    const conflicts = (kind: string) => {
      for (const [what, owner] of taken)
        if (what.startsWith(`${topKey}|`) && !what.startsWith(`${topKey}|${kind}`))
          throw new TableMappingError(
            key,
            `"${text}" conflicts with columns.${owner}: map an attribute either whole or by parts`,
          );
    };
    if (path.filter) {
      const selector = path.filter;
      if (!attribute.multiValued || attribute.type !== "complex" || !sub)
        throw new TableMappingError(
          key,
          `"${text}": [..] selects an element of a multi-valued complex attribute and needs a .subAttribute`,
        );
      const selectorSub =
        selector.kind === "compare"
          ? findAttribute(attribute.subAttributes, selector.path.attribute)
          : undefined;
      if (
        selector.kind !== "compare" ||
        selector.op !== "eq" ||
        typeof selector.value !== "string" ||
        !selectorSub ||
        selector.path.subAttribute
      )
        throw new TableMappingError(
          key,
          `"${text}": the selector must be one sub-attribute eq "text", e.g. [type eq "work"]`,
        );
      if (lower(selectorSub.name) === lower(sub.name))
        throw new TableMappingError(
          key,
          `"${text}": the selector's sub-attribute is implied, map another one`,
        );
      const kind = scalarKindOf(sub);
      if (!kind || sub.multiValued) throw new TableMappingError(key, `"${text}" is not a simple value`);
      conflicts("element");
      const selectorValue = foldCase(selector.value, selectorSub.caseExact);
      const elementKey = `${attribute.name}[${selectorSub.name} eq ${JSON.stringify(selector.value)}]`;
      claim(`${topKey}|element|${lower(selectorSub.name)}=${selectorValue}|${lower(sub.name)}`);
      let group = this.elementAttributes.find((entry) => entry.attribute === attribute);
      if (!group) {
        group = { attribute, elements: [], ...(schema ? { schema } : {}) };
        this.elementAttributes.push(group);
      }
      let element = group.elements.find(
        (entry) =>
          entry.selector.sub === selectorSub &&
          foldCase(entry.selector.value, selectorSub.caseExact) === selectorValue,
      );
      if (!element) {
        element = { key: elementKey, selector: { sub: selectorSub, value: selector.value }, subs: new Map() };
        group.elements.push(element);
      }
      (element.subs as Map<string, ScalarColumn>).set(lower(sub.name), { column, expr, target: sub, kind });
      this.columns.push({ column, expr, json: false });
      return;
    }
    const target = sub ?? attribute;
    const kind = scalarKindOf(target);
    if (target.multiValued || !kind) {
      if (sub)
        throw new TableMappingError(
          key,
          `"${text}" is multi-valued or complex: map "${attribute.name}" whole to a JSON column`,
        );
      conflicts("document");
      claim(`${topKey}|document`);
      this.documents.push({ column, expr, attribute, ...(schema ? { schema } : {}) });
      this.columns.push({ column, expr, json: true });
      return;
    }
    if (!sub && attribute.multiValued) throw new TableMappingError(key, `"${text}" is multi-valued`);
    conflicts("leaf");
    claim(`${topKey}|leaf|${sub ? lower(sub.name) : ""}`);
    this.leaves.push({
      column,
      expr,
      attribute,
      target,
      kind,
      ...(sub ? { sub } : {}),
      ...(schema ? { schema } : {}),
    });
    this.columns.push({ column, expr, json: false });
  }

  /** Attribute paths of the mapped text values (they get value rows: `eq` is an index probe). */
  indexedPaths(): string[] {
    const paths: string[] = [];
    for (const leaf of this.leaves) {
      if (leaf.kind !== "string" || leaf.target.type === "dateTime") continue;
      const base = leaf.schema ? `${leaf.schema}:${leaf.attribute.name}` : leaf.attribute.name;
      paths.push(leaf.sub ? `${base}.${leaf.sub.name}` : base);
    }
    for (const group of this.elementAttributes) {
      const base = group.schema ? `${group.schema}:${group.attribute.name}` : group.attribute.name;
      for (const element of group.elements)
        for (const column of element.subs.values())
          if (column.kind === "string" && column.target.type !== "dateTime")
            paths.push(`${base}.${column.target.name}`);
    }
    return paths;
  }

  /** The leaf column of `attribute[.sub]`, if mapped. */
  leafFor(schema: string | undefined, attribute: string, sub?: string): LeafColumn | undefined {
    return this.leaves.find(
      (leaf) =>
        leaf.schema === schema &&
        lower(leaf.attribute.name) === lower(attribute) &&
        (sub === undefined
          ? leaf.sub === undefined
          : leaf.sub !== undefined && lower(leaf.sub.name) === lower(sub)),
    );
  }

  /** The leaf columns of a singular complex attribute's sub-attributes. */
  subLeavesOf(schema: string | undefined, attribute: string): LeafColumn[] {
    return this.leaves.filter(
      (leaf) =>
        leaf.schema === schema && leaf.sub !== undefined && lower(leaf.attribute.name) === lower(attribute),
    );
  }

  documentFor(schema: string | undefined, attribute: string): DocumentColumn | undefined {
    return this.documents.find(
      (doc) => doc.schema === schema && lower(doc.attribute.name) === lower(attribute),
    );
  }

  elementsFor(schema: string | undefined, attribute: string): ElementAttribute | undefined {
    return this.elementAttributes.find(
      (entry) => entry.schema === schema && lower(entry.attribute.name) === lower(attribute),
    );
  }

  /** `a."col" IS NOT NULL OR …` over an element's columns: whether the element exists. */
  elementPresent(element: MappedElement): string {
    return `(${[...element.subs.values()].map((sub) => `${sub.expr} IS NOT NULL`).join(" OR ")})`;
  }

  /** Splits a resource (schema spelling, no `meta`/`members`/`groups`) into what each place stores. */
  split(attributes: Record<string, unknown>): SplitResource {
    const rest = structuredClone(attributes);
    const document: Record<string, unknown> = {};
    for (const name of ["id", "schemas"]) {
      const value = take(rest, name);
      if (value !== undefined) document[name] = value;
    }
    const values: SqlValue[] = [];
    const columnValue = new Map<string, SqlValue>();
    const containerOf = (schema: string | undefined): Record<string, unknown> | undefined => {
      if (schema === undefined) return rest;
      const key = keyIn(rest, schema);
      const container = key === undefined ? undefined : rest[key];
      return isJsonObject(container) ? container : undefined;
    };
    for (const leaf of this.leaves) {
      const container = containerOf(leaf.schema);
      let value: unknown;
      if (container && leaf.sub) {
        const parentKey = keyIn(container, leaf.attribute.name);
        const parent = parentKey === undefined ? undefined : container[parentKey];
        if (isJsonObject(parent)) {
          value = take(parent, leaf.sub.name);
          if (isEmpty(parent)) delete container[parentKey!];
        }
      } else if (container) value = take(container, leaf.attribute.name);
      columnValue.set(leaf.column, this.#toColumn(value, leaf));
    }
    for (const doc of this.documents) {
      const value = containerOf(doc.schema) ? take(containerOf(doc.schema)!, doc.attribute.name) : undefined;
      columnValue.set(doc.column, isEmpty(value) ? null : JSON.stringify(value));
    }
    const leftovers: Record<string, unknown> = {};
    for (const group of this.elementAttributes) {
      const container = containerOf(group.schema);
      const arrayKey = container ? keyIn(container, group.attribute.name) : undefined;
      const array = arrayKey === undefined ? undefined : container![arrayKey];
      for (const element of group.elements) {
        let picked: Record<string, unknown> | undefined;
        if (Array.isArray(array)) {
          const { sub, value } = element.selector;
          const index = array.findIndex((item) => {
            if (!isJsonObject(item)) return false;
            const selected = item[keyIn(item, sub.name) ?? sub.name];
            return (
              typeof selected === "string" &&
              foldCase(selected, sub.caseExact) === foldCase(value, sub.caseExact)
            );
          });
          if (index >= 0) picked = array.splice(index, 1)[0] as Record<string, unknown>;
        }
        for (const [subName, column] of element.subs)
          columnValue.set(column.column, this.#toColumn(picked ? take(picked, subName) : undefined, column));
        if (picked) {
          take(picked, element.selector.sub.name);
          if (!isEmpty(picked)) leftovers[element.key] = picked;
        }
      }
      if (Array.isArray(array) && array.length === 0) delete container![arrayKey!];
    }
    for (const schemaKey of Object.keys(rest))
      if (schemaKey.includes(":") && isEmpty(rest[schemaKey])) delete rest[schemaKey];
    for (const column of this.columns) values.push(columnValue.get(column.column) ?? null);
    const unmapped = [
      ...leafPaths(rest, ""),
      ...Object.entries(leftovers).flatMap(([key, value]) =>
        leafPaths(value as Record<string, unknown>, `${key}.`),
      ),
    ];
    const kept = { ...rest, ...(Object.keys(leftovers).length > 0 ? { $elements: leftovers } : {}) };
    const extra = this.extraColumn && !isEmpty(kept) ? JSON.stringify(kept) : null;
    return { values, document, extra, unmapped };
  }

  /** The attributes a split resource shows through its columns alone (what filters see). */
  visible(split: SplitResource): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    split.values.forEach((value, index) => {
      row[`m_${index}`] = value;
    });
    return this.merge(split.document, row);
  }

  /** The resource of a joined row: the kit's document, the kept attributes and the columns. */
  merge(document: Record<string, unknown>, row: Record<string, unknown>): Record<string, unknown> {
    const data: Record<string, unknown> = { ...document };
    const kept = parseJson(row.x_extra);
    const leftovers = isJsonObject(kept?.$elements) ? kept.$elements : {};
    if (kept) for (const [key, value] of Object.entries(kept)) if (key !== "$elements") data[key] = value;
    const cell = (column: string) => row[`m_${this.columns.findIndex((entry) => entry.column === column)}`];
    const containerOf = (schema: string | undefined) => {
      if (schema === undefined) return data;
      const existing = data[schema];
      if (isJsonObject(existing)) return existing;
      const created: Record<string, unknown> = {};
      data[schema] = created;
      return created;
    };
    for (const leaf of this.leaves) {
      const value = fromColumn(cell(leaf.column), leaf.kind);
      if (value === null) continue;
      const container = containerOf(leaf.schema);
      if (!leaf.sub) container[leaf.attribute.name] = value;
      else {
        const parent = container[leaf.attribute.name];
        container[leaf.attribute.name] = { ...(isJsonObject(parent) ? parent : {}), [leaf.sub.name]: value };
      }
    }
    for (const doc of this.documents) {
      const value = parseJson(cell(doc.column), true);
      if (value !== undefined) containerOf(doc.schema)[doc.attribute.name] = value;
    }
    for (const group of this.elementAttributes) {
      const elements: Record<string, unknown>[] = [];
      for (const element of group.elements) {
        const subs: Record<string, unknown> = {};
        for (const column of element.subs.values()) {
          const value = fromColumn(cell(column.column), column.kind);
          if (value !== null) subs[column.target.name] = value;
        }
        const leftover = leftovers[element.key];
        if (Object.keys(subs).length === 0 && !isJsonObject(leftover)) continue;
        elements.push({
          ...(isJsonObject(leftover) ? leftover : {}),
          ...subs,
          [element.selector.sub.name]: element.selector.value,
        });
      }
      if (elements.length === 0) continue;
      const container = containerOf(group.schema);
      const others = container[group.attribute.name];
      container[group.attribute.name] = [...elements, ...(Array.isArray(others) ? others : [])];
    }
    for (const key of Object.keys(data)) if (key.includes(":") && isEmpty(data[key])) delete data[key];
    return data;
  }

  #toColumn(value: unknown, column: ScalarColumn): SqlValue {
    if (value === undefined || value === null) return null;
    if (column.kind === "boolean" && typeof value === "boolean") return value;
    if (column.kind === "number" && typeof value === "number") return value;
    if (column.kind === "string" && typeof value === "string") return value;
    throw new ScimError(
      400,
      "invalidValue",
      `"${column.target.name}" must be a ${column.kind} (column ${column.column})`,
    );
  }
}

/** A column value as the attribute's JSON type (SQLite has no booleans; drivers may return Dates). */
function fromColumn(value: unknown, kind: ScalarKind): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (kind === "boolean") return value === true || value === 1 || value === "1" || value === "true";
  if (kind === "number") return Number(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function parseJson(value: unknown, any = false): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (any) return parsed as Record<string, unknown>;
  return isJsonObject(parsed) ? parsed : undefined;
}

/** The paths of the leaves of a value (`name.familyName`, `nickName`, `urn:…:User:costCenter`). */
function leafPaths(value: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(value).flatMap(([key, item]) => {
    if (isEmpty(item)) return [];
    const path = `${prefix}${key}`;
    if (isJsonObject(item) && key.includes(":")) return leafPaths(item, `${path}:`);
    if (isJsonObject(item)) return leafPaths(item, `${path}.`);
    return [path];
  });
}
