import type { SchemaDefinition } from "./definition.js";
import { RESOURCE_TYPE_SCHEMA } from "./urns.js";

/**
 * The "ResourceType" schema (RFC 7643 §6), copied from RFC 7643 §8.7.2 with RFC 7643 §2.2 defaults
 * filled in.
 *
 * Correction: `schemaExtensions` is multi-valued and OPTIONAL, as the prose of §6 says ("A list of
 * URIs ... OPTIONAL") and the §8.6 example shows; §8.7.2 prints `multiValued: false, required: true`.
 */
export const resourceTypeSchema = {
  id: RESOURCE_TYPE_SCHEMA,
  name: "ResourceType",
  description: "Specifies the schema that describes a SCIM resource type",
  attributes: [
    {
      name: "id",
      type: "string",
      multiValued: false,
      description: "The resource type's server unique id. May be the same as the 'name' attribute.",
      required: false,
      caseExact: false,
      mutability: "readOnly",
      returned: "default",
      uniqueness: "none",
    },
    {
      name: "name",
      type: "string",
      multiValued: false,
      description:
        "The resource type name.  When applicable, service providers MUST specify the name, e.g., 'User'.",
      required: true,
      caseExact: false,
      mutability: "readOnly",
      returned: "default",
      uniqueness: "none",
    },
    {
      name: "description",
      type: "string",
      multiValued: false,
      description:
        "The resource type's human-readable description.  When applicable, service providers MUST specify the description.",
      required: false,
      caseExact: false,
      mutability: "readOnly",
      returned: "default",
      uniqueness: "none",
    },
    {
      name: "endpoint",
      type: "reference",
      multiValued: false,
      description: "The resource type's HTTP-addressable endpoint relative to the Base URL, e.g., '/Users'.",
      required: true,
      caseExact: false,
      mutability: "readOnly",
      returned: "default",
      uniqueness: "none",
      referenceTypes: ["uri"],
    },
    {
      name: "schema",
      type: "reference",
      multiValued: false,
      description: "The resource type's primary/base schema URI.",
      required: true,
      caseExact: true,
      mutability: "readOnly",
      returned: "default",
      uniqueness: "none",
      referenceTypes: ["uri"],
    },
    {
      name: "schemaExtensions",
      type: "complex",
      multiValued: true,
      description: "A list of URIs of the resource type's schema extensions.",
      required: false,
      caseExact: false,
      mutability: "readOnly",
      returned: "default",
      uniqueness: "none",
      subAttributes: [
        {
          name: "schema",
          type: "reference",
          multiValued: false,
          description: "The URI of a schema extension.",
          required: true,
          caseExact: true,
          mutability: "readOnly",
          returned: "default",
          uniqueness: "none",
          referenceTypes: ["uri"],
        },
        {
          name: "required",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value that specifies whether or not the schema extension is required for the resource type.  If true, a resource of this type MUST include this schema extension and also include any attributes declared as required in this schema extension. If false, a resource of this type MAY omit this schema extension.",
          required: true,
          caseExact: false,
          mutability: "readOnly",
          returned: "default",
          uniqueness: "none",
        },
      ],
    },
  ],
} as const satisfies SchemaDefinition;
