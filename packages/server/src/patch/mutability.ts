import { type AttributeDefinition, isJsonObject, ScimError } from "@scimkit/core";
import { jsonEqual } from "../json-equal.js";
import { isAssigned } from "./target.js";

const mutability = (detail: string) => ScimError.badRequest("mutability", detail);

/**
 * RFC 7644 §3.5.2: "a client MUST NOT modify an attribute that has mutability readOnly or
 * immutable. However, a client MAY add a value to an immutable attribute if the attribute had no
 * previous value." Writing the value already there modifies nothing and is accepted.
 */
export function assertMayChange(
  def: AttributeDefinition,
  current: unknown,
  next: unknown,
  where: string,
): void {
  if (jsonEqual(current, next) || (!isAssigned(current) && !isAssigned(next))) return;
  if (def.mutability === "readOnly") {
    throw mutability(`${where}: "${def.name}" is readOnly (RFC 7644 §3.5.2)`);
  }
  if (def.mutability === "immutable" && isAssigned(current)) {
    throw mutability(`${where}: "${def.name}" is immutable and already has a value (RFC 7644 §3.5.2)`);
  }
}

/** Checks sub-attribute mutability when a complex value changes from `old` to `next`. */
export function assertSubAttributesMayChange(
  def: AttributeDefinition,
  old: Record<string, unknown>,
  next: Record<string, unknown>,
  where: string,
): void {
  for (const sub of def.subAttributes ?? []) {
    assertMayChange(sub, old[sub.name], next[sub.name], `${where}.${sub.name}`);
  }
}

/**
 * RFC 7644 §3.5.2.2: "If an attribute is removed or becomes unassigned and is defined as a required
 * attribute or a read-only attribute, the server SHALL return ... a scimType error code of
 * mutability." Immutable values cannot be removed either (§3.5.2).
 */
export function assertMayRemove(def: AttributeDefinition, current: unknown, where: string): void {
  if (!isAssigned(current)) return;
  if (def.mutability === "readOnly" || def.mutability === "immutable") {
    throw mutability(
      `${where}: "${def.name}" is ${def.mutability} and cannot be removed (RFC 7644 §3.5.2.2)`,
    );
  }
  if (def.required) {
    throw mutability(`${where}: "${def.name}" is required and cannot be removed (RFC 7644 §3.5.2.2)`);
  }
}

/** A new complex value must carry its required sub-attributes (RFC 7643 §2.2 "required"). */
export function assertRequiredSubAttributes(def: AttributeDefinition, value: unknown, where: string): void {
  if (def.type !== "complex" || !isJsonObject(value)) return;
  for (const sub of def.subAttributes ?? []) {
    if (sub.required && !isAssigned(value[sub.name])) {
      throw ScimError.badRequest("invalidValue", `${where}: "${def.name}.${sub.name}" is required`);
    }
  }
}

/**
 * A replaced record keeps the readOnly and immutable sub-attributes it had when the new value omits
 * them: the client cannot set them, so omitting them is not a request to clear them.
 */
export function keepServerManaged(
  def: AttributeDefinition,
  old: Record<string, unknown>,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const next = { ...given };
  for (const sub of def.subAttributes ?? []) {
    const managed = sub.mutability === "readOnly" || sub.mutability === "immutable";
    if (managed && !isAssigned(next[sub.name]) && isAssigned(old[sub.name])) next[sub.name] = old[sub.name];
  }
  return next;
}
