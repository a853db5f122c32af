import { describe, expect, it } from "vitest";
import {
  createDefaultRegistry,
  ENTERPRISE_USER_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  resourceTypeSchema,
  SCHEMA_SCHEMA,
  SchemaRegistry,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  schemaSchema,
  serviceProviderConfigSchema,
  validateResource,
} from "../src/index.js";
import minimalUser from "./fixtures/rfc7643/8.1-minimal-user.json" with { type: "json" };
import fullUser from "./fixtures/rfc7643/8.2-full-user.json" with { type: "json" };
import enterpriseUser from "./fixtures/rfc7643/8.3-enterprise-user.json" with { type: "json" };
import group from "./fixtures/rfc7643/8.4-group.json" with { type: "json" };
import serviceProviderConfig from "./fixtures/rfc7643/8.5-service-provider-config.json" with { type: "json" };
import resourceTypes from "./fixtures/rfc7643/8.6-resource-types.json" with { type: "json" };
import resourceSchemas from "./fixtures/rfc7643/8.7.1-resource-schemas.json" with { type: "json" };
import serviceProviderSchemas from "./fixtures/rfc7643/8.7.2-service-provider-schemas.json" with {
  type: "json",
};

const registry = createDefaultRegistry();

/** The example minus the attributes a client cannot write (readOnly): what a POST would carry. */
function withoutReadOnly(resource: Record<string, unknown>, readOnly: string[]): Record<string, unknown> {
  const copy = structuredClone(resource);
  for (const name of readOnly) delete copy[name];
  const enterprise = copy[ENTERPRISE_USER_SCHEMA] as { manager?: Record<string, unknown> } | undefined;
  if (enterprise?.manager) delete enterprise.manager.displayName;
  return copy;
}

describe("RFC 7643 §8 example representations validate and round-trip", () => {
  const resources = [
    ["§8.1 minimal User", "User", minimalUser, ["id", "meta"]],
    ["§8.2 full User", "User", fullUser, ["id", "meta", "groups"]],
    ["§8.3 Enterprise User", "User", enterpriseUser, ["id", "meta", "groups"]],
    ["§8.4 Group", "Group", group, ["id", "meta"]],
  ] as const;

  it.each(resources)(
    "RFC 7643 %s: create input validates and is returned unchanged",
    (_, type, example, readOnly) => {
      const input = withoutReadOnly(example, [...readOnly]);
      const created = validateResource(registry.resourceType(type), input, { mode: "create" });
      expect(created).toEqual(input);
      // Round trip: validating the output again is a fixed point.
      expect(validateResource(registry.resourceType(type), created, { mode: "replace" })).toEqual(created);
    },
  );

  it.each(resources)(
    "RFC 7643 %s: create drops the readOnly attributes the example carries",
    (_, type, example, readOnly) => {
      const created = validateResource(registry.resourceType(type), example, { mode: "create" });
      for (const name of readOnly) expect(created).not.toHaveProperty(name);
      expect(created).toEqual(withoutReadOnly(example, [...readOnly]));
    },
  );

  it.each(resources)(
    "RFC 7643 %s: the full representation validates as a server response",
    (_, type, example) => {
      expect(validateResource(registry.resourceType(type), example, { mode: "response" })).toEqual(example);
    },
  );

  it("RFC 7643 §8.2: binary x509Certificates value is base64 and the password is accepted on input", () => {
    const created = validateResource(registry.resourceType("User"), fullUser, { mode: "create" });
    expect((created.x509Certificates as { value: string }[])[0]!.value).toMatch(/^MIIDQzCC/);
    expect(created.password).toBe("t1meMa$heen");
  });
});

/**
 * The Schema schema's `attributes.subAttributes` is complex with complex sub-attributes, which RFC
 * 7643 §2.3.8 forbids, so the Schema schema cannot describe its own third level: when validating
 * that one document, the sub-attribute definitions of `subAttributes` are left unchecked.
 */
const selfDescription = (id: string) =>
  id === SCHEMA_SCHEMA ? ({ unknownAttributes: "ignore" } as const) : {};

describe("RFC 7643 §8.5–§8.7 discovery examples parse against validators derived from §5–§7", () => {
  const discovery = new SchemaRegistry()
    .addSchema(serviceProviderConfigSchema)
    .addSchema(resourceTypeSchema)
    .addSchema(schemaSchema)
    .addResourceType({
      name: "ServiceProviderConfig",
      endpoint: "/ServiceProviderConfig",
      schema: SERVICE_PROVIDER_CONFIG_SCHEMA,
    })
    .addResourceType({ name: "ResourceType", endpoint: "/ResourceTypes", schema: RESOURCE_TYPE_SCHEMA })
    .addResourceType({ name: "Schema", endpoint: "/Schemas", schema: SCHEMA_SCHEMA });

  it("RFC 7643 §8.5: ServiceProviderConfig", () => {
    const rt = discovery.resourceType("ServiceProviderConfig");
    expect(validateResource(rt, serviceProviderConfig, { mode: "response" })).toEqual(serviceProviderConfig);
  });

  it.each(resourceTypes.map((r) => [r.id, r] as const))("RFC 7643 §8.6: ResourceType %s", (_, example) => {
    const rt = discovery.resourceType("ResourceType");
    expect(validateResource(rt, example, { mode: "response" })).toEqual(example);
  });

  it.each([...resourceSchemas, ...serviceProviderSchemas].map((s) => [s.id, s] as const))(
    "RFC 7643 §8.7: Schema %s",
    (_, example) => {
      // The §8.7 listings omit "schemas"; RFC 7643 §7 gives the URN every Schema resource lists.
      const withSchemas = { schemas: [SCHEMA_SCHEMA], ...example };
      const rt = discovery.resourceType("Schema");
      const validated = validateResource(rt, withSchemas, {
        mode: "response",
        ...selfDescription(example.id),
      });
      if (example.id === SCHEMA_SCHEMA) expect(Object.keys(validated)).toEqual(Object.keys(withSchemas));
      else expect(validated).toEqual(withSchemas);
    },
  );

  it("RFC 7643 §2.3.8 vs §8.7.2: the Schema schema describing itself nests sub-attributes a level deeper than Schema allows", () => {
    const withSchemas = { schemas: [SCHEMA_SCHEMA], ...schemaSchema };
    const rt = discovery.resourceType("Schema");
    expect(() => validateResource(rt, withSchemas, { mode: "response" })).toThrow(
      "attributes[3].subAttributes[11].subAttributes: unknown attribute",
    );
  });

  it("our own schema definitions are valid Schema resources (what /Schemas serves)", () => {
    const rt = discovery.resourceType("Schema");
    for (const schema of [...registry.schemas(), serviceProviderConfigSchema, resourceTypeSchema]) {
      const resource = { schemas: [SCHEMA_SCHEMA], ...schema };
      expect(validateResource(rt, resource, { mode: "response" })).toEqual(resource);
    }
  });
});
