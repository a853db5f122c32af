import { describe, expect, it } from "vitest";
import {
  type AttributeDefinition,
  createDefaultRegistry,
  ENTERPRISE_USER_SCHEMA,
  enterpriseUserSchema,
  GROUP_SCHEMA,
  groupSchema,
  resourceTypeSchema,
  type SchemaDefinition,
  schemaSchema,
  serviceProviderConfigSchema,
  USER_SCHEMA,
  userSchema,
} from "../src/index.js";
import rfcResourceSchemas from "./fixtures/rfc7643/8.7.1-resource-schemas.json" with { type: "json" };
import rfcServiceProviderSchemas from "./fixtures/rfc7643/8.7.2-service-provider-schemas.json" with {
  type: "json",
};

const ours: SchemaDefinition[] = [
  userSchema,
  groupSchema,
  enterpriseUserSchema,
  serviceProviderConfigSchema,
  resourceTypeSchema,
  schemaSchema,
];
const characteristics = [
  "name",
  "type",
  "multiValued",
  "description",
  "required",
  "caseExact",
  "mutability",
  "returned",
  "uniqueness",
] as const;

/** Deliberate, documented departures from the §8.7 listings (see the schema files' TSDoc). */
const corrections = new Set([
  "urn:ietf:params:scim:schemas:core:2.0:ResourceType:schemaExtensions.multiValued",
  "urn:ietf:params:scim:schemas:core:2.0:ResourceType:schemaExtensions.required",
  "urn:ietf:params:scim:schemas:core:2.0:Schema:attributes.type.canonicalValues",
  "urn:ietf:params:scim:schemas:core:2.0:Schema:attributes.referenceTypes.multiValued",
  "urn:ietf:params:scim:schemas:core:2.0:Schema:attributes.subAttributes.type.canonicalValues",
  "urn:ietf:params:scim:schemas:core:2.0:Schema:attributes.subAttributes.referenceTypes.multiValued",
]);

type RfcAttribute = Record<string, unknown> & { name: string; subAttributes?: RfcAttribute[] };

function walk(
  attributes: readonly AttributeDefinition[],
  visit: (a: AttributeDefinition, path: string) => void,
  prefix = "",
) {
  for (const a of attributes) {
    visit(a, prefix + a.name);
    if (a.subAttributes) walk(a.subAttributes, visit, `${prefix}${a.name}.`);
  }
}

const collapseSpaces = (text: string) => text.replace(/\s{3,}/g, " ");

describe("RFC 7643 schema definitions", () => {
  it("RFC 7643 §2.2/§7: every attribute states every characteristic", () => {
    for (const schema of ours) {
      walk(schema.attributes, (a, path) => {
        for (const key of characteristics) {
          expect(a[key], `${schema.id}:${path}.${key}`).toBeDefined();
        }
        expect(a.type === "complex", `${path}: subAttributes only on complex`).toBe(
          a.subAttributes !== undefined,
        );
      });
    }
  });

  const rfc = [...rfcResourceSchemas, ...rfcServiceProviderSchemas] as unknown as {
    id: string;
    name: string;
    description: string;
    attributes: RfcAttribute[];
  }[];

  it.each(rfc.map((s) => [s.id, s] as const))(
    "RFC 7643 §8.7: %s matches the RFC listing characteristic by characteristic",
    (id, rfcSchema) => {
      const schema = ours.find((s) => s.id === id);
      expect(schema).toBeDefined();
      expect(schema!.name).toBe(rfcSchema.name);
      expect(schema!.description).toBe(collapseSpaces(rfcSchema.description));
      const compare = (
        rfcAttributes: RfcAttribute[],
        mine: readonly AttributeDefinition[],
        prefix: string,
      ) => {
        for (const rfcAttribute of rfcAttributes) {
          const attribute = mine.find((a) => a.name === rfcAttribute.name);
          const path = `${prefix}${rfcAttribute.name}`;
          expect(attribute, path).toBeDefined();
          for (const [key, value] of Object.entries(rfcAttribute)) {
            if (key === "subAttributes" || corrections.has(`${id}:${path}.${key}`)) continue;
            // The RFC listing wraps long descriptions mid-string; ours read as one sentence.
            const expected = key === "description" ? collapseSpaces(String(value)) : value;
            expect((attribute as unknown as Record<string, unknown>)[key], `${path}.${key}`).toEqual(
              expected,
            );
          }
          if (rfcAttribute.subAttributes) {
            compare(rfcAttribute.subAttributes, attribute!.subAttributes ?? [], `${path}.`);
          }
        }
      };
      compare(rfcSchema.attributes, schema!.attributes, "");
    },
  );

  it("RFC 7643 §2.2: omitted characteristics take their defaults", () => {
    const active = userSchema.attributes.find((a) => a.name === "active")!;
    expect(active.caseExact).toBe(false);
    expect(active.uniqueness).toBe("none");
  });

  it("RFC 7643 §4.1: password is writeOnly and never returned", () => {
    const password = userSchema.attributes.find((a) => a.name === "password")!;
    expect(password.mutability).toBe("writeOnly");
    expect(password.returned).toBe("never");
  });

  it("RFC 7643 §4.1: User defines every attribute of the section", () => {
    expect(userSchema.attributes.map((a) => a.name)).toEqual([
      "userName",
      "name",
      "displayName",
      "nickName",
      "profileUrl",
      "title",
      "userType",
      "preferredLanguage",
      "locale",
      "timezone",
      "active",
      "password",
      "emails",
      "phoneNumbers",
      "ims",
      "photos",
      "addresses",
      "groups",
      "entitlements",
      "roles",
      "x509Certificates",
    ]);
  });
});

describe("createDefaultRegistry", () => {
  it("registers User with the optional enterprise extension and Group", () => {
    const registry = createDefaultRegistry();
    const users = registry.resourceType("User");
    expect(users.schema.id).toBe(USER_SCHEMA);
    expect(users.extensions.map((e) => [e.schema.id, e.required])).toEqual([[ENTERPRISE_USER_SCHEMA, false]]);
    expect(registry.findResourceType("/Groups")?.schema.id).toBe(GROUP_SCHEMA);
  });

  it("RFC 7643 §2.1: resolves attribute names case-insensitively", () => {
    const users = createDefaultRegistry().resourceType("User");
    expect(users.resolve({ attribute: "USERNAME" })?.attribute.name).toBe("userName");
    expect(users.resolve({ attribute: "Name", subAttribute: "GIVENNAME" })?.target.name).toBe("givenName");
    expect(
      users.resolve({ schema: ENTERPRISE_USER_SCHEMA.toUpperCase(), attribute: "employeenumber" }),
    ).toMatchObject({ isExtension: true, attribute: { name: "employeeNumber" } });
  });

  it("RFC 7643 §3.1: the common attributes resolve against every resource type", () => {
    const groups = createDefaultRegistry().resourceType("Group");
    expect(groups.resolve({ attribute: "id" })?.target).toMatchObject({
      returned: "always",
      caseExact: true,
    });
    expect(groups.resolve({ attribute: "meta", subAttribute: "lastModified" })?.target.type).toBe("dateTime");
    expect(groups.resolve({ attribute: "externalId" })?.isExtension).toBe(false);
  });
});
