import { type AttributeDefinition, findAttribute, isJsonObject, validateAttributeValue } from "@scimkit/core";
import type { InteropRule } from "../interop-rules.js";

/** What value normalisation needs to know besides the attribute definition. */
export interface ValueRules {
  readonly rules: ReadonlySet<InteropRule>;
  /** Unknown sub-attributes: rejected with 400 invalidValue, or dropped. */
  readonly unknownAttributes: "reject" | "ignore";
}

/**
 * Normalises the value of a whole multi-valued attribute to an array of normalised elements. A
 * single element is accepted and wrapped (RFC 7644 §3.5.2.1 "a new value is added"); `null`
 * becomes an empty array (RFC 7643 §2.5).
 */
export function normalizeMultiValue(
  def: AttributeDefinition,
  value: unknown,
  where: string,
  ctx: ValueRules,
): unknown[] {
  if (value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const out: unknown[] = [];
  items.forEach((item, i) => {
    const normalized = normalizeSingleValue(def, item, `${where}[${i}]`, ctx);
    if (normalized !== undefined) out.push(normalized);
  });
  return out;
}

/**
 * Normalises one value of `def` (one element when `def` is multi-valued) with core's
 * `validateAttributeValue`: JSON types per RFC 7643 §2.3, sub-attribute names in the schema's
 * spelling (RFC 7643 §2.1), null sub-attributes dropped (RFC 7643 §2.5). The enabled interop rules
 * rewrite the value first. readOnly sub-attributes are kept so the caller can check mutability.
 * Returns `undefined` for `null`. Throws 400 invalidValue naming the attribute path.
 */
export function normalizeSingleValue(
  def: AttributeDefinition,
  value: unknown,
  where: string,
  ctx: ValueRules,
): unknown {
  const rewritten = value === null ? null : rewriteInteropValue(def, value, ctx.rules);
  if (rewritten === null) return undefined;
  return validateAttributeValue(def, rewritten, where, {
    item: def.multiValued,
    unknownAttributes: ctx.unknownAttributes,
    readOnly: "keep",
  });
}

/**
 * Rewrites the deviations the enabled rules accept in one value of `def` (an element when
 * multi-valued): boolean strings (booleanStrings) and a bare string for a manager-like complex
 * attribute (managerAsString), recursively through sub-attributes.
 */
export function rewriteInteropValue(
  def: AttributeDefinition,
  value: unknown,
  rules: ReadonlySet<InteropRule>,
): unknown {
  if (rules.size === 0) return value;
  if (
    def.type === "boolean" &&
    rules.has("booleanStrings") &&
    typeof value === "string" &&
    /^(true|false)$/i.test(value)
  ) {
    return value.toLowerCase() === "true";
  }
  if (def.type !== "complex") return value;
  if (typeof value === "string" && rules.has("managerAsString") && isManagerLike(def)) {
    // Entra clears the manager with an empty string (SCIM-SDK #652): that is unassigned.
    if (value === "") return null;
    return { [findAttribute(def.subAttributes, "value")?.name ?? "value"]: value };
  }
  if (!isJsonObject(value)) return value;
  // fromEntries defines own properties, so a "__proto__" key in client JSON stays a plain key.
  return Object.fromEntries(
    Object.entries(value).map(([key, raw]) => {
      const sub = findAttribute(def.subAttributes, key);
      return [key, sub ? rewriteAttributeValue(sub, raw, rules) : raw];
    }),
  );
}

/** {@link rewriteInteropValue} for a whole attribute value (an array when multi-valued). */
export function rewriteAttributeValue(
  def: AttributeDefinition,
  value: unknown,
  rules: ReadonlySet<InteropRule>,
): unknown {
  if (def.multiValued && Array.isArray(value))
    return value.map((item) => rewriteInteropValue(def, item, rules));
  return rewriteInteropValue(def, value, rules);
}

/** A single-valued complex attribute with a `value` sub-attribute, like the enterprise `manager`. */
export function isManagerLike(def: AttributeDefinition): boolean {
  return (
    def.type === "complex" && !def.multiValued && findAttribute(def.subAttributes, "value") !== undefined
  );
}
