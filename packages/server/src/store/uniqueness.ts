import { type AttributeDefinition, type ResourceTypeSchema, readAttribute } from "@scimkit/core";

/** A singular attribute whose value must be unique (RFC 7643 §7 `uniqueness: server | global`). */
export interface UniqueAttribute {
  /** The extension URN for extension attributes, else undefined. */
  readonly schema?: string;
  readonly attribute: AttributeDefinition;
}

/** The singular, simple attributes of `rt` that the store keeps unique. */
export function uniqueAttributesOf(rt: ResourceTypeSchema): UniqueAttribute[] {
  const found: UniqueAttribute[] = [];
  const collect = (attributes: readonly AttributeDefinition[], schema?: string) => {
    for (const attribute of attributes) {
      if (attribute.uniqueness === "none" || attribute.multiValued || attribute.type === "complex") continue;
      if (attribute.name === "id") continue;
      found.push(schema === undefined ? { attribute } : { schema, attribute });
    }
  };
  collect(rt.schema.attributes);
  for (const extension of rt.extensions) collect(extension.schema.attributes, extension.schema.id);
  return found;
}

/**
 * The comparable form of a unique attribute's value in `data`, or undefined when absent.
 * Case-insensitive attributes (`caseExact: false`) compare lower-cased (RFC 7643 §2.1).
 */
export function uniqueValueOf(data: Record<string, unknown>, unique: UniqueAttribute): string | undefined {
  let container: unknown = data;
  if (unique.schema !== undefined) container = readAttribute(data, unique.schema);
  if (typeof container !== "object" || container === null) return undefined;
  const value = readAttribute(container as Record<string, unknown>, unique.attribute.name);
  if (value === undefined || value === null) return undefined;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return unique.attribute.caseExact ? text : text.toLowerCase();
}
