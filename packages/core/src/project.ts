import type { ResourceTypeSchema } from "./registry.js";
import type { AttributeDefinition, SchemaDefinition } from "./schemas/definition.js";
import { isJsonObject } from "./validation/attribute-validator.js";
import { schemasLongestFirst, topLevelAttributes } from "./validation/resource-validator.js";

/** Options of {@link projectResource}: the RFC 7644 §3.9 query parameters, already split. */
export interface ProjectionOptions {
  /** `attributes`: return these (plus `returned: always` ones) instead of the default set. */
  readonly attributes?: readonly string[];
  /** `excludedAttributes`: remove these from the default set; no effect on `returned: always`. */
  readonly excludedAttributes?: readonly string[];
}

/**
 * Splits an `attributes` / `excludedAttributes` query parameter (RFC 7644 §3.9: "a comma-separated
 * list") into names, trimming blanks and dropping empty entries.
 *
 * @example
 * parseAttributeList("userName, name.givenName") // → ["userName", "name.givenName"]
 */
export function parseAttributeList(parameter: string | null | undefined): string[] {
  if (!parameter) return [];
  return parameter
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** Which sub-attributes of one attribute a list names: all of them, or some (lower-cased names). */
type SubSelection = "all" | Set<string>;
/** Per schema URN, per attribute name (both lower-cased): what a parameter list names. */
type Selection = Map<string, Map<string, SubSelection>>;

function addToSelection(selection: Selection, schemaId: string, attribute?: string, sub?: string): void {
  const schemaKey = schemaId.toLowerCase();
  let attributes = selection.get(schemaKey);
  if (!attributes) {
    attributes = new Map();
    selection.set(schemaKey, attributes);
  }
  // A bare schema URN names the whole schema (RFC 7644 §3.10 allows URN-qualified names).
  const attributeKey = attribute?.toLowerCase() ?? "*";
  const current = attributes.get(attributeKey);
  if (sub === undefined || current === "all") attributes.set(attributeKey, "all");
  else if (current instanceof Set) current.add(sub.toLowerCase());
  else attributes.set(attributeKey, new Set([sub.toLowerCase()]));
}

/**
 * Parses names in RFC 7644 §3.10 notation (`userName`, `name.givenName`,
 * `urn:…:enterprise:2.0:User:manager.value`, a bare extension URN) case-insensitively (RFC 7643
 * §2.1) into a selection. Names no schema of the resource type defines select nothing.
 */
function selectionOf(rt: ResourceTypeSchema, names: readonly string[]): Selection {
  const selection: Selection = new Map();
  const schemas = schemasLongestFirst(rt);
  for (const name of names) {
    const lower = name.toLowerCase();
    const owner = schemas.find(
      (s) => lower === s.id.toLowerCase() || lower.startsWith(`${s.id.toLowerCase()}:`),
    );
    const rest = owner ? name.slice(owner.id.length + 1) : name;
    if (owner && rest === "") {
      addToSelection(selection, owner.id);
      continue;
    }
    const dot = rest.indexOf(".");
    const attribute = dot < 0 ? rest : rest.slice(0, dot);
    const sub = dot < 0 ? undefined : rest.slice(dot + 1);
    const resolved = rt.resolve(owner ? { schema: owner.id, attribute } : { attribute });
    if (resolved) addToSelection(selection, resolved.schema.id, resolved.attribute.name, sub);
  }
  return selection;
}

/** What a selection names within one schema, or undefined when it names nothing there. */
function schemaSelection(selection: Selection | undefined, schema: SchemaDefinition) {
  return selection?.get(schema.id.toLowerCase());
}

function lookup(
  attributes: Map<string, SubSelection> | undefined,
  attribute: string,
): SubSelection | undefined {
  if (!attributes) return undefined;
  return attributes.get("*") ?? attributes.get(attribute.toLowerCase());
}

/** What the request says about one attribute or sub-attribute. */
interface Asked {
  /** Named in `attributes` (undefined when the parameter is absent). */
  readonly requested: SubSelection | undefined | null;
  /** Named in `excludedAttributes`. */
  readonly excluded: SubSelection | undefined;
}

function projectComplex(
  subAttributes: readonly AttributeDefinition[],
  value: Record<string, unknown>,
  asked: Asked,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sub of subAttributes) {
    if (!(sub.name in value)) continue;
    const key = sub.name.toLowerCase();
    const requested =
      asked.requested === null
        ? null
        : asked.requested === "all"
          ? "all"
          : asked.requested?.has(key)
            ? "all"
            : undefined;
    const excluded = asked.excluded === "all" ? "all" : asked.excluded?.has(key) ? "all" : undefined;
    if (include(sub, { requested, excluded })) out[sub.name] = value[sub.name];
  }
  return out;
}

/** RFC 7643 §7 `returned` combined with RFC 7644 §3.9 `attributes` / `excludedAttributes`. */
function include(definition: AttributeDefinition, asked: Asked): boolean {
  if (definition.returned === "never") return false;
  if (definition.returned === "always") return true;
  if (asked.excluded === "all") return false;
  if (asked.requested === null) return definition.returned === "default";
  return asked.requested !== undefined;
}

function projectAttribute(definition: AttributeDefinition, value: unknown, asked: Asked): unknown {
  if (!include(definition, asked)) return undefined;
  // `returned: always` is not affected by excludedAttributes, including for its sub-attributes.
  const effective: Asked =
    definition.returned === "always" ? { requested: "all", excluded: undefined } : asked;
  if (definition.type !== "complex" || !definition.subAttributes) return value;
  const subAsked: Asked = {
    // Naming the attribute itself returns all its sub-attributes (except `never`).
    requested: effective.requested === null ? null : effective.requested,
    excluded: effective.excluded,
  };
  const project = (item: unknown) =>
    isJsonObject(item) ? projectComplex(definition.subAttributes ?? [], item, subAsked) : item;
  if (Array.isArray(value)) {
    const items = value
      .map(project)
      .filter((item) => !(isJsonObject(item) && Object.keys(item).length === 0));
    return items.length > 0 ? items : undefined;
  }
  const projected = project(value);
  return isJsonObject(projected) && Object.keys(projected).length === 0 ? undefined : projected;
}

function projectAttributes(
  attributes: readonly AttributeDefinition[],
  schema: SchemaDefinition,
  source: Record<string, unknown>,
  requested: Selection | undefined,
  excluded: Selection,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Resolved once per schema: with no parameters (the common case) nothing is lower-cased per attribute.
  const requestedHere = schemaSelection(requested, schema);
  const excludedHere = schemaSelection(excluded, schema);
  for (const attribute of attributes) {
    const value = source[attribute.name];
    if (value === undefined || value === null) continue;
    const asked: Asked = {
      requested: requested ? lookup(requestedHere, attribute.name) : null,
      excluded: lookup(excludedHere, attribute.name),
    };
    const projected = projectAttribute(attribute, value, asked);
    if (projected !== undefined) out[attribute.name] = projected;
  }
  return out;
}

/**
 * Compiles `attributes` / `excludedAttributes` once and returns the function that shapes each
 * resource (see {@link projectResource}): for list responses, where one request shapes many.
 *
 * @example
 * const shape = createProjector(users, { excludedAttributes: ["emails"] });
 * const shaped = page.map(shape);
 */
export function createProjector(
  rt: ResourceTypeSchema,
  options: ProjectionOptions = {},
): (resource: Record<string, unknown>) => Record<string, unknown> {
  const requested =
    options.attributes && options.attributes.length > 0 ? selectionOf(rt, options.attributes) : undefined;
  const excluded = selectionOf(rt, options.excludedAttributes ?? []);
  const coreAttributes = topLevelAttributes(rt);
  return resourceShaper(
    rt,
    (source) => projectAttributes(coreAttributes, rt.schema, source, requested, excluded),
    (schema) => (source) => projectAttributes(schema.attributes, schema, source, requested, excluded),
  );
}

/** Shapes the attributes of one schema found in a resource (the core ones, or one extension's). */
type SchemaShaper = (source: Record<string, unknown>) => Record<string, unknown>;

/**
 * A resource shaped schema by schema: `schemas` as it is, the core attributes, then each extension
 * present, left out when nothing of it remains. Shared by the general and the default projector.
 */
function resourceShaper(
  rt: ResourceTypeSchema,
  core: SchemaShaper,
  extensionShaper: (schema: SchemaDefinition) => SchemaShaper,
): (resource: Record<string, unknown>) => Record<string, unknown> {
  const extensions = rt.extensions.map(({ schema }) => ({ id: schema.id, shape: extensionShaper(schema) }));
  return (resource) => {
    const out: Record<string, unknown> = {};
    if (resource.schemas !== undefined) out.schemas = resource.schemas;
    Object.assign(out, core(resource));
    for (const extension of extensions) {
      const value = resource[extension.id];
      if (!isJsonObject(value)) continue;
      const projected = extension.shape(value);
      if (Object.keys(projected).length > 0) out[extension.id] = projected;
    }
    return out;
  };
}

/**
 * Shapes a stored resource for a response (RFC 7644 §3.9 and RFC 7643 §7 `returned`):
 * `never` attributes are never returned, `request` ones only when named in `attributes`, `always`
 * ones always (`id`, and `schemas`), and `default` ones unless `attributes` names others or
 * `excludedAttributes` names them. Names match case-insensitively, may name sub-attributes
 * (`name.givenName`), be URN-qualified (`urn:…:User:employeeNumber`), or be a bare extension URN
 * (the whole extension). The resource is expected in the shape `validateResource` returns
 * (schema spelling, extensions under their URN); attributes no schema defines are not returned.
 *
 * @example
 * projectResource(users, stored, { attributes: ["userName", "name.givenName"] });
 * // → { schemas: [...], id: "…", userName: "bjensen", name: { givenName: "Barbara" } }
 */
export function projectResource(
  rt: ResourceTypeSchema,
  resource: Record<string, unknown>,
  options: ProjectionOptions = {},
): Record<string, unknown> {
  const plain = !options.attributes?.length && !options.excludedAttributes?.length;
  return (plain ? defaultProjectorOf(rt) : createProjector(rt, options))(resource);
}

/** The projector without `attributes`/`excludedAttributes` (almost every GET), compiled once per resource type. */
const defaultProjectors = new WeakMap<
  ResourceTypeSchema,
  (resource: Record<string, unknown>) => Record<string, unknown>
>();

function defaultProjectorOf(rt: ResourceTypeSchema) {
  let projector = defaultProjectors.get(rt);
  if (!projector) {
    projector = compileDefaultProjector(rt);
    defaultProjectors.set(rt, projector);
  }
  return projector;
}

/** An attribute the default projection returns, and for a complex one the sub-attributes it keeps. */
interface DefaultAttribute {
  readonly name: string;
  readonly subNames: readonly string[] | undefined;
}

/**
 * The default set of RFC 7643 §7 `returned` resolved once: `always` and `default` attributes, and
 * of a complex one the sub-attributes the same rule keeps (all but `never` below an `always`
 * attribute). What `createProjector(rt)` decides per attribute and per request, decided up front;
 * the output is the same, key order included (a test compares the two).
 */
function defaultAttributes(attributes: readonly AttributeDefinition[]): DefaultAttribute[] {
  return attributes
    .filter((attribute) => attribute.returned === "always" || attribute.returned === "default")
    .map((attribute) => ({
      name: attribute.name,
      subNames:
        attribute.type === "complex" && attribute.subAttributes
          ? attribute.subAttributes
              .filter((sub) =>
                attribute.returned === "always"
                  ? sub.returned !== "never"
                  : sub.returned === "always" || sub.returned === "default",
              )
              .map((sub) => sub.name)
          : undefined,
    }));
}

function projectDefaultComplex(subNames: readonly string[], value: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  let kept = false;
  for (const name of subNames) {
    if (!(name in value)) continue;
    out[name] = value[name];
    kept = true;
  }
  return kept ? out : undefined;
}

function projectDefault(attributes: readonly DefaultAttribute[], source: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const { name, subNames } of attributes) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    if (subNames === undefined) out[name] = value;
    else if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const item of value) {
        if (!isJsonObject(item)) items.push(item);
        else {
          const projected = projectDefaultComplex(subNames, item);
          if (projected) items.push(projected);
        }
      }
      if (items.length > 0) out[name] = items;
    } else if (isJsonObject(value)) {
      const projected = projectDefaultComplex(subNames, value);
      if (projected) out[name] = projected;
    } else out[name] = value;
  }
  return out;
}

function compileDefaultProjector(rt: ResourceTypeSchema) {
  const core = defaultAttributes(topLevelAttributes(rt));
  return resourceShaper(
    rt,
    (source) => projectDefault(core, source),
    (schema) => {
      const attributes = defaultAttributes(schema.attributes);
      return (source) => projectDefault(attributes, source);
    },
  );
}
