import {
  type AttributeDefinition,
  findAttribute,
  isJsonObject,
  type ResolvedAttribute,
  type ResourceTypeSchema,
  type SchemaDefinition,
  ScimError,
} from "@scimkit/core";
import { type Filter, parsePath } from "@scimkit/filter";

/** What a PATCH path (or a key of a pathless value) points at. */
export type PatchTarget =
  | {
      /** The path is an extension schema URN: the target is the whole extension object. */
      readonly kind: "extension";
      readonly schema: SchemaDefinition;
    }
  | {
      readonly kind: "attribute";
      /** The top-level attribute (`resolved.attribute`); `resolved.subAttribute` is never set. */
      readonly resolved: ResolvedAttribute;
      /** The valuePath filter, relative to the attribute. */
      readonly filter?: Filter;
      /** The sub-attribute named after the attribute or after the valuePath filter. */
      readonly subAttribute?: AttributeDefinition;
      /** The text of the path, for messages. */
      readonly text: string;
    };

const lower = (s: string) => s.toLowerCase();

/** Finds an extension of `rt` by URN (case-insensitive). */
export function findExtension(rt: ResourceTypeSchema, urn: string): SchemaDefinition | undefined {
  return rt.extensions.find((e) => lower(e.schema.id) === lower(urn))?.schema;
}

/**
 * Resolves a PATCH `path` (RFC 7644 §3.5.2, Figure 7) against the resource type. Throws 400
 * invalidPath for a malformed path or an unknown attribute (invalidFilter for a malformed filter
 * inside a valuePath, RFC 7644 §3.12 Table 9).
 */
export function resolvePatchPath(rt: ResourceTypeSchema, text: string, where: string): PatchTarget {
  const extension = findExtension(rt, text.trim());
  if (extension) return { kind: "extension", schema: extension };
  if (text.trim() === "") throw ScimError.badRequest("invalidPath", `${where}.path is empty`);
  let parsed: ReturnType<typeof parsePath>;
  try {
    parsed = parsePath(text);
  } catch (error) {
    if (ScimError.is(error)) {
      throw new ScimError(400, error.scimType ?? "invalidPath", `${where}.path "${text}": ${error.detail}`, {
        cause: error,
      });
    }
    throw error;
  }
  const resolved = rt.resolve({
    ...(parsed.schema !== undefined ? { schema: parsed.schema } : {}),
    attribute: parsed.attribute,
  });
  if (!resolved) {
    throw ScimError.badRequest(
      "invalidPath",
      `${where}.path "${text}": no attribute "${parsed.attribute}" in resource type ${rt.resourceType.name}`,
    );
  }
  let subAttribute: AttributeDefinition | undefined;
  if (parsed.subAttribute !== undefined) {
    subAttribute = findAttribute(resolved.attribute.subAttributes, parsed.subAttribute);
    if (!subAttribute) {
      throw ScimError.badRequest(
        "invalidPath",
        `${where}.path "${text}": "${resolved.attribute.name}" has no sub-attribute "${parsed.subAttribute}"`,
      );
    }
  }
  if (parsed.filter) checkFilterAttributes(resolved.attribute, parsed.filter, `${where}.path "${text}"`);
  return {
    kind: "attribute",
    resolved,
    ...(parsed.filter ? { filter: parsed.filter } : {}),
    ...(subAttribute ? { subAttribute } : {}),
    text,
  };
}

/**
 * The paths inside a valuePath filter name sub-attributes of the filtered attribute; an unknown one
 * would silently match nothing, so it is rejected: 400 invalidFilter (RFC 7644 §3.12 Table 9, "the
 * specified attribute and filter comparison combination is not supported").
 */
function checkFilterAttributes(attribute: AttributeDefinition, filter: Filter, where: string): void {
  switch (filter.kind) {
    case "and":
    case "or":
      checkFilterAttributes(attribute, filter.left, where);
      checkFilterAttributes(attribute, filter.right, where);
      return;
    case "not":
      checkFilterAttributes(attribute, filter.filter, where);
      return;
    case "compare":
    case "present": {
      const { schema, attribute: name, subAttribute } = filter.path;
      if (schema !== undefined || subAttribute !== undefined) return;
      const known =
        attribute.type === "complex"
          ? findAttribute(attribute.subAttributes, name)
          : name.toLowerCase() === "value";
      if (!known) {
        throw ScimError.badRequest(
          "invalidFilter",
          `${where}: "${attribute.name}" has no sub-attribute "${name}" at ${filter.span.start}`,
        );
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Resolves a key of a pathless add/replace value: an attribute name, optionally qualified by a
 * schema URN (RFC 7644 §3.10) and optionally followed by `.subAttribute` (the Entra shape of rule
 * pathKeysInValue). Returns undefined for an unknown attribute.
 */
export function resolveValueKey(rt: ResourceTypeSchema, key: string): PatchTarget | undefined {
  let schema: string | undefined;
  let rest = key;
  for (const urn of rt.schemaUrns) {
    if (lower(key).startsWith(`${lower(urn)}:`)) {
      schema = urn;
      rest = key.slice(urn.length + 1);
      break;
    }
  }
  const dot = rest.indexOf(".");
  const attribute = dot === -1 ? rest : rest.slice(0, dot);
  const subName = dot === -1 ? undefined : rest.slice(dot + 1);
  if (attribute === "" || /[[\]\s"]/.test(rest)) return undefined;
  const resolved = rt.resolve({ ...(schema !== undefined ? { schema } : {}), attribute });
  if (!resolved) return undefined;
  if (subName === undefined) return { kind: "attribute", resolved, text: key };
  const subAttribute = findAttribute(resolved.attribute.subAttributes, subName);
  return subAttribute ? { kind: "attribute", resolved, subAttribute, text: key } : undefined;
}

/** Finds an own key of `object` case-insensitively (stored names are in schema spelling, but be safe). */
export function findKey(object: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  return Object.keys(object).find((k) => lower(k) === lower(name));
}

/** A value is assigned unless it is undefined, null or an empty array (RFC 7643 §2.5). */
export const isAssigned = (value: unknown): boolean =>
  value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/**
 * Reads and writes attribute values of a working copy of a resource: core attributes at the top,
 * extension attributes nested under their schema URN (RFC 7643 §3.3). Writing an extension attribute
 * adds the URN to `schemas` (RFC 7644 §3.5.2); removing its last attribute drops the object and URN.
 */
export class ResourceDocument {
  constructor(
    readonly rt: ResourceTypeSchema,
    readonly data: Record<string, unknown>,
  ) {}

  /** The object holding the attribute, when it exists. */
  container(schema: SchemaDefinition, isExtension: boolean): Record<string, unknown> | undefined {
    if (!isExtension) return this.data;
    const key = findKey(this.data, schema.id);
    const value = key === undefined ? undefined : this.data[key];
    return isJsonObject(value) ? value : undefined;
  }

  read(resolved: ResolvedAttribute): unknown {
    const container = this.container(resolved.schema, resolved.isExtension);
    if (!container) return undefined;
    const key = findKey(container, resolved.attribute.name);
    return key === undefined ? undefined : container[key];
  }

  /** Writes a value; undefined, null and [] unassign the attribute (RFC 7643 §2.5). */
  write(resolved: ResolvedAttribute, value: unknown): void {
    const name = resolved.attribute.name;
    let container = this.container(resolved.schema, resolved.isExtension);
    if (!isAssigned(value)) {
      if (!container) return;
      const key = findKey(container, name);
      if (key !== undefined) delete container[key];
      if (resolved.isExtension && Object.keys(container).length === 0) this.removeExtension(resolved.schema);
      return;
    }
    if (!container) {
      container = {};
      this.data[resolved.schema.id] = container;
    }
    const key = findKey(container, name);
    if (key !== undefined && key !== name) delete container[key];
    container[name] = value;
    if (resolved.isExtension) this.addSchemaUrn(resolved.schema.id);
  }

  /** Deletes an extension object and its URN from `schemas`. */
  removeExtension(schema: SchemaDefinition): void {
    const key = findKey(this.data, schema.id);
    if (key !== undefined) delete this.data[key];
    const schemas = this.data.schemas;
    if (Array.isArray(schemas)) {
      this.data.schemas = schemas.filter((s) => typeof s !== "string" || lower(s) !== lower(schema.id));
    }
  }

  addSchemaUrn(urn: string): void {
    const schemas = this.data.schemas;
    if (!Array.isArray(schemas)) {
      this.data.schemas = [this.rt.schema.id, urn];
      return;
    }
    if (!schemas.some((s) => typeof s === "string" && lower(s) === lower(urn)))
      this.data.schemas = [...schemas, urn];
  }
}
