import { z } from "zod";
import type { AttributeDefinition } from "../schemas/definition.js";
import { isBase64 } from "./base64.js";
import { isXsdDateTime } from "./xsd-date-time.js";

/** How a validator treats input; part of the cache key of derived validators. */
export interface AttributeValidatorOptions {
  /** `reject` (default) fails on attributes the schema does not define; `ignore` drops them. */
  readonly unknownAttributes: "reject" | "ignore";
  /**
   * `drop`: readOnly attributes are ignored as RFC 7643 §2.2 says for client input, and `required`
   * is not enforced for them. `keep`: validate a representation as a server returns it.
   */
  readonly readOnly: "drop" | "keep";
}

/** The message for a missing required value; other code recognises it. */
export const MISSING_REQUIRED = "required attribute is missing";

const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? MISSING_REQUIRED : `expected ${what}`;

/** The zod type of one value of an attribute (one element, for a multi-valued attribute). */
function singleValueValidator(
  definition: AttributeDefinition,
  options: AttributeValidatorOptions,
): z.ZodType {
  switch (definition.type) {
    case "string": {
      const text = z.string({ error: expected("string") });
      // RFC 7643 §4.1 "Each User MUST include a non-empty userName value": required means non-empty.
      return definition.required ? text.min(1, { error: "required attribute must not be empty" }) : text;
    }
    case "boolean":
      return z.boolean({ error: expected("boolean") });
    case "integer":
      // RFC 7643 §2.3.4: an integer has no fractional part.
      return z.number({ error: expected("integer") }).int({ error: expected("integer") });
    case "decimal":
      return z
        .number({ error: expected("decimal number") })
        .refine(Number.isFinite, { error: "expected decimal number" });
    case "dateTime":
      return z
        .string({ error: expected("xsd:dateTime string") })
        .refine(isXsdDateTime, { error: "expected xsd:dateTime (e.g. 2008-01-23T04:56:22Z)" });
    case "binary":
      return z
        .string({ error: expected("base64 string") })
        .refine(isBase64, { error: "expected base64-encoded binary (RFC 4648 §4)" });
    case "reference":
      return z.string({ error: expected("reference (URI string)") });
    case "complex":
      return complexValidator(definition.subAttributes ?? [], options);
  }
}

/** Builds the zod type of an attribute's full value (an array when multi-valued). */
export function attributeValidator(
  definition: AttributeDefinition,
  options: AttributeValidatorOptions,
): z.ZodType {
  const single = singleValueValidator(definition, options);
  if (!definition.multiValued) return single;
  const array = z.array(single, { error: expected("array") });
  const hasPrimary = definition.subAttributes?.some((s) => s.name === "primary" && s.type === "boolean");
  // RFC 7643 §2.4: "The primary attribute value 'true' MUST appear no more than once."
  return hasPrimary
    ? array.refine(
        (items) => items.filter((item) => isJsonObject(item) && item.primary === true).length <= 1,
        {
          error: "at most one value may have primary: true (RFC 7643 §2.4)",
        },
      )
    : array;
}

/** Builds the zod type of one element of an attribute (equal to the value for single-valued ones). */
export function attributeItemValidator(
  definition: AttributeDefinition,
  options: AttributeValidatorOptions,
): z.ZodType {
  return singleValueValidator(definition, options);
}

/** True when the attribute must be present in input validated with these options. */
export function isRequiredIn(definition: AttributeDefinition, options: AttributeValidatorOptions): boolean {
  return definition.required && !(options.readOnly === "drop" && definition.mutability === "readOnly");
}

/** The attributes that take part in validation: readOnly ones are skipped when input ignores them. */
export function acceptedAttributes(
  attributes: readonly AttributeDefinition[],
  options: AttributeValidatorOptions,
): AttributeDefinition[] {
  return attributes.filter((a) => !(options.readOnly === "drop" && a.mutability === "readOnly"));
}

/** The zod object shape of a set of attributes, keyed by their schema spelling. */
export function objectShape(
  attributes: readonly AttributeDefinition[],
  options: AttributeValidatorOptions,
): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const attribute of acceptedAttributes(attributes, options)) {
    const value = attributeValidator(attribute, options);
    shape[attribute.name] = isRequiredIn(attribute, options) ? value : value.optional();
  }
  return shape;
}

import { isJsonObject } from "../attribute-value.js";

export { isJsonObject };

const lowerCaseIndex = new WeakMap<readonly AttributeDefinition[], Map<string, AttributeDefinition>>();

/**
 * Renames keys to the schema's spelling (RFC 7643 §2.1: attribute names are case-insensitive),
 * drops `null` values (RFC 7643 §2.5: null is the same as unassigned), drops readOnly attributes
 * when input ignores them, and drops unknown keys when asked to; unknown keys that stay make the
 * strict object fail. Reports two keys naming the same attribute.
 */
export function normaliseKeys(
  attributes: readonly AttributeDefinition[],
  value: unknown,
  options: AttributeValidatorOptions,
  report: (message: string) => void,
): unknown {
  if (!isJsonObject(value)) return value;
  let byName = lowerCaseIndex.get(attributes);
  if (!byName) {
    byName = new Map(attributes.map((a) => [a.name.toLowerCase(), a]));
    lowerCaseIndex.set(attributes, byName);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // A JavaScript caller's `undefined` is no value at all.
    if (item === undefined) continue;
    const attribute = byName.get(key.toLowerCase());
    if (!attribute) {
      if (options.unknownAttributes === "reject") out[key] = item;
      continue;
    }
    if (item === null) continue;
    if (options.readOnly === "drop" && attribute.mutability === "readOnly") continue;
    if (attribute.name in out) {
      report(`"${key}" repeats attribute "${attribute.name}" (attribute names are case-insensitive)`);
      continue;
    }
    out[attribute.name] = item;
  }
  return out;
}

function complexValidator(
  subAttributes: readonly AttributeDefinition[],
  options: AttributeValidatorOptions,
): z.ZodType {
  const object = z.strictObject(objectShape(subAttributes, options), { error: expected("complex object") });
  return z.preprocess(
    (value, ctx) =>
      normaliseKeys(subAttributes, value, options, (message) =>
        ctx.addIssue({ code: "custom", message, input: value }),
      ),
    object,
  );
}
