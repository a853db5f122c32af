import { describe, expect, it } from "vitest";
import { projectResource, ScimError, USER_SCHEMA, validateResource } from "../src/index.js";
import { ACME_USER_SCHEMA, createAcmeRegistry } from "./fixtures/acme-extension.js";

describe("a custom extension registered at runtime (urn:acme:params:scim:schemas:extension:2.0:User)", () => {
  const registry = createAcmeRegistry();
  const users = registry.resourceType("User");

  it("is listed by the registry and resolves case-insensitively", () => {
    expect(users.schemaUrns).toContain(ACME_USER_SCHEMA);
    expect(
      users.resolve({ schema: ACME_USER_SCHEMA.toUpperCase(), attribute: "BADGENUMBER" })?.target.type,
    ).toBe("integer");
  });

  const body = {
    schemas: [USER_SCHEMA, ACME_USER_SCHEMA],
    userName: "wcoyote",
    [`${ACME_USER_SCHEMA}:BadgeNumber`]: 42,
    [ACME_USER_SCHEMA.toUpperCase()]: {
      hiredAt: "2015-09-01T09:00:00Z",
      pin: "1234",
      costCode: "CC-7",
      tenant: "acme",
      skills: [{ NAME: "explosives", level: 5 }],
    },
  };

  it("goes through validation: URN-qualified keys nest, names normalise", () => {
    expect(validateResource(users, body, { mode: "create" })).toEqual({
      schemas: [USER_SCHEMA, ACME_USER_SCHEMA],
      userName: "wcoyote",
      [ACME_USER_SCHEMA]: {
        badgeNumber: 42,
        hiredAt: "2015-09-01T09:00:00Z",
        pin: "1234",
        costCode: "CC-7",
        tenant: "acme",
        skills: [{ name: "explosives", level: 5 }],
      },
    });
  });

  it("rejects wrong values with the URN-qualified path", () => {
    const wrong = { ...body, [`${ACME_USER_SCHEMA}:BadgeNumber`]: 4.2 };
    expect(() => validateResource(users, wrong, { mode: "create" })).toThrow(
      new ScimError(400, "invalidValue", `${ACME_USER_SCHEMA}:badgeNumber: expected integer`),
    );
  });

  it("goes through projection: never / request / always / default", () => {
    const stored = { ...validateResource(users, body, { mode: "create" }), id: "1" };
    const byDefault = projectResource(users, stored);
    expect(byDefault[ACME_USER_SCHEMA]).toEqual({
      badgeNumber: 42,
      hiredAt: "2015-09-01T09:00:00Z",
      tenant: "acme",
      skills: [{ name: "explosives", level: 5 }],
    });
    const asked = projectResource(users, stored, {
      attributes: [`${ACME_USER_SCHEMA}:costCode`, "userName"],
    });
    expect(asked).toEqual({
      schemas: [USER_SCHEMA, ACME_USER_SCHEMA],
      id: "1",
      userName: "wcoyote",
      [ACME_USER_SCHEMA]: { costCode: "CC-7", tenant: "acme" },
    });
    const excluded = projectResource(users, stored, { excludedAttributes: [ACME_USER_SCHEMA] });
    expect(excluded[ACME_USER_SCHEMA]).toEqual({ tenant: "acme" });
  });
});
