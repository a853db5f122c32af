import type { AttributeDefinition } from "../schemas/definition.js";

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it); only the keywords this package emits. */
export interface JsonSchema {
  type?: string;
  format?: string;
  contentEncoding?: string;
  description?: string;
  readOnly?: boolean;
  writeOnly?: boolean;
  examples?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: readonly unknown[];
  const?: unknown;
  $ref?: string;
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
}

/** RFC 7643 §2.3 data type → JSON Schema of one value. */
function valueSchema(attribute: AttributeDefinition): JsonSchema {
  switch (attribute.type) {
    case "string":
      // Canonical values are suggestions (RFC 7643 §7), so they are examples, not an enum.
      return attribute.canonicalValues && attribute.canonicalValues.length > 0
        ? { type: "string", examples: attribute.canonicalValues }
        : { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "integer":
      return { type: "integer" };
    case "decimal":
      return { type: "number" };
    case "dateTime":
      return { type: "string", format: "date-time" };
    case "binary":
      return { type: "string", contentEncoding: "base64" };
    case "reference":
      return { type: "string", format: "uri-reference" };
    case "complex":
      return objectSchema(attribute.subAttributes ?? []);
  }
}

/** JSON Schema of an attribute with its characteristics (`readOnly`, `writeOnly`, multi-valued). */
export function attributeSchema(attribute: AttributeDefinition): JsonSchema {
  const value = valueSchema(attribute);
  const schema: JsonSchema = attribute.multiValued ? { type: "array", items: value } : value;
  return {
    ...schema,
    description: attribute.description,
    ...(attribute.mutability === "readOnly" ? { readOnly: true } : {}),
    ...(attribute.mutability === "writeOnly" ? { writeOnly: true } : {}),
  };
}

/** JSON Schema of an object holding these attributes; `required: true` ones are required. */
export function objectSchema(attributes: readonly AttributeDefinition[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const attribute of attributes) properties[attribute.name] = attributeSchema(attribute);
  const required = attributes.filter((a) => a.required).map((a) => a.name);
  return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
}
