import { describe, expect, it } from "vitest";
import {
  createDefaultRegistry,
  createProjector,
  ENTERPRISE_USER_SCHEMA,
  parseAttributeList,
  projectResource,
  USER_SCHEMA,
} from "../src/index.js";
import fullUser from "./fixtures/rfc7643/8.2-full-user.json" with { type: "json" };
import enterpriseUser from "./fixtures/rfc7643/8.3-enterprise-user.json" with { type: "json" };
import group from "./fixtures/rfc7643/8.4-group.json" with { type: "json" };

const users = createDefaultRegistry().resourceType("User");
const stored = enterpriseUser as Record<string, unknown>;

describe("projectResource: RFC 7643 §7 `returned` without parameters", () => {
  it("RFC 7643 §4.1: password (returned never) is never returned", () => {
    const projected = projectResource(users, stored);
    expect(projected).not.toHaveProperty("password");
    expect(projectResource(users, stored, { attributes: ["password"] })).not.toHaveProperty("password");
  });

  it("returns every `default` attribute, including extensions and meta", () => {
    const { password: _, ...withoutPassword } = stored;
    expect(projectResource(users, stored)).toEqual(withoutPassword);
  });

  it("drops attributes no schema defines", () => {
    expect(projectResource(users, { ...stored, internalFlag: true })).not.toHaveProperty("internalFlag");
  });
});

describe("projectResource without parameters: the precompiled default projection", () => {
  // The default projection (almost every GET) is resolved once per resource type; it must give
  // what the general projector gives for no parameters, key order included (the JSON bytes).
  const shapes: [string, Record<string, unknown>][] = [
    ["RFC 7643 §8.2 full user", fullUser as Record<string, unknown>],
    ["RFC 7643 §8.3 enterprise user", stored],
    [
      "odd shapes: nulls, empty and non-object items, a string for a complex value, unknown keys",
      {
        ...stored,
        nickName: null,
        name: {},
        emails: [{}, "not-an-object", { value: "a@example.com", unknown: 1 }, { primary: undefined }],
        addresses: [],
        x509Certificates: [{ value: "MIIC" }],
        groups: [{ value: "g1", display: "Admins", type: "direct", $ref: "../Groups/g1" }],
        manager: "bob",
        [ENTERPRISE_USER_SCHEMA]: { manager: { value: "m1", displayName: "Bob" }, costCenter: null },
        internalFlag: true,
      },
    ],
    ["an empty extension", { ...stored, [ENTERPRISE_USER_SCHEMA]: {} }],
  ];
  it.each(shapes)("%s", (_, resource) => {
    expect(JSON.stringify(projectResource(users, resource))).toBe(
      JSON.stringify(createProjector(users, {})(resource)),
    );
  });

  it("RFC 7643 §8.4 group", () => {
    const groups = createDefaultRegistry().resourceType("Group");
    const resource = group as Record<string, unknown>;
    expect(JSON.stringify(projectResource(groups, resource))).toBe(
      JSON.stringify(createProjector(groups, {})(resource)),
    );
  });
});

describe("projectResource: RFC 7644 §3.9 `attributes`", () => {
  it("RFC 7644 §3.9: returns only the named attributes plus id and schemas (returned always)", () => {
    expect(projectResource(users, stored, { attributes: ["userName"] })).toEqual({
      schemas: stored.schemas,
      id: stored.id,
      userName: "bjensen@example.com",
    });
  });

  it("RFC 7643 §2.1: attribute names are case-insensitive", () => {
    expect(projectResource(users, stored, { attributes: ["USERNAME", "DisplayName"] })).toEqual({
      schemas: stored.schemas,
      id: stored.id,
      userName: "bjensen@example.com",
      displayName: "Babs Jensen",
    });
  });

  it("RFC 7644 §3.10: sub-attributes, also of multi-valued attributes", () => {
    const projected = projectResource(users, stored, { attributes: ["name.givenName", "emails.value"] });
    expect(projected.name).toEqual({ givenName: "Barbara" });
    expect(projected.emails).toEqual([{ value: "bjensen@example.com" }, { value: "babs@jensen.org" }]);
  });

  it("RFC 7644 §3.10: URN-qualified extension attributes and sub-attributes", () => {
    const projected = projectResource(users, stored, {
      attributes: [
        `${ENTERPRISE_USER_SCHEMA}:employeeNumber`,
        `${ENTERPRISE_USER_SCHEMA.toLowerCase()}:MANAGER.value`,
      ],
    });
    expect(projected[ENTERPRISE_USER_SCHEMA]).toEqual({
      employeeNumber: "701984",
      manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d" },
    });
    expect(projected).not.toHaveProperty("userName");
  });

  it("a bare extension URN selects the whole extension", () => {
    const projected = projectResource(users, stored, { attributes: [ENTERPRISE_USER_SCHEMA] });
    expect(projected[ENTERPRISE_USER_SCHEMA]).toEqual(stored[ENTERPRISE_USER_SCHEMA]);
    expect(Object.keys(projected)).toEqual(["schemas", "id", ENTERPRISE_USER_SCHEMA]);
  });

  it("core-URN-qualified names and unqualified extension names resolve too", () => {
    const projected = projectResource(users, stored, {
      attributes: [`${USER_SCHEMA}:userName`, "employeeNumber"],
    });
    expect(projected.userName).toBe("bjensen@example.com");
    expect(projected[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: "701984" });
  });

  it("meta is `default`: returned only when named once `attributes` is given", () => {
    expect(projectResource(users, stored, { attributes: ["userName"] })).not.toHaveProperty("meta");
    expect(projectResource(users, stored, { attributes: ["meta.location"] }).meta).toEqual({
      location: (stored.meta as { location: string }).location,
    });
  });

  it("unknown names select nothing", () => {
    expect(projectResource(users, stored, { attributes: ["shoeSize"] })).toEqual({
      schemas: stored.schemas,
      id: stored.id,
    });
  });
});

describe("projectResource: RFC 7644 §3.9 `excludedAttributes`", () => {
  it("RFC 7644 §3.9: removes named attributes from the default set", () => {
    const projected = projectResource(users, stored, { excludedAttributes: ["emails", "NAME", "meta"] });
    expect(projected).not.toHaveProperty("emails");
    expect(projected).not.toHaveProperty("name");
    expect(projected).not.toHaveProperty("meta");
    expect(projected.userName).toBe("bjensen@example.com");
  });

  it("RFC 7644 §3.9: SHALL have no effect on attributes whose `returned` is always (id, schemas)", () => {
    const projected = projectResource(users, stored, { excludedAttributes: ["id", "schemas"] });
    expect(projected.id).toBe(stored.id);
    expect(projected.schemas).toEqual(stored.schemas);
  });

  it("removes sub-attributes, URN-qualified attributes and whole extensions", () => {
    const projected = projectResource(users, stored, {
      excludedAttributes: ["name.middleName", "emails.type", `${ENTERPRISE_USER_SCHEMA}:manager`],
    });
    expect(projected.name).not.toHaveProperty("middleName");
    expect((projected.emails as Record<string, unknown>[]).every((e) => !("type" in e))).toBe(true);
    expect(projected[ENTERPRISE_USER_SCHEMA]).not.toHaveProperty("manager");
    expect(
      projectResource(users, stored, { excludedAttributes: [ENTERPRISE_USER_SCHEMA] }),
    ).not.toHaveProperty(ENTERPRISE_USER_SCHEMA);
  });

  it("Entra's `excludedAttributes=members` on a Group", () => {
    const groups = createDefaultRegistry().resourceType("Group");
    const group = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      id: "g",
      displayName: "G",
      members: [{ value: "u" }],
    };
    expect(projectResource(groups, group, { excludedAttributes: ["members"] })).toEqual({
      schemas: group.schemas,
      id: "g",
      displayName: "G",
    });
  });
});

describe("parseAttributeList", () => {
  it("RFC 7644 §3.9: splits the comma-separated parameter", () => {
    expect(parseAttributeList(" userName, name.givenName ,,emails ")).toEqual([
      "userName",
      "name.givenName",
      "emails",
    ]);
    expect(parseAttributeList(undefined)).toEqual([]);
    expect(parseAttributeList("")).toEqual([]);
  });
});
