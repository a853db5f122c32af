import { type AttributeDefinition, isJsonObject, type ResourceTypeSchema, ScimError } from "@scimkit/core";
import { foldCase, parseAttributePath } from "@scimkit/filter";

/**
 * An attribute whose values get rows in the values table: every `uniqueness: server | global`
 * attribute (the unique index enforces it) and the attributes identity providers look users up by
 * (`userName`, `externalId`, `displayName`, `emails.value`), so that `eq` on them is an index probe.
 */
export interface IndexedAttribute {
  /** Lower-cased key stored in the `attribute` column: `username`, `emails.value`, `urn:…:employeenumber`. */
  readonly key: string;
  /** Extension URN when the attribute belongs to an extension. */
  readonly schema?: string;
  readonly attribute: AttributeDefinition;
  readonly subAttribute?: AttributeDefinition;
  /** `server` or `global` when the value must be unique, else undefined. */
  readonly uniqueness?: "server" | "global";
}

/** The paths indexed for lookups unless a store is configured otherwise. */
export const DEFAULT_INDEXED_PATHS: readonly string[] = [
  "userName",
  "externalId",
  "displayName",
  "emails.value",
];

/** The value-row key of an attribute path (schema-qualified for extension attributes). */
export function indexKey(schema: string | undefined, attribute: string, subAttribute?: string): string {
  const base = subAttribute === undefined ? attribute : `${attribute}.${subAttribute}`;
  return (schema === undefined ? base : `${schema}:${base}`).toLowerCase();
}

/** Whether values of this definition are indexable text. */
const isText = (definition: AttributeDefinition) =>
  definition.type === "string" || definition.type === "reference";

/**
 * RFC 7643 §7 `returned: "never"` (e.g. `password`): never copied into the values table, whatever
 * the configured paths say; it is not filterable, and its stored form is a salted hash anyway.
 */
const isSecret = (definition: AttributeDefinition) => definition.returned === "never";

/** The indexed attributes of `rt`: unique ones plus `paths` that exist in it, secrets excepted. */
export function indexedAttributesOf(rt: ResourceTypeSchema, paths: readonly string[]): IndexedAttribute[] {
  const found = new Map<string, IndexedAttribute>();
  const addUnique = (attributes: readonly AttributeDefinition[], schema?: string) => {
    for (const attribute of attributes) {
      if (attribute.uniqueness === "none" || attribute.multiValued || attribute.type === "complex") continue;
      if (attribute.name === "id" || isSecret(attribute)) continue;
      const key = indexKey(schema, attribute.name);
      found.set(key, { key, attribute, uniqueness: attribute.uniqueness, ...(schema ? { schema } : {}) });
    }
  };
  addUnique(rt.schema.attributes);
  for (const extension of rt.extensions) addUnique(extension.schema.attributes, extension.schema.id);
  for (const path of paths) {
    // parseAttributePath keeps the dots of an extension URN (`…:enterprise:2.0:User:department`).
    const resolved = rt.resolve(parseAttributePath(path));
    if (!resolved || !isText(resolved.target) || resolved.attribute.name === "id") continue;
    if (isSecret(resolved.attribute) || isSecret(resolved.target)) continue;
    if (resolved.subAttribute?.multiValued) continue;
    if (!resolved.subAttribute && resolved.attribute.multiValued) continue;
    const schema = resolved.isExtension ? resolved.schema.id : undefined;
    const key = indexKey(schema, resolved.attribute.name, resolved.subAttribute?.name);
    if (found.has(key)) continue;
    found.set(key, {
      key,
      attribute: resolved.attribute,
      ...(resolved.subAttribute ? { subAttribute: resolved.subAttribute } : {}),
      ...(schema ? { schema } : {}),
    });
  }
  return [...found.values()];
}

/** One row of the values table. */
export interface ValueRow {
  readonly attribute: string;
  readonly value: string;
  /** The resource type (server) or `*` (global) for unique values, else null. */
  readonly uniqueScope: string | null;
}

/** Case folding of RFC 7643 §2.1: `caseExact: false` values compare lower-cased. */
export const foldValue = (definition: AttributeDefinition, value: string) =>
  foldCase(value, definition.caseExact);

/** The value rows of a resource's attributes (`data` uses the schema's attribute spelling). */
export function valueRowsOf(
  rt: ResourceTypeSchema,
  indexed: readonly IndexedAttribute[],
  data: Record<string, unknown>,
): ValueRow[] {
  const rows: ValueRow[] = [];
  const seen = new Set<string>();
  const push = (row: ValueRow) => {
    const key = `${row.attribute}\u0000${row.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(row);
  };
  for (const entry of indexed) {
    const container = entry.schema === undefined ? data : data[entry.schema];
    if (!isJsonObject(container)) continue;
    const raw = container[entry.attribute.name];
    if (entry.uniqueness) {
      if (raw === undefined || raw === null) continue;
      // Same rule as the in-memory store: non-text values compare as their JSON text.
      const text = typeof raw === "string" ? raw : JSON.stringify(raw);
      const scope = entry.uniqueness === "global" ? "*" : rt.resourceType.name;
      push({ attribute: entry.key, value: foldValue(entry.attribute, text), uniqueScope: scope });
      continue;
    }
    const values = entry.attribute.multiValued ? (Array.isArray(raw) ? raw : []) : [raw];
    for (const item of values) {
      const value = entry.subAttribute
        ? isJsonObject(item)
          ? item[entry.subAttribute.name]
          : undefined
        : item;
      if (typeof value !== "string") continue;
      push({
        attribute: entry.key,
        value: foldValue(entry.subAttribute ?? entry.attribute, value),
        uniqueScope: null,
      });
    }
  }
  return rows;
}

/**
 * The longest value, in UTF-8 bytes, of an attribute that gets value rows (the attributes resources
 * are looked up by, and unique ones). PostgreSQL's btree refuses index entries over about 2,700
 * bytes ("index row size exceeds btree maximum"), so without a limit a long `userName` would be a
 * 500 there and stored on SQLite; both stores refuse the same values instead.
 */
export const MAX_INDEXED_VALUE_BYTES = 1024;

const utf8 = new TextEncoder();

/** 400 `invalidValue` naming the attribute and the limit when a value row is too long to index. */
export function assertIndexable(rows: readonly ValueRow[], indexed: readonly IndexedAttribute[]): void {
  for (const row of rows) {
    // Characters are at most 4 bytes: only long strings need counting.
    if (row.value.length * 4 <= MAX_INDEXED_VALUE_BYTES) continue;
    const bytes = utf8.encode(row.value).length;
    if (bytes <= MAX_INDEXED_VALUE_BYTES) continue;
    const entry = indexed.find((candidate) => candidate.key === row.attribute);
    const name = entry
      ? `${entry.attribute.name}${entry.subAttribute ? `.${entry.subAttribute.name}` : ""}`
      : row.attribute;
    throw new ScimError(
      400,
      "invalidValue",
      `${name} is ${bytes} bytes long (UTF-8): attributes resources are looked up by hold at most ${MAX_INDEXED_VALUE_BYTES} bytes`,
    );
  }
}
