import { describe, expect, expectTypeOf, it } from "vitest";
import {
  createDefaultRegistry,
  type EnterpriseUser,
  type Group,
  type ListResponse,
  type Meta,
  type PatchOp,
  type ResourceType,
  type Schema,
  type SchemaAttributes,
  type ServiceProviderConfig,
  USER_SCHEMA,
  type User,
  userSchema,
  validateResource,
} from "../src/index.js";
import type { acmeUserExtension } from "./fixtures/acme-extension.js";
import fullUser from "./fixtures/rfc7643/8.2-full-user.json" with { type: "json" };
import enterpriseUser from "./fixtures/rfc7643/8.3-enterprise-user.json" with { type: "json" };
import group from "./fixtures/rfc7643/8.4-group.json" with { type: "json" };
import serviceProviderConfig from "./fixtures/rfc7643/8.5-service-provider-config.json" with { type: "json" };
import resourceTypes from "./fixtures/rfc7643/8.6-resource-types.json" with { type: "json" };
import resourceSchemas from "./fixtures/rfc7643/8.7.1-resource-schemas.json" with { type: "json" };

describe("static types derived from the schema data agree with the runtime schemas", () => {
  it("RFC 7643 §8 examples type-check as the derived types", () => {
    // Compile-time checks: these assignments fail `tsc` when a type drifts from the RFC examples.
    const user: User = fullUser;
    const withExtension: User = enterpriseUser;
    const tourGuides: Group = group;
    const config: ServiceProviderConfig = serviceProviderConfig;
    const types: ResourceType[] = resourceTypes;
    const schemas: Schema[] = resourceSchemas;
    expect([user, withExtension, tourGuides, config, types, schemas].every(Boolean)).toBe(true);
  });

  it("RFC 7643 §2.2 `required` maps to a required key; the rest are optional", () => {
    expectTypeOf<User["userName"]>().toEqualTypeOf<string>();
    expectTypeOf<User>().toHaveProperty("displayName").toEqualTypeOf<string | undefined>();
    expectTypeOf<Pick<User, "userName">>().toEqualTypeOf<{ userName: string }>();
    expectTypeOf<ServiceProviderConfig["patch"]>().toEqualTypeOf<{ supported: boolean }>();
  });

  it("RFC 7643 §2.3 types and §2.4 multi-valued attributes map to JSON types and arrays", () => {
    expectTypeOf<NonNullable<User["active"]>>().toEqualTypeOf<boolean>();
    expectTypeOf<NonNullable<User["emails"]>>().toBeArray();
    expectTypeOf<NonNullable<User["emails"]>[number]["value"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<User["emails"]>[number]["primary"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<NonNullable<User["name"]>>().toEqualTypeOf<{
      formatted?: string;
      familyName?: string;
      givenName?: string;
      middleName?: string;
      honorificPrefix?: string;
      honorificSuffix?: string;
    }>();
    expectTypeOf<NonNullable<ServiceProviderConfig["bulk"]>["maxOperations"]>().toEqualTypeOf<number>();
    expectTypeOf<Meta["created"]>().toEqualTypeOf<string | undefined>();
  });

  it("canonical values are suggested but any string is accepted (RFC 7643 §7)", () => {
    type EmailType = NonNullable<NonNullable<User["emails"]>[number]["type"]>;
    expectTypeOf<"work">().toExtend<EmailType>();
    expectTypeOf<"pager-at-the-beach">().toExtend<EmailType>();
  });

  it("the extension lives under its URN key", () => {
    expectTypeOf<User["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]>().toEqualTypeOf<
      EnterpriseUser | undefined
    >();
    expectTypeOf<NonNullable<EnterpriseUser["manager"]>["value"]>().toEqualTypeOf<string | undefined>();
  });

  it("the User type has exactly the runtime schema's attributes (plus schemas and common ones)", () => {
    type Keys = Exclude<keyof User, "schemas" | "id" | "externalId" | "meta" | `urn:${string}`>;
    const runtimeNames = userSchema.attributes.map((a) => a.name);
    // Type side: the names tuple has the same members as the derived type's keys.
    expectTypeOf<(typeof runtimeNames)[number]>().toEqualTypeOf<Keys>();
    expect(new Set(runtimeNames).size).toBe(21);
  });

  it("custom schemas declared `as const` get types too", () => {
    type Acme = SchemaAttributes<typeof acmeUserExtension>;
    expectTypeOf<Acme["badgeNumber"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NonNullable<Acme["skills"]>[number]>().toEqualTypeOf<{ name: string; level?: number }>();
  });

  it("validated output is usable as the static type", () => {
    const users = createDefaultRegistry().resourceType("User");
    const created = validateResource(
      users,
      { schemas: [USER_SCHEMA], userName: "b" },
      { mode: "create" },
    ) as User;
    expect(created.userName).toBe("b");
    const patch: PatchOp = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: false }],
    };
    const page: ListResponse<User> = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 1,
      Resources: [created],
    };
    expect(patch.Operations).toHaveLength(1);
    expect(page.Resources).toHaveLength(1);
  });
});
