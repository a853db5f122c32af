import type { SchemaDefinition } from "./definition.js";
import { GROUP_SCHEMA } from "./urns.js";

/**
 * The "Group" resource schema (RFC 7643 §4.2), copied from RFC 7643 §8.7.1 with RFC 7643 §2.2
 * defaults filled in.
 *
 * One addition: `members.display` (immutable string). RFC 7643 §8.7.1 omits it, but the RFC's own
 * Group example (§8.4) and the IdPs (Okta group push) send it, so rejecting it would reject the RFC
 * example.
 *
 * `displayName` keeps `required: false` as §8.7.1 lists it, although the prose of §4.2 calls it
 * REQUIRED: `/Schemas` serves the §8.7.1 characteristics.
 */
export const groupSchema = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    {
      name: "displayName",
      type: "string",
      multiValued: false,
      description: "A human-readable name for the Group. REQUIRED.",
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "none",
    },
    {
      name: "members",
      type: "complex",
      multiValued: true,
      description: "A list of members of the Group.",
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "none",
      subAttributes: [
        {
          name: "value",
          type: "string",
          multiValued: false,
          description: "Identifier of the member of this Group.",
          required: false,
          caseExact: false,
          mutability: "immutable",
          returned: "default",
          uniqueness: "none",
        },
        {
          name: "$ref",
          type: "reference",
          multiValued: false,
          description: "The URI corresponding to a SCIM resource that is a member of this Group.",
          required: false,
          caseExact: false,
          mutability: "immutable",
          returned: "default",
          uniqueness: "none",
          referenceTypes: ["User", "Group"],
        },
        {
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
          required: false,
          caseExact: false,
          mutability: "immutable",
          returned: "default",
          uniqueness: "none",
        },
        {
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the type of resource, e.g., 'User' or 'Group'.",
          required: false,
          caseExact: false,
          canonicalValues: ["User", "Group"],
          mutability: "immutable",
          returned: "default",
          uniqueness: "none",
        },
      ],
    },
  ],
} as const satisfies SchemaDefinition;
