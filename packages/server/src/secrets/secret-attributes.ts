import {
  type AttributeDefinition,
  type AttributePath,
  findAttribute,
  isJsonObject,
  type ResourceTypeSchema,
  type SchemaDefinition,
  ScimError,
} from "@scimkit/core";
import { parsePath } from "@scimkit/filter";
import type { PasswordHasher } from "./password-hasher.js";

/**
 * What the server does with a clear-text secret (an attribute with `returned: "never"`, RFC 7643
 * §7, such as `password`, §4.1.1) sent in a POST, PUT, PATCH or Bulk request:
 * - `"hash"` (default): stores a salted hash from the configured {@link PasswordHasher};
 * - `"reject"`: answers 400 `invalidValue` and changes nothing;
 * - `"drop"`: stores nothing and goes on with the rest of the request.
 */
export type PasswordPolicy = "hash" | "reject" | "drop";

/** The policy and hasher the routes apply; see {@link PasswordPolicy}. */
export interface SecretProtection {
  readonly policy: PasswordPolicy;
  readonly hasher: PasswordHasher;
}

/** What a visitor returns to remove the value it was given. */
const DROP = Symbol("drop");

type Visit = (value: unknown, definition: AttributeDefinition) => Promise<unknown>;

/** RFC 7643 §7: a value that is never returned is a secret (`password`, or any such attribute). */
export const isSecretAttribute = (definition: AttributeDefinition): boolean =>
  definition.returned === "never";

/** Whether `rt` defines any secret, at the top level or as a sub-attribute. */
export function hasSecretAttributes(rt: ResourceTypeSchema): boolean {
  const schemas = [rt.schema, ...rt.extensions.map((extension) => extension.schema)];
  return schemas.some((schema) =>
    schema.attributes.some(
      (attribute) => isSecretAttribute(attribute) || (attribute.subAttributes ?? []).some(isSecretAttribute),
    ),
  );
}

/**
 * Applies the policy to the secrets in a resource (validated, so named as the schema names them)
 * and returns a copy. Values equal to a secret of `existing` (the stored resource, e.g. kept by a
 * PUT merge) are already protected and stay as they are.
 *
 * @throws {ScimError} 400 `invalidValue` for a secret under `"reject"` or one that is not a string.
 */
export async function protectResourceSecrets(
  rt: ResourceTypeSchema,
  data: Record<string, unknown>,
  protection: SecretProtection,
  existing?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!hasSecretAttributes(rt)) return data;
  const stored = new Set<string>();
  if (existing) {
    await walkResource(rt, structuredClone(existing), async (value) => {
      if (typeof value === "string") stored.add(value);
      return value;
    });
  }
  const copy = structuredClone(data);
  await walkResource(rt, copy, (value, definition) =>
    protectValue(value, definition, protection, (text) => stored.has(text)),
  );
  return copy;
}

/**
 * Applies the policy to the secrets that PATCH operations carry (RFC 7644 §3.5.2), before they are
 * applied: `{"op": "replace", "path": "password", "value": "..."}`, a path-less value naming
 * `password`, or a complex value with a secret sub-attribute. Under `"drop"`, an operation that
 * targets a secret is left out. Returns new operations; malformed ones pass through unchanged for
 * the PATCH engine to reject.
 */
export async function protectPatchSecrets(
  rt: ResourceTypeSchema,
  operations: readonly unknown[],
  protection: SecretProtection,
): Promise<unknown[]> {
  if (!hasSecretAttributes(rt)) return [...operations];
  const visit: Visit = (value, definition) => protectValue(value, definition, protection, () => false);
  const out: unknown[] = [];
  for (const raw of operations) {
    if (!isJsonObject(raw) || !("value" in raw) || String(raw.op).toLowerCase() === "remove") {
      out.push(raw);
      continue;
    }
    const operation = { ...raw, value: structuredClone(raw.value) };
    if (typeof raw.path === "string" && raw.path.trim() !== "") {
      const value = await protectAtPath(rt, raw.path, operation.value, visit);
      if (value === DROP) continue;
      operation.value = value;
    } else if (isJsonObject(operation.value)) {
      await walkContainer(rt, operation.value, rt.schema, visit, true);
    }
    out.push(operation);
  }
  return out;
}

/** Protects one secret value: a string, or the strings of a multi-valued secret. */
async function protectValue(
  value: unknown,
  definition: AttributeDefinition,
  protection: SecretProtection,
  alreadyProtected: (text: string) => boolean,
): Promise<unknown> {
  if (value === null || value === undefined) return value;
  if (definition.multiValued && Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const protectedItem = await protectValue(
        item,
        { ...definition, multiValued: false },
        protection,
        alreadyProtected,
      );
      if (protectedItem !== DROP) out.push(protectedItem);
    }
    return out.length > 0 ? out : DROP;
  }
  // The message names the attribute, never the value.
  if (typeof value !== "string") {
    throw ScimError.badRequest("invalidValue", `"${definition.name}" must be a string`);
  }
  if (alreadyProtected(value)) return value;
  switch (protection.policy) {
    case "reject":
      throw ScimError.badRequest(
        "invalidValue",
        `"${definition.name}" is not accepted by this service provider (it stores no passwords)`,
      );
    case "drop":
      return DROP;
    default:
      return protection.hasher.hash(value);
  }
}

/** Walks the core attributes of a resource and each extension object under its URN key. */
async function walkResource(rt: ResourceTypeSchema, data: Record<string, unknown>, visit: Visit) {
  await walkContainer(rt, data, rt.schema, visit, true);
}

/**
 * Visits the secrets of an object whose keys are attributes of `schema` (plus, at the resource
 * level, extension URNs and full attribute paths such as `urn:…:User:password` or `name.x`).
 */
async function walkContainer(
  rt: ResourceTypeSchema,
  container: Record<string, unknown>,
  schema: SchemaDefinition,
  visit: Visit,
  resourceLevel: boolean,
): Promise<void> {
  for (const key of Object.keys(container)) {
    const attribute = findAttribute(schema.attributes, key);
    if (attribute) {
      await replaceOrDrop(container, key, await visitAttribute(container[key], attribute, visit));
      continue;
    }
    if (!resourceLevel) continue;
    const extension = rt.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase());
    const nested = container[key];
    if (extension) {
      if (isJsonObject(nested)) await walkContainer(rt, nested, extension.schema, visit, false);
      continue;
    }
    // A path-less PATCH value may name attributes by path (`urn:…:User:password`, `name.givenName`).
    if (key.includes(":") || key.includes(".")) {
      await replaceOrDrop(container, key, await protectAtPath(rt, key, nested, visit));
    }
  }
}

async function replaceOrDrop(container: Record<string, unknown>, key: string, value: unknown) {
  if (value === DROP) delete container[key];
  else container[key] = value;
}

/** The value of `attribute` with its secrets visited: itself when secret, else its sub-attributes. */
async function visitAttribute(
  value: unknown,
  attribute: AttributeDefinition,
  visit: Visit,
): Promise<unknown> {
  if (isSecretAttribute(attribute)) return visit(value, attribute);
  if (attribute.type !== "complex" || !(attribute.subAttributes ?? []).some(isSecretAttribute)) return value;
  const elements = Array.isArray(value) ? value : [value];
  for (const element of elements) {
    if (!isJsonObject(element)) continue;
    for (const key of Object.keys(element)) {
      const sub = findAttribute(attribute.subAttributes, key);
      if (sub && isSecretAttribute(sub)) await replaceOrDrop(element, key, await visit(element[key], sub));
    }
  }
  return value;
}

/** Visits the secrets of a value written at a PATCH path (`password`, `keys[…].secret`, a URN). */
async function protectAtPath(
  rt: ResourceTypeSchema,
  pathText: string,
  value: unknown,
  visit: Visit,
): Promise<unknown> {
  const extension = rt.extensions.find((e) => e.schema.id.toLowerCase() === pathText.trim().toLowerCase());
  if (extension) {
    if (isJsonObject(value)) await walkContainer(rt, value, extension.schema, visit, false);
    return value;
  }
  let path: AttributePath;
  try {
    path = parsePath(pathText);
  } catch {
    return value; // not a path: the PATCH engine answers invalidPath
  }
  const resolved = rt.resolve({
    ...(path.schema === undefined ? {} : { schema: path.schema }),
    attribute: path.attribute,
  });
  if (!resolved) return value;
  if (path.subAttribute === undefined) return visitAttribute(value, resolved.attribute, visit);
  const sub = findAttribute(resolved.attribute.subAttributes, path.subAttribute);
  return sub && isSecretAttribute(sub) ? visit(value, sub) : value;
}
