import { attribute } from "./attribute.js";
import type { SchemaDefinition } from "./definition.js";
import { USER_SCHEMA } from "./urns.js";

/**
 * The "User" resource schema (RFC 7643 §4.1), copied from the schema representation in RFC 7643
 * §8.7.1. Each attribute states what differs from the RFC 7643 §2.2 defaults (`required: false`,
 * `caseExact: false`, `mutability: "readWrite"`, `returned: "default"`, `uniqueness: "none"`);
 * {@link attribute} fills those in, so the data holds every characteristic, as the listing does.
 *
 * One addition: `addresses.primary`. RFC 7643 §8.7.1 omits it, but RFC 7643 §2.4 gives every
 * multi-valued attribute a `primary` sub-attribute and the §8.2 Full User example sends one.
 * `/Schemas` serves this object verbatim; validators, projection, types and OpenAPI derive from it.
 */
export const userSchema = {
  id: USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    attribute({
      name: "userName",
      type: "string",
      multiValued: false,
      description:
        "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value.  This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
      required: true,
      uniqueness: "server",
    }),
    attribute({
      name: "name",
      type: "complex",
      multiValued: false,
      description:
        "The components of the user's real name. Providers MAY return just the full name as a single string in the formatted sub-attribute, or they MAY return just the individual component attributes using the other sub-attributes, or they MAY return both.  If both variants are returned, they SHOULD be describing the same name, with the formatted name indicating how the component attributes should be combined.",
      subAttributes: [
        attribute({
          name: "formatted",
          type: "string",
          multiValued: false,
          description:
            "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III').",
        }),
        attribute({
          name: "familyName",
          type: "string",
          multiValued: false,
          description:
            "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III').",
        }),
        attribute({
          name: "givenName",
          type: "string",
          multiValued: false,
          description:
            "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III').",
        }),
        attribute({
          name: "middleName",
          type: "string",
          multiValued: false,
          description:
            "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III').",
        }),
        attribute({
          name: "honorificPrefix",
          type: "string",
          multiValued: false,
          description:
            "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III').",
        }),
        attribute({
          name: "honorificSuffix",
          type: "string",
          multiValued: false,
          description:
            "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III').",
        }),
      ],
    }),
    attribute({
      name: "displayName",
      type: "string",
      multiValued: false,
      description:
        "The name of the User, suitable for display to end-users.  The name SHOULD be the full name of the User being described, if known.",
    }),
    attribute({
      name: "nickName",
      type: "string",
      multiValued: false,
      description:
        "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'.  This attribute SHOULD NOT be used to represent a User's username (e.g., 'bjensen' or 'mpepperidge').",
    }),
    attribute({
      name: "profileUrl",
      type: "reference",
      multiValued: false,
      description: "A fully qualified URL pointing to a page representing the User's online profile.",
      referenceTypes: ["external"],
    }),
    attribute({
      name: "title",
      type: "string",
      multiValued: false,
      description: 'The user\'s title, such as "Vice President."',
    }),
    attribute({
      name: "userType",
      type: "string",
      multiValued: false,
      description:
        "Used to identify the relationship between the organization and the user.  Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used.",
    }),
    attribute({
      name: "preferredLanguage",
      type: "string",
      multiValued: false,
      description:
        "Indicates the User's preferred written or spoken language.  Generally used for selecting a localized user interface; e.g., 'en_US' specifies the language English and country US.",
    }),
    attribute({
      name: "locale",
      type: "string",
      multiValued: false,
      description:
        "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations.",
    }),
    attribute({
      name: "timezone",
      type: "string",
      multiValued: false,
      description:
        "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'.",
    }),
    attribute({
      name: "active",
      type: "boolean",
      multiValued: false,
      description: "A Boolean value indicating the User's administrative status.",
    }),
    attribute({
      name: "password",
      type: "string",
      multiValued: false,
      description:
        "The User's cleartext password.  This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.",
      mutability: "writeOnly",
      returned: "never",
    }),
    attribute({
      name: "emails",
      type: "complex",
      multiValued: true,
      description:
        "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.",
      subAttributes: [
        attribute({
          name: "value",
          type: "string",
          multiValued: false,
          description:
            "Email addresses for the user.  The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.",
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function, e.g., 'work' or 'home'.",
          canonicalValues: ["work", "home", "other"],
        }),
        attribute({
          name: "primary",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred mailing address or primary email address.  The primary attribute value 'true' MUST appear no more than once.",
        }),
      ],
    }),
    attribute({
      name: "phoneNumbers",
      type: "complex",
      multiValued: true,
      description:
        "Phone numbers for the User.  The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.",
      subAttributes: [
        attribute({
          name: "value",
          type: "string",
          multiValued: false,
          description: "Phone number of the User.",
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function, e.g., 'work', 'home', 'mobile'.",
          canonicalValues: ["work", "home", "mobile", "fax", "pager", "other"],
        }),
        attribute({
          name: "primary",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred phone number or primary phone number.  The primary attribute value 'true' MUST appear no more than once.",
        }),
      ],
    }),
    attribute({
      name: "ims",
      type: "complex",
      multiValued: true,
      description: "Instant messaging addresses for the User.",
      subAttributes: [
        attribute({
          name: "value",
          type: "string",
          multiValued: false,
          description: "Instant messaging address for the User.",
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function, e.g., 'aim', 'gtalk', 'xmpp'.",
          canonicalValues: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
        }),
        attribute({
          name: "primary",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred messenger or primary messenger.  The primary attribute value 'true' MUST appear no more than once.",
        }),
      ],
    }),
    attribute({
      name: "photos",
      type: "complex",
      multiValued: true,
      description: "URLs of photos of the User.",
      subAttributes: [
        attribute({
          name: "value",
          type: "reference",
          multiValued: false,
          description: "URL of a photo of the User.",
          referenceTypes: ["external"],
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function, i.e., 'photo' or 'thumbnail'.",
          canonicalValues: ["photo", "thumbnail"],
        }),
        attribute({
          name: "primary",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred photo or thumbnail.  The primary attribute value 'true' MUST appear no more than once.",
        }),
      ],
    }),
    attribute({
      name: "addresses",
      type: "complex",
      multiValued: true,
      description:
        "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'.  This attribute is a complex type with the following sub-attributes.",
      subAttributes: [
        attribute({
          name: "formatted",
          type: "string",
          multiValued: false,
          description:
            "The full mailing address, formatted for display or use with a mailing label.  This attribute MAY contain newlines.",
        }),
        attribute({
          name: "streetAddress",
          type: "string",
          multiValued: false,
          description:
            "The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information.  This attribute MAY contain newlines.",
        }),
        attribute({
          name: "locality",
          type: "string",
          multiValued: false,
          description: "The city or locality component.",
        }),
        attribute({
          name: "region",
          type: "string",
          multiValued: false,
          description: "The state or region component.",
        }),
        attribute({
          name: "postalCode",
          type: "string",
          multiValued: false,
          description: "The zip code or postal code component.",
        }),
        attribute({
          name: "country",
          type: "string",
          multiValued: false,
          description: "The country name component.",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function, e.g., 'work' or 'home'.",
          canonicalValues: ["work", "home", "other"],
        }),
        attribute({
          name: "primary",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value indicating the 'primary' or preferred attribute value for this attribute, e.g., the preferred mailing address or primary email address.  The primary attribute value 'true' MUST appear no more than once.",
        }),
      ],
    }),
    attribute({
      name: "groups",
      type: "complex",
      multiValued: true,
      description:
        "A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.",
      mutability: "readOnly",
      subAttributes: [
        attribute({
          name: "value",
          type: "string",
          multiValued: false,
          description: "The identifier of the User's group.",
          mutability: "readOnly",
        }),
        attribute({
          name: "$ref",
          type: "reference",
          multiValued: false,
          description: "The URI of the corresponding 'Group' resource to which the user belongs.",
          mutability: "readOnly",
          referenceTypes: ["User", "Group"],
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
          mutability: "readOnly",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.",
          canonicalValues: ["direct", "indirect"],
          mutability: "readOnly",
        }),
      ],
    }),
    attribute({
      name: "entitlements",
      type: "complex",
      multiValued: true,
      description: "A list of entitlements for the User that represent a thing the User has.",
      subAttributes: [
        attribute({
          name: "value",
          type: "string",
          multiValued: false,
          description: "The value of an entitlement.",
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function.",
        }),
        attribute({
          name: "primary",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value indicating the 'primary' or preferred attribute value for this attribute.  The primary attribute value 'true' MUST appear no more than once.",
        }),
      ],
    }),
    attribute({
      name: "roles",
      type: "complex",
      multiValued: true,
      description:
        "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
      subAttributes: [
        attribute({
          name: "value",
          type: "string",
          multiValued: false,
          description: "The value of a role.",
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function.",
          canonicalValues: [],
        }),
        attribute({
          name: "primary",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value indicating the 'primary' or preferred attribute value for this attribute.  The primary attribute value 'true' MUST appear no more than once.",
        }),
      ],
    }),
    attribute({
      name: "x509Certificates",
      type: "complex",
      multiValued: true,
      description: "A list of certificates issued to the User.",
      subAttributes: [
        attribute({
          name: "value",
          type: "binary",
          multiValued: false,
          description: "The value of an X.509 certificate.",
        }),
        attribute({
          name: "display",
          type: "string",
          multiValued: false,
          description: "A human-readable name, primarily used for display purposes.  READ-ONLY.",
        }),
        attribute({
          name: "type",
          type: "string",
          multiValued: false,
          description: "A label indicating the attribute's function.",
          canonicalValues: [],
        }),
        attribute({
          name: "primary",
          type: "boolean",
          multiValued: false,
          description:
            "A Boolean value indicating the 'primary' or preferred attribute value for this attribute.  The primary attribute value 'true' MUST appear no more than once.",
        }),
      ],
    }),
  ],
} as const satisfies SchemaDefinition;
