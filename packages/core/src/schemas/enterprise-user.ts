import { attribute } from "./attribute.js";
import type { SchemaDefinition } from "./definition.js";
import { ENTERPRISE_USER_SCHEMA } from "./urns.js";

/**
 * The Enterprise User schema extension (RFC 7643 §4.3), copied from RFC 7643 §8.7.1. Each attribute
 * states what differs from the RFC 7643 §2.2 defaults; {@link attribute} fills those in.
 */
export const enterpriseUserSchema = {
  id: ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    attribute({
      name: "employeeNumber",
      type: "string",
      multiValued: false,
      description:
        "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.",
    }),
    attribute({
      name: "costCenter",
      type: "string",
      multiValued: false,
      description: "Identifies the name of a cost center.",
    }),
    attribute({
      name: "organization",
      type: "string",
      multiValued: false,
      description: "Identifies the name of an organization.",
    }),
    attribute({
      name: "division",
      type: "string",
      multiValued: false,
      description: "Identifies the name of a division.",
    }),
    attribute({
      name: "department",
      type: "string",
      multiValued: false,
      description: "Identifies the name of a department.",
    }),
    attribute({
      name: "manager",
      type: "complex",
      multiValued: false,
      description:
        "The User's manager.  A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.",
      subAttributes: [
        attribute({
          name: "value",
          type: "string",
          multiValued: false,
          description: "The id of the SCIM resource representing the User's manager.  REQUIRED.",
        }),
        attribute({
          name: "$ref",
          type: "reference",
          multiValued: false,
          description: "The URI of the SCIM resource representing the User's manager.  REQUIRED.",
          referenceTypes: ["User"],
        }),
        attribute({
          name: "displayName",
          type: "string",
          multiValued: false,
          description: "The displayName of the User's manager. OPTIONAL and READ-ONLY.",
          mutability: "readOnly",
        }),
      ],
    }),
  ],
} as const satisfies SchemaDefinition;
