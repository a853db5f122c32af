import type { AttributePath } from "./attribute-path.js";
import { ScimError } from "./errors.js";
import { commonAttributes } from "./schemas/common.js";
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from "./schemas/definition.js";

/** An attribute found by {@link ResourceTypeSchema.resolve}. */
export interface ResolvedAttribute {
  /** The schema that defines the top-level attribute (core schema or an extension). */
  readonly schema: SchemaDefinition;
  /** True when `schema` is an extension of the resource type, not its core schema. */
  readonly isExtension: boolean;
  /** The top-level attribute. */
  readonly attribute: AttributeDefinition;
  /** The sub-attribute, when the path names one. */
  readonly subAttribute?: AttributeDefinition;
  /** The definition the path points at: `subAttribute ?? attribute`. */
  readonly target: AttributeDefinition;
}

/** A resource type with its schemas resolved: what validators, filters and projection work against. */
export interface ResourceTypeSchema {
  readonly resourceType: ResourceTypeDefinition;
  readonly schema: SchemaDefinition;
  readonly extensions: readonly { readonly schema: SchemaDefinition; readonly required: boolean }[];
  /** Every schema URN a resource of this type may list in `schemas`. */
  readonly schemaUrns: readonly string[];
  /**
   * Resolves an attribute path case-insensitively (RFC 7643 §2.1). A path without a schema URN is
   * looked up in the core schema first (including the RFC 7643 §3.1 common attributes `id`,
   * `externalId` and `meta`), then in the extensions. Returns `undefined` when unknown.
   */
  resolve(path: AttributePath): ResolvedAttribute | undefined;
  /** Finds the schema (core or extension) with this URN, case-insensitively. */
  schemaByUrn(urn: string): SchemaDefinition | undefined;
}

const lower = (s: string) => s.toLowerCase();

/** Finds an attribute by name, case-insensitively (RFC 7643 §2.1). */
export function findAttribute(
  attributes: readonly AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  if (!attributes) return undefined;
  const wanted = lower(name);
  return attributes.find((a) => lower(a.name) === wanted);
}

/**
 * Holds schemas and resource types, built-in or defined at runtime.
 *
 * @example
 * const registry = createDefaultRegistry();
 * registry.addSchema(acmeUserExtension);
 * registry.addSchemaExtension("User", { schema: acmeUserExtension.id, required: false });
 */
export class SchemaRegistry {
  readonly #schemas = new Map<string, SchemaDefinition>();
  readonly #resourceTypes = new Map<string, ResourceTypeDefinition>();
  readonly #views = new Map<string, ResourceTypeSchema>();

  /** Registers (or replaces) a schema definition. */
  addSchema(schema: SchemaDefinition): this {
    this.#schemas.set(lower(schema.id), schema);
    this.#views.clear();
    return this;
  }

  /** Registers a resource type; its core schema and extensions must already be registered. */
  addResourceType(resourceType: ResourceTypeDefinition): this {
    for (const urn of [resourceType.schema, ...(resourceType.schemaExtensions ?? []).map((e) => e.schema)]) {
      if (!this.#schemas.has(lower(urn))) {
        throw new Error(`resource type ${resourceType.name}: schema ${urn} is not registered`);
      }
    }
    this.#resourceTypes.set(lower(resourceType.name), { id: resourceType.name, ...resourceType });
    this.#views.clear();
    return this;
  }

  /** Attaches a schema extension to an existing resource type. */
  addSchemaExtension(resourceTypeName: string, extension: { schema: string; required: boolean }): this {
    const current = this.#resourceTypes.get(lower(resourceTypeName));
    if (!current) throw new Error(`unknown resource type ${resourceTypeName}`);
    const others = (current.schemaExtensions ?? []).filter(
      (e) => lower(e.schema) !== lower(extension.schema),
    );
    return this.addResourceType({ ...current, schemaExtensions: [...others, extension] });
  }

  /** The schema with this URN (case-insensitive), if registered. */
  getSchema(id: string): SchemaDefinition | undefined {
    return this.#schemas.get(lower(id));
  }

  /** All registered schemas, in registration order. */
  schemas(): SchemaDefinition[] {
    return [...this.#schemas.values()];
  }

  /** All registered resource types, in registration order. */
  resourceTypes(): ResourceTypeDefinition[] {
    return [...this.#resourceTypes.values()];
  }

  /** Finds a resource type by name (`User`) or endpoint (`/Users`), case-insensitively. */
  findResourceType(nameOrEndpoint: string): ResourceTypeSchema | undefined {
    const key = lower(nameOrEndpoint.replace(/^\//, ""));
    for (const rt of this.#resourceTypes.values()) {
      if (lower(rt.name) === key || lower(rt.endpoint.replace(/^\//, "")) === key)
        return this.resourceType(rt.name);
    }
    return undefined;
  }

  /** The resolved view of a resource type; throws a 404 `ScimError` when it is not registered. */
  resourceType(name: string): ResourceTypeSchema {
    const key = lower(name);
    const cached = this.#views.get(key);
    if (cached) return cached;
    const rt = this.#resourceTypes.get(key);
    if (!rt) throw ScimError.notFound(`unknown resource type "${name}"`);
    const view = buildView(rt, (urn) => this.#schemas.get(lower(urn)));
    this.#views.set(key, view);
    return view;
  }
}

function buildView(
  resourceType: ResourceTypeDefinition,
  schemaOf: (urn: string) => SchemaDefinition | undefined,
): ResourceTypeSchema {
  const schema = schemaOf(resourceType.schema)!;
  const extensions = (resourceType.schemaExtensions ?? []).map((e) => ({
    schema: schemaOf(e.schema)!,
    required: e.required,
  }));
  const all = [schema, ...extensions.map((e) => e.schema)];
  const schemaByUrn = (urn: string) => all.find((s) => lower(s.id) === lower(urn));
  // RFC 7643 §3.1: the common attributes (id, externalId, meta) are part of every base resource
  // schema, and their characteristics take precedence over a schema's own copy.
  const coreAttributes: readonly AttributeDefinition[] = [...commonAttributes, ...schema.attributes];
  const resolveIn = (s: SchemaDefinition, path: AttributePath): ResolvedAttribute | undefined => {
    const attribute = findAttribute(s === schema ? coreAttributes : s.attributes, path.attribute);
    if (!attribute) return undefined;
    const isExtension = s !== schema;
    if (path.subAttribute === undefined) return { schema: s, isExtension, attribute, target: attribute };
    const subAttribute = findAttribute(attribute.subAttributes, path.subAttribute);
    if (!subAttribute) return undefined;
    return { schema: s, isExtension, attribute, subAttribute, target: subAttribute };
  };
  return {
    resourceType,
    schema,
    extensions,
    schemaUrns: all.map((s) => s.id),
    schemaByUrn,
    resolve(path) {
      if (path.schema !== undefined) {
        const s = schemaByUrn(path.schema);
        return s ? resolveIn(s, path) : undefined;
      }
      for (const s of all) {
        const found = resolveIn(s, path);
        if (found) return found;
      }
      return undefined;
    },
  };
}
