import type { z } from "zod";
import { ScimError } from "./errors.js";
import type { ResourceTypeSchema } from "./registry.js";
import type { AttributeDefinition } from "./schemas/definition.js";
import {
  type AttributeValidatorOptions,
  attributeItemValidator,
  attributeValidator,
  isJsonObject,
} from "./validation/attribute-validator.js";
import { checkImmutable } from "./validation/immutability.js";
import { toScimError } from "./validation/issues.js";
import { nestExtensions, resourceValidator, topLevelAttributes } from "./validation/resource-validator.js";

export type { AttributeValidatorOptions } from "./validation/attribute-validator.js";
export { isBase64 } from "./validation/base64.js";
export { resourceValidator } from "./validation/resource-validator.js";
export { isXsdDateTime } from "./validation/xsd-date-time.js";

/** Options of {@link validateResource}. */
export interface ValidateResourceOptions {
  /**
   * `create` (POST) and `replace` (PUT) validate client input: readOnly attributes are dropped.
   * `response` validates a representation as a server returns it (readOnly attributes kept and
   * their `required` enforced), e.g. discovery documents.
   */
  readonly mode: "create" | "replace" | "response";
  /** The stored resource, for the immutable check of `replace` (RFC 7644 §3.5.1). */
  readonly existing?: Record<string, unknown>;
  /** Attributes no schema of the resource type defines: `reject` (default, 400 invalidValue) or `ignore` (dropped). */
  readonly unknownAttributes?: "reject" | "ignore";
  /** URNs in `schemas` that the resource type does not know: `reject` (default, 400 invalidValue) or `ignore` (dropped). */
  readonly unknownSchemas?: "reject" | "ignore";
}

/**
 * Validates a resource body against a resource type's schemas (RFC 7643) and returns it cleaned:
 * attribute names in the schema's spelling (RFC 7643 §2.1), extension attributes nested under
 * their schema URN, `null`s removed (RFC 7643 §2.5), readOnly attributes (`id`, `meta`, `groups`, …)
 * dropped in `create`/`replace` mode, and `schemas` normalised.
 *
 * @throws ScimError 400 `invalidSyntax` for a body that is not an object or lacks a `schemas` array;
 *   400 `invalidValue` naming the attribute path for a wrong value, a missing required attribute, an
 *   unknown attribute or schema; 400 `mutability` when `replace` changes an immutable value.
 *
 * @example
 * const users = createDefaultRegistry().resourceType("User");
 * const user = validateResource(users, { schemas: [USER_SCHEMA], USERNAME: "bjensen" }, { mode: "create" });
 * // → { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "bjensen" }
 */
export function validateResource(
  rt: ResourceTypeSchema,
  body: unknown,
  options: ValidateResourceOptions,
): Record<string, unknown> {
  if (!isJsonObject(body)) throw new ScimError(400, "invalidSyntax", "the resource must be a JSON object");
  const validatorOptions: AttributeValidatorOptions = {
    unknownAttributes: options.unknownAttributes ?? "reject",
    readOnly: options.mode === "response" ? "keep" : "drop",
  };
  const problems: string[] = [];
  const nested = nestExtensions(rt, body, validatorOptions, (m) => problems.push(m));
  if (problems.length > 0) throw new ScimError(400, "invalidSyntax", problems.join("; "));
  nested.schemas = checkSchemas(rt, nested, options.unknownSchemas ?? "reject");
  for (const extension of rt.extensions) {
    // RFC 7643 §6: a required extension's required attributes must be present, so validate an empty object.
    if (extension.required && nested[extension.schema.id] === undefined) nested[extension.schema.id] = {};
  }
  const result = (resourceValidator(rt, validatorOptions) as z.ZodType<Record<string, unknown>>).safeParse(
    nested,
  );
  if (!result.success) throw toScimError("", result.error);
  const clean = result.data;
  if (options.mode === "replace") {
    checkImmutable(topLevelAttributes(rt), clean, options.existing, (name) => name);
    for (const extension of rt.extensions) {
      const input = clean[extension.schema.id];
      const stored = options.existing?.[extension.schema.id];
      if (isJsonObject(input) && isJsonObject(stored)) {
        checkImmutable(
          extension.schema.attributes,
          input,
          stored,
          (name) => `${extension.schema.id}:${name}`,
        );
      }
    }
  }
  return clean;
}

/**
 * RFC 7643 §3: `schemas` is REQUIRED, lists the core schema and the extensions the resource uses.
 * Returns the URNs in their registered spelling, core schema first; adds the URN of an extension
 * whose attributes are present but which `schemas` forgot.
 */
function checkSchemas(
  rt: ResourceTypeSchema,
  resource: Record<string, unknown>,
  unknownSchemas: "reject" | "ignore",
): string[] {
  const listed = resource.schemas;
  if (listed === undefined)
    throw new ScimError(400, "invalidSyntax", "schemas: required attribute is missing");
  if (!Array.isArray(listed) || !listed.every((s): s is string => typeof s === "string")) {
    throw new ScimError(400, "invalidSyntax", "schemas: expected an array of schema URN strings");
  }
  const urns = new Set<string>();
  for (const urn of listed) {
    const schema = rt.schemaByUrn(urn);
    if (schema) urns.add(schema.id);
    else if (unknownSchemas === "reject") {
      throw new ScimError(
        400,
        "invalidValue",
        `schemas: "${urn}" is not a schema of resource type ${rt.resourceType.name}`,
      );
    }
  }
  if (!urns.has(rt.schema.id)) {
    throw new ScimError(400, "invalidValue", `schemas: must contain the core schema "${rt.schema.id}"`);
  }
  for (const extension of rt.extensions) {
    if (resource[extension.schema.id] !== undefined) urns.add(extension.schema.id);
    else if (extension.required && !urns.has(extension.schema.id)) {
      throw new ScimError(
        400,
        "invalidValue",
        `schemas: the required extension "${extension.schema.id}" is missing`,
      );
    }
  }
  return [rt.schema.id, ...rt.schemaUrns.filter((u) => u !== rt.schema.id && urns.has(u))];
}

/** Options of {@link validateAttributeValue}. */
export interface ValidateAttributeValueOptions {
  /** Validate one element of a multi-valued attribute instead of the whole array. */
  readonly item?: boolean;
  /** Sub-attributes the definition does not know: `reject` (default) or `ignore`. */
  readonly unknownAttributes?: "reject" | "ignore";
  /** `drop` (default) ignores readOnly sub-attributes as in client input; `keep` validates them. */
  readonly readOnly?: "drop" | "keep";
}

const attributeCache = new WeakMap<AttributeDefinition, Map<string, z.ZodType>>();

/**
 * Validates one attribute value against its definition (used for PATCH values) and returns it
 * normalised (sub-attribute names in schema spelling, `null` sub-attributes removed).
 *
 * @param path the attribute path to name in errors, e.g. `emails` or `urn:…:User:manager`.
 * @throws ScimError 400 `invalidValue`, e.g. `emails[0].value: expected string`.
 *
 * @example
 * const emails = userSchema.attributes.find((a) => a.name === "emails")!;
 * validateAttributeValue(emails, [{ Value: "a@example.com" }], "emails"); // → [{ value: "a@example.com" }]
 */
export function validateAttributeValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
  options: ValidateAttributeValueOptions = {},
): unknown {
  const validatorOptions: AttributeValidatorOptions = {
    unknownAttributes: options.unknownAttributes ?? "reject",
    readOnly: options.readOnly ?? "drop",
  };
  const key = `${options.item === true}|${validatorOptions.unknownAttributes}|${validatorOptions.readOnly}`;
  let perOptions = attributeCache.get(definition);
  if (!perOptions) {
    perOptions = new Map();
    attributeCache.set(definition, perOptions);
  }
  let validator = perOptions.get(key);
  if (!validator) {
    validator = options.item
      ? attributeItemValidator(definition, validatorOptions)
      : attributeValidator(definition, validatorOptions);
    perOptions.set(key, validator);
  }
  const result = validator.safeParse(value);
  if (!result.success) throw toScimError(path, result.error);
  return result.data;
}
