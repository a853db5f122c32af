import { attribute } from "./attribute.js";
import type { SchemaDefinition } from "./definition.js";
import { GROUP_SCHEMA } from "./urns.js";

/**
 * The "Group" resource schema (RFC 7643 §4.2), copied from RFC 7643 §8.7.1. Each attribute states
 * what differs from the RFC 7643 §2.2 defaults; {@link attribute} fills those in.
 *
 * One addition: `members.display` (immutable string). RFC 7643 §8.7.1 omits it, but the RFC's own
 * Group example (§8.4) and the IdPs (Okta group push) send it, so rejecting it would reject the RFC
 * example.
 *
 * `displayName` keeps the default `required: false` as §8.7.1 lists it, although the prose of §4.2
 * calls it REQUIRED: `/Schemas` serves the §8.7.1 characteristics.
 */
export const groupSchema = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    attribute({
      name: "displayName",
      type: "string",
      multiValued: false,
      description: "A human-readable name for the Group. REQUIRED.",
    }),
    attribute({
      name: "members",
      type: "complex",
      multiValued: true,
      description: "A list of members of the Group.",
      subAttributes: [
        attribute({
          name: "value",
          type: "string",
          multiValued: false,
          description: "Identifier of the member of this Group.",
          mutability: "immutable",
        }),
        attribute({
          name: "$ref",
          type: "reference",
          multiValued: false,
          description: "The URI corresponding to a SCIM resource that is a member of this Group.",
          mutability: "immutable",
          referenceTypes: ["User", "Group"],
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
          mutability: "immutable",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the type of resource, e.g., 'User' or 'Group'.",
          canonicalValues: ["User", "Group"],
          mutability: "immutable",
        }),
      ],
    }),
  ],
} as const satisfies SchemaDefinition;
