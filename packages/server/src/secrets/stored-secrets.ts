import { findAttribute, isJsonObject, type ResourceTypeSchema, type SchemaDefinition } from "@scimkit/core";
import { isSecretAttribute } from "./secret-attributes.js";

/** One secret string in a stored resource, and how to overwrite it in place. */
export interface SecretSlot {
  readonly value: string;
  set(replacement: string): void;
}

/**
 * The secret strings of a stored resource (attributes and sub-attributes with `returned: "never"`,
 * in the core schema and under each extension's URN key), for migrations that hash what was
 * stored in clear before.
 */
export function secretSlots(rt: ResourceTypeSchema, data: Record<string, unknown>): SecretSlot[] {
  const slots: SecretSlot[] = [];
  const inContainer = (container: Record<string, unknown>, schema: SchemaDefinition) => {
    for (const key of Object.keys(container)) {
      const attribute = findAttribute(schema.attributes, key);
      if (!attribute) continue;
      if (isSecretAttribute(attribute)) {
        collect(container, key, slots);
        continue;
      }
      const subs = (attribute.subAttributes ?? []).filter(isSecretAttribute);
      if (subs.length === 0) continue;
      const value = container[key];
      for (const element of Array.isArray(value) ? value : [value]) {
        if (!isJsonObject(element)) continue;
        for (const subKey of Object.keys(element)) {
          if (findAttribute(subs, subKey)) collect(element, subKey, slots);
        }
      }
    }
  };
  inContainer(data, rt.schema);
  for (const { schema } of rt.extensions) {
    const key = Object.keys(data).find((k) => k.toLowerCase() === schema.id.toLowerCase());
    const nested = key === undefined ? undefined : data[key];
    if (isJsonObject(nested)) inContainer(nested, schema);
  }
  return slots;
}

function collect(holder: Record<string, unknown>, key: string, slots: SecretSlot[]) {
  const value = holder[key];
  if (typeof value === "string") {
    slots.push({ value, set: (replacement) => (holder[key] = replacement) });
    return;
  }
  if (!Array.isArray(value)) return;
  value.forEach((item, index) => {
    if (typeof item === "string")
      slots.push({ value: item, set: (replacement) => (value[index] = replacement) });
  });
}

/** The values-table keys of a resource type's secrets, so migrations can delete their rows. */
export function secretValueKeys(rt: ResourceTypeSchema): string[] {
  const keys: string[] = [];
  const add = (schema: SchemaDefinition, extension: boolean) => {
    const prefix = extension ? `${schema.id}:` : "";
    for (const attribute of schema.attributes) {
      if (isSecretAttribute(attribute)) keys.push(`${prefix}${attribute.name}`.toLowerCase());
      for (const sub of attribute.subAttributes ?? []) {
        if (isSecretAttribute(sub)) keys.push(`${prefix}${attribute.name}.${sub.name}`.toLowerCase());
      }
    }
  };
  add(rt.schema, false);
  for (const { schema } of rt.extensions) add(schema, true);
  return keys;
}
