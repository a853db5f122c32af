import { z } from "zod";
import type { ResourceTypeSchema } from "../registry.js";
import { commonAttributes } from "../schemas/common.js";
import type { AttributeDefinition, SchemaDefinition } from "../schemas/definition.js";
import {
  type AttributeValidatorOptions,
  isJsonObject,
  normaliseKeys,
  objectShape,
} from "./attribute-validator.js";

/** The attributes a resource's top level may carry: RFC 7643 §3.1 common ones first, then the core schema. */
export function topLevelAttributes(rt: ResourceTypeSchema): readonly AttributeDefinition[] {
  let attributes = topLevelCache.get(rt);
  if (!attributes) {
    const common = new Set(commonAttributes.map((a) => a.name.toLowerCase()));
    // RFC 7643 §3.1: the common attributes' characteristics take precedence over a schema's own copy.
    attributes = [
      ...commonAttributes,
      ...rt.schema.attributes.filter((a) => !common.has(a.name.toLowerCase())),
    ];
    topLevelCache.set(rt, attributes);
  }
  return attributes;
}

const topLevelCache = new WeakMap<ResourceTypeSchema, readonly AttributeDefinition[]>();
const schemasByLength = new WeakMap<ResourceTypeSchema, readonly SchemaDefinition[]>();

/** The resource type's schemas, longest URN first so a URN that prefixes another cannot capture its keys. */
export function schemasLongestFirst(rt: ResourceTypeSchema): readonly SchemaDefinition[] {
  let schemas = schemasByLength.get(rt);
  if (!schemas) {
    schemas = [rt.schema, ...rt.extensions.map((e) => e.schema)].sort((a, b) => b.id.length - a.id.length);
    schemasByLength.set(rt, schemas);
  }
  return schemas;
}

const cache = new WeakMap<ResourceTypeSchema, Map<string, z.ZodType>>();

function extensionValidator(extension: SchemaDefinition, options: AttributeValidatorOptions): z.ZodType {
  const object = z.strictObject(objectShape(extension.attributes, options), {
    error: (issue) =>
      issue.input === undefined ? "required extension is missing" : "expected complex object",
  });
  return z.preprocess(
    (value, ctx) =>
      normaliseKeys(extension.attributes, value, options, (message) =>
        ctx.addIssue({ code: "custom", message, input: value }),
      ),
    object,
  );
}

/**
 * The zod validator of a resource of this type, derived from its schemas: a strict object with the
 * common attributes, the core schema's attributes and one object per extension under its URN.
 * It expects input whose top-level keys are already in schema spelling (see `validateResource`).
 * Cached per resource type view and options.
 */
export function resourceValidator(rt: ResourceTypeSchema, options: AttributeValidatorOptions): z.ZodType {
  let perOptions = cache.get(rt);
  if (!perOptions) {
    perOptions = new Map();
    cache.set(rt, perOptions);
  }
  const key = `${options.unknownAttributes}|${options.readOnly}`;
  const cached = perOptions.get(key);
  if (cached) return cached;
  const shape: Record<string, z.ZodType> = {
    schemas: z.array(z.string()).optional(),
    ...objectShape(topLevelAttributes(rt), options),
  };
  for (const extension of rt.extensions) {
    shape[extension.schema.id] = extensionValidator(extension.schema, options).optional();
  }
  const validator = z.strictObject(shape);
  perOptions.set(key, validator);
  return validator;
}

/** Sets `target[name]` (matched case-insensitively), merging objects so two spellings of one attribute combine. */
function assignCaseInsensitive(
  target: Record<string, unknown>,
  name: string,
  value: unknown,
  report: (message: string) => void,
): void {
  const existingKey = Object.keys(target).find((k) => k.toLowerCase() === name.toLowerCase());
  if (existingKey === undefined) {
    target[name] = value;
    return;
  }
  const current = target[existingKey];
  if (isJsonObject(current) && isJsonObject(value)) {
    // Merge into a copy: the objects may be the caller's, which validation never modifies.
    const merged = { ...current };
    for (const [key, item] of Object.entries(value)) assignCaseInsensitive(merged, key, item, report);
    target[existingKey] = merged;
  } else {
    report(`"${name}" repeats attribute "${existingKey}" (attribute names are case-insensitive)`);
  }
}

/** Places a value at `attribute` or `attribute.subAttribute` inside `target`. */
function assignPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
  report: (message: string) => void,
): void {
  const dot = path.indexOf(".");
  if (dot < 0) assignCaseInsensitive(target, path, value, report);
  else assignCaseInsensitive(target, path.slice(0, dot), { [path.slice(dot + 1)]: value }, report);
}

/**
 * Moves extension attributes under their schema URN: both the extension object
 * (`"urn:…:enterprise:2.0:User": {…}`) and URN-qualified keys
 * (`"urn:…:enterprise:2.0:User:employeeNumber"`, RFC 7644 §3.10) land in one object keyed by the
 * registered URN spelling. Core-URN-qualified keys (`"urn:…:core:2.0:User:userName"`) become plain keys.
 * Top-level attribute names are renamed to the schema spelling (RFC 7643 §2.1).
 */
export function nestExtensions(
  rt: ResourceTypeSchema,
  body: Record<string, unknown>,
  options: AttributeValidatorOptions,
  report: (message: string) => void,
): Record<string, unknown> {
  const schemas = schemasLongestFirst(rt);
  const plain: Record<string, unknown> = {};
  const extensions: Record<string, unknown> = {};
  let schemasValue: unknown;
  for (const [key, value] of Object.entries(body)) {
    const lowerKey = key.toLowerCase();
    if (lowerKey === "schemas") {
      schemasValue = value;
      continue;
    }
    const owner = schemas.find(
      (s) => lowerKey === s.id.toLowerCase() || lowerKey.startsWith(`${s.id.toLowerCase()}:`),
    );
    if (!owner) {
      // A URN of a schema this resource type lacks is one unknown name, not a dotted path.
      if (lowerKey.startsWith("urn:")) assignCaseInsensitive(plain, key, value, report);
      else assignPath(plain, key, value, report);
      continue;
    }
    const rest = key.slice(owner.id.length + 1);
    if (owner === rt.schema) {
      if (rest === "") report(`"${key}": the core schema URN is not an attribute`);
      else assignPath(plain, rest, value, report);
      continue;
    }
    if (value === null && rest === "") continue;
    if (rest === "" && !isJsonObject(value)) {
      // Kept as is so the validator reports "expected complex object" at this path.
      extensions[owner.id] = value;
      continue;
    }
    const current = extensions[owner.id];
    if (current !== undefined && !isJsonObject(current)) continue;
    const target: Record<string, unknown> = current ?? {};
    extensions[owner.id] = target;
    if (rest === "") {
      for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
        assignCaseInsensitive(target, name, item, report);
      }
    } else {
      assignPath(target, rest, value, report);
    }
  }
  const out: Record<string, unknown> = {};
  if (schemasValue !== undefined) out.schemas = schemasValue;
  Object.assign(out, normaliseKeys(topLevelAttributes(rt), plain, options, report));
  Object.assign(out, extensions);
  return out;
}
