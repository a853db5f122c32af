import type { AttributeDefinition } from "./definition.js";

/**
 * The common attributes every resource carries (RFC 7643 §3.1): `id`, `externalId` and `meta`.
 * They belong to every base resource schema without a `schemas` URI of their own, so they are kept
 * apart from the schema definitions served by `/Schemas` and resolved next to the core schema.
 * Characteristics are the ones §3.1 states, with RFC 7643 §2.2 defaults for the rest.
 */
export const commonAttributes = [
  {
    name: "id",
    type: "string",
    multiValued: false,
    description:
      "A unique identifier for a SCIM resource as defined by the service provider.  Each representation of the resource MUST include a non-empty 'id' value.",
    required: false,
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
  },
  {
    name: "externalId",
    type: "string",
    multiValued: false,
    description:
      "A String that is an identifier for the resource as defined by the provisioning client.  The value of the 'externalId' attribute is always issued by the provisioning client.",
    required: false,
    caseExact: true,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
  },
  {
    name: "meta",
    type: "complex",
    multiValued: false,
    description:
      "A complex attribute containing resource metadata.  All 'meta' sub-attributes are assigned by the service provider.",
    required: false,
    caseExact: false,
    mutability: "readOnly",
    returned: "default",
    uniqueness: "none",
    subAttributes: [
      {
        name: "resourceType",
        type: "string",
        multiValued: false,
        description: "The name of the resource type of the resource.",
        required: false,
        caseExact: true,
        mutability: "readOnly",
        returned: "default",
        uniqueness: "none",
      },
      {
        name: "created",
        type: "dateTime",
        multiValued: false,
        description: "The 'DateTime' that the resource was added to the service provider.",
        required: false,
        caseExact: false,
        mutability: "readOnly",
        returned: "default",
        uniqueness: "none",
      },
      {
        name: "lastModified",
        type: "dateTime",
        multiValued: false,
        description:
          "The most recent DateTime that the details of this resource were updated at the service provider.",
        required: false,
        caseExact: false,
        mutability: "readOnly",
        returned: "default",
        uniqueness: "none",
      },
      {
        name: "location",
        type: "reference",
        multiValued: false,
        description: "The URI of the resource being returned.",
        required: false,
        caseExact: false,
        mutability: "readOnly",
        returned: "default",
        uniqueness: "none",
        referenceTypes: ["uri"],
      },
      {
        name: "version",
        type: "string",
        multiValued: false,
        description: "The version of the resource being returned (the entity-tag).",
        required: false,
        caseExact: true,
        mutability: "readOnly",
        returned: "default",
        uniqueness: "none",
      },
    ],
  },
] as const satisfies readonly AttributeDefinition[];
