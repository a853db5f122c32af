import { ScimError } from "../errors.js";
import type { AttributeDefinition } from "../schemas/definition.js";
import { isJsonObject } from "./attribute-validator.js";

/** Compares two attribute values as SCIM does: strings by `caseExact` (RFC 7643 §2.2), the rest deeply. */
export function sameValue(definition: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (definition.multiValued && Array.isArray(a) && Array.isArray(b)) {
    const single = { ...definition, multiValued: false };
    return a.length === b.length && a.every((item) => b.some((other) => sameValue(single, item, other)));
  }
  if (typeof a === "string" && typeof b === "string") {
    return definition.caseExact || definition.type === "binary"
      ? a === b
      : a.toLowerCase() === b.toLowerCase();
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const subAttributes = definition.subAttributes ?? [];
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const sub = subAttributes.find((s) => s.name === key);
      if (sub ? !sameValue(sub, a[key], b[key]) : JSON.stringify(a[key]) !== JSON.stringify(b[key]))
        return false;
    }
    return true;
  }
  return a === b;
}

const isAssigned = (value: unknown) =>
  value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/**
 * RFC 7644 §3.5.1 / RFC 7643 §2.2: an immutable attribute may be set when it has no value yet;
 * once it has one, the input MUST match, else 400 `mutability`. Applies to immutable attributes
 * and to immutable sub-attributes of single-valued complex attributes (sub-attributes of
 * multi-valued ones, like `members.value`, belong to values that may be added or removed).
 */
export function checkImmutable(
  attributes: readonly AttributeDefinition[],
  input: Record<string, unknown>,
  existing: Record<string, unknown> | undefined,
  pathOf: (name: string) => string,
): void {
  if (!existing) return;
  for (const attribute of attributes) {
    const next = input[attribute.name];
    const current = existing[attribute.name];
    if (next === undefined || !isAssigned(current)) continue;
    if (attribute.mutability === "immutable") {
      if (!sameValue(attribute, next, current)) {
        throw new ScimError(
          400,
          "mutability",
          `${pathOf(attribute.name)}: immutable attribute cannot be changed`,
        );
      }
    } else if (
      attribute.type === "complex" &&
      !attribute.multiValued &&
      isJsonObject(next) &&
      isJsonObject(current)
    ) {
      checkImmutable(
        attribute.subAttributes ?? [],
        next,
        current,
        (name) => `${pathOf(attribute.name)}.${name}`,
      );
    }
  }
}
