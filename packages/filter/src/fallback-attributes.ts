import type { AttributeDefinition, AttributePath, ResourceTypeSchema, SchemaDefinition } from "@scimkit/core";
import { findAttribute } from "@scimkit/core";

const string = (name: string, caseExact: boolean, type: "string" | "reference" = "string") =>
  ({
    name,
    type,
    multiValued: false,
    description: "",
    required: false,
    caseExact,
    mutability: "readOnly",
    returned: "default",
    uniqueness: "none",
  }) satisfies AttributeDefinition;

/**
 * Attributes every resource has but a resource type's schemas may not list: `schemas` (RFC 7643
 * §3) and, for registries that leave them out, the §3.1 common attributes `id`, `externalId` and
 * `meta` with the characteristics §3.1 states.
 */
const commonAttributes: readonly AttributeDefinition[] = [
  { ...string("schemas", false, "reference"), multiValued: true, returned: "always" },
  { ...string("id", true), returned: "always" },
  { ...string("externalId", true), mutability: "readWrite" },
  {
    ...string("meta", false),
    type: "complex",
    subAttributes: [
      string("resourceType", true),
      { ...string("created", false), type: "dateTime" },
      { ...string("lastModified", false), type: "dateTime" },
      string("location", true, "reference"),
      string("version", true),
    ],
  },
];

/** Resolves a top-level common attribute the resource type's own `resolve` did not know. */
export function fallbackAttribute(
  rt: ResourceTypeSchema,
  path: AttributePath,
):
  | {
      readonly schema: SchemaDefinition;
      readonly isExtension: false;
      readonly attribute: AttributeDefinition;
    }
  | undefined {
  if (path.schema !== undefined && path.schema.toLowerCase() !== rt.schema.id.toLowerCase()) return undefined;
  const attribute = findAttribute(commonAttributes, path.attribute);
  return attribute ? { schema: rt.schema, isExtension: false, attribute } : undefined;
}
