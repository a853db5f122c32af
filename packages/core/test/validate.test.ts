import { describe, expect, it } from "vitest";
import {
  createDefaultRegistry,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  ScimError,
  USER_SCHEMA,
  userSchema,
  type ValidateResourceOptions,
  validateAttributeValue,
  validateResource,
} from "../src/index.js";
import { ACME_USER_SCHEMA, createAcmeRegistry } from "./fixtures/acme-extension.js";

const users = createDefaultRegistry().resourceType("User");
const groups = createDefaultRegistry().resourceType("Group");
const acmeUsers = createAcmeRegistry().resourceType("User");
const create: ValidateResourceOptions = { mode: "create" };

/** Runs `action` and returns the ScimError it throws (fails the test when it does not throw one). */
function scimErrorOf(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (ScimError.is(error)) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

const user = (extra: Record<string, unknown>) => ({ schemas: [USER_SCHEMA], userName: "bjensen", ...extra });
const acmeUser = (extension: Record<string, unknown>) => ({
  schemas: [USER_SCHEMA, ACME_USER_SCHEMA],
  userName: "bjensen",
  [ACME_USER_SCHEMA]: extension,
});

describe("validateResource: the body and `schemas` (RFC 7643 §3)", () => {
  it("rejects a body that is not a JSON object with 400 invalidSyntax", () => {
    for (const body of [null, "x", [], 42]) {
      expect(scimErrorOf(() => validateResource(users, body, create))).toMatchObject({
        status: 400,
        scimType: "invalidSyntax",
      });
    }
  });

  it("RFC 7643 §3: `schemas` is REQUIRED: missing → 400 invalidSyntax", () => {
    const error = scimErrorOf(() => validateResource(users, { userName: "bjensen" }, create));
    expect(error).toMatchObject({ status: 400, scimType: "invalidSyntax" });
    expect(error.detail).toContain("schemas");
  });

  it("`schemas` that is not an array of strings → 400 invalidSyntax", () => {
    for (const schemas of [USER_SCHEMA, [42], {}]) {
      expect(scimErrorOf(() => validateResource(users, { schemas, userName: "b" }, create))).toMatchObject({
        status: 400,
        scimType: "invalidSyntax",
      });
    }
  });

  it("`schemas` without the core schema → 400 invalidValue", () => {
    const error = scimErrorOf(() =>
      validateResource(users, { schemas: [ENTERPRISE_USER_SCHEMA], userName: "b" }, create),
    );
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" });
    expect(error.detail).toContain(USER_SCHEMA);
  });

  it("an unknown schema URN → 400 invalidValue, or dropped with unknownSchemas: ignore", () => {
    const legacy = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
    const body = { schemas: [GROUP_SCHEMA, legacy], displayName: "Tour Guides" };
    expect(scimErrorOf(() => validateResource(groups, body, create))).toMatchObject({
      status: 400,
      scimType: "invalidValue",
    });
    expect(validateResource(groups, body, { ...create, unknownSchemas: "ignore" }).schemas).toEqual([
      GROUP_SCHEMA,
    ]);
  });

  it("RFC 7643 §2.1: schema URNs match case-insensitively and come back in registered spelling", () => {
    const body = {
      schemas: [USER_SCHEMA.toUpperCase(), ENTERPRISE_USER_SCHEMA.toLowerCase()],
      userName: "b",
    };
    expect(validateResource(users, body, create).schemas).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
  });

  it("an extension listed in `schemas` without attributes is accepted (Entra sends this)", () => {
    const body = { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], userName: "b" };
    expect(validateResource(users, body, create)).toEqual(body);
  });

  it("an extension present but missing from `schemas` gets its URN added", () => {
    const body = { schemas: [USER_SCHEMA], userName: "b", [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "7" } };
    expect(validateResource(users, body, create).schemas).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
  });

  it("RFC 7643 §6: a required extension missing from `schemas` → 400 invalidValue", () => {
    const strict = createAcmeRegistry({ required: true }).resourceType("User");
    const error = scimErrorOf(() => validateResource(strict, user({}), create));
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" });
    expect(error.detail).toContain(ACME_USER_SCHEMA);
  });
});

describe("validateResource: RFC 7643 §2.2 characteristics", () => {
  it("`required`: a missing userName → 400 invalidValue naming the attribute", () => {
    const error = scimErrorOf(() => validateResource(users, { schemas: [USER_SCHEMA] }, create));
    expect(error).toMatchObject({
      status: 400,
      scimType: "invalidValue",
      detail: "userName: required attribute is missing",
    });
  });

  it("RFC 7643 §4.1: userName must be non-empty → 400 invalidValue", () => {
    const error = scimErrorOf(() => validateResource(users, user({ userName: "" }), create));
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" });
    expect(error.detail).toMatch(/^userName: /);
  });

  it("`required` sub-attribute: skills[1].name missing → 400 invalidValue", () => {
    const error = scimErrorOf(() =>
      validateResource(acmeUsers, acmeUser({ skills: [{ name: "go" }, { level: 3 }] }), create),
    );
    expect(error).toMatchObject({
      status: 400,
      scimType: "invalidValue",
      detail: `${ACME_USER_SCHEMA}:skills[1].name: required attribute is missing`,
    });
  });

  it("RFC 7643 §3.1/§4.1: readOnly id, meta and groups are ignored on create and replace", () => {
    const body = user({
      id: "client-chosen",
      meta: { resourceType: "User", created: "not even a date" },
      groups: [{ value: "g1" }],
    });
    for (const mode of ["create", "replace"] as const) {
      expect(validateResource(users, body, { mode })).toEqual(user({}));
    }
  });

  it("a readOnly sub-attribute (enterprise manager.displayName) is ignored", () => {
    const body = user({
      [ENTERPRISE_USER_SCHEMA]: { manager: { value: "26118915", displayName: "John Smith" } },
    });
    expect(validateResource(users, body, create)[ENTERPRISE_USER_SCHEMA]).toEqual({
      manager: { value: "26118915" },
    });
  });

  it("RFC 7644 §3.5.1: replacing an immutable value → 400 mutability", () => {
    const existing = acmeUser({ clearance: "secret" });
    const error = scimErrorOf(() =>
      validateResource(acmeUsers, acmeUser({ clearance: "top secret" }), { mode: "replace", existing }),
    );
    expect(error).toMatchObject({ status: 400, scimType: "mutability" });
    expect(error.detail).toBe(`${ACME_USER_SCHEMA}:clearance: immutable attribute cannot be changed`);
  });

  it("RFC 7644 §3.5.1: an immutable value may be repeated (caseExact false) or set when unassigned", () => {
    const existing = acmeUser({ clearance: "secret" });
    expect(() =>
      validateResource(acmeUsers, acmeUser({ clearance: "SECRET" }), { mode: "replace", existing }),
    ).not.toThrow();
    expect(() =>
      validateResource(acmeUsers, acmeUser({ clearance: "secret" }), {
        mode: "replace",
        existing: acmeUser({}),
      }),
    ).not.toThrow();
    expect(() =>
      validateResource(acmeUsers, acmeUser({ clearance: "x" }), { mode: "create", existing }),
    ).not.toThrow();
  });

  it("writeOnly attributes are accepted on input (password)", () => {
    expect(validateResource(users, user({ password: "t1meMa$heen" }), create).password).toBe("t1meMa$heen");
  });
});

describe("validateResource: RFC 7643 §2.3 data types", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["§2.3.1 string", user({ displayName: 42 }), "displayName: expected string"],
    ["§2.3.2 boolean", user({ active: "true" }), "active: expected boolean"],
    [
      "§2.3.4 integer has no fraction",
      acmeUser({ badgeNumber: 1.5 }),
      `${ACME_USER_SCHEMA}:badgeNumber: expected integer`,
    ],
    [
      "§2.3.4 integer is a number",
      acmeUser({ badgeNumber: "15" }),
      `${ACME_USER_SCHEMA}:badgeNumber: expected integer`,
    ],
    [
      "§2.3.3 decimal",
      acmeUser({ hourlyRate: "12.5" }),
      `${ACME_USER_SCHEMA}:hourlyRate: expected decimal number`,
    ],
    [
      "§2.3.5 dateTime shape",
      acmeUser({ hiredAt: "yesterday" }),
      `${ACME_USER_SCHEMA}:hiredAt: expected xsd:dateTime`,
    ],
    [
      "§2.3.5 dateTime month",
      acmeUser({ hiredAt: "2010-13-23T04:56:22Z" }),
      `${ACME_USER_SCHEMA}:hiredAt: expected xsd:dateTime`,
    ],
    [
      "§2.3.5 dateTime day",
      acmeUser({ hiredAt: "2011-02-29T04:56:22Z" }),
      `${ACME_USER_SCHEMA}:hiredAt: expected xsd:dateTime`,
    ],
    [
      "§2.3.5 dateTime without T",
      acmeUser({ hiredAt: "2010-01-23 04:56:22Z" }),
      `${ACME_USER_SCHEMA}:hiredAt: expected xsd:dateTime`,
    ],
    ["§2.3.6 binary", acmeUser({ portrait: "not base64!" }), `${ACME_USER_SCHEMA}:portrait: expected base64`],
    ["§2.3.7 reference", user({ profileUrl: 42 }), "profileUrl: expected reference"],
    ["§2.3.8 complex", user({ name: "Barbara Jensen" }), "name: expected complex object"],
    [
      "§2.4 multi-valued needs an array",
      user({ emails: { value: "b@example.com" } }),
      "emails: expected array",
    ],
    [
      "§2.4 element type",
      user({ emails: [{ value: "b@example.com" }, { value: 42 }] }),
      "emails[1].value: expected string",
    ],
    ["§2.3.8 sub-attribute type", user({ name: { givenName: true } }), "name.givenName: expected string"],
    [
      "extension attribute",
      user({ [ENTERPRISE_USER_SCHEMA]: { manager: { value: 7 } } }),
      `${ENTERPRISE_USER_SCHEMA}:manager.value: expected string`,
    ],
    [
      "extension object",
      user({ [ENTERPRISE_USER_SCHEMA]: "7" }),
      `${ENTERPRISE_USER_SCHEMA}: expected complex object`,
    ],
  ];

  it.each(cases)("RFC 7643 %s: wrong type → 400 invalidValue naming the path", (_, body, detail) => {
    const error = scimErrorOf(() => validateResource(acmeUsers, body, create));
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" });
    expect(error.detail.startsWith(detail)).toBe(true);
  });

  it("accepts a value of every type", () => {
    const body = acmeUser({
      badgeNumber: 15,
      hourlyRate: 12.5,
      hiredAt: "2010-01-23T04:56:22.123+01:00",
      portrait: "aGVsbG8=",
      homepage: "https://acme.example/bjensen",
      onboarded: true,
      skills: [{ name: "go", level: 3 }],
    });
    expect(validateResource(acmeUsers, body, create)).toEqual(body);
  });

  it("RFC 7643 §2.3.5: xsd:dateTime forms — zone optional, fraction, 24:00:00, leap day", () => {
    for (const hiredAt of [
      "2010-01-23T04:56:22",
      "2010-01-23T04:56:22.5Z",
      "2010-01-23T24:00:00Z",
      "2012-02-29T00:00:00-05:00",
    ]) {
      expect(() => validateResource(acmeUsers, acmeUser({ hiredAt }), create)).not.toThrow();
    }
  });

  it("lists several problems in one error", () => {
    const error = scimErrorOf(() => validateResource(users, user({ displayName: 1, active: "yes" }), create));
    expect(error.detail).toBe("displayName: expected string; active: expected boolean");
  });
});

describe("validateResource: RFC 7643 §2.4 multi-valued attributes", () => {
  it("RFC 7643 §2.4: primary true appears no more than once → 400 invalidValue", () => {
    const body = user({
      emails: [
        { value: "a@x.org", primary: true },
        { value: "b@x.org", primary: true },
      ],
    });
    const error = scimErrorOf(() => validateResource(users, body, create));
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" });
    expect(error.detail).toMatch(/^emails: at most one value may have primary: true/);
    const one = user({
      emails: [
        { value: "a@x.org", primary: true },
        { value: "b@x.org", primary: false },
      ],
    });
    expect(() => validateResource(users, one, create)).not.toThrow();
  });
});

describe("validateResource: unknown attributes", () => {
  it("an extension URN the resource type does not have is one unknown attribute", () => {
    const key = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber";
    const error = scimErrorOf(() =>
      validateResource(groups, { schemas: [GROUP_SCHEMA], displayName: "G", [key]: "7" }, create),
    );
    expect(error).toMatchObject({
      status: 400,
      scimType: "invalidValue",
      detail: `${key}: unknown attribute`,
    });
  });

  it("an unknown attribute → 400 invalidValue naming it", () => {
    const error = scimErrorOf(() => validateResource(users, user({ favouriteColour: "blue" }), create));
    expect(error).toMatchObject({
      status: 400,
      scimType: "invalidValue",
      detail: "favouriteColour: unknown attribute",
    });
  });

  it("an unknown sub-attribute → 400 invalidValue naming its path", () => {
    const error = scimErrorOf(() =>
      validateResource(users, user({ emails: [{ value: "a@b.c", label: "x" }] }), create),
    );
    expect(error).toMatchObject({
      status: 400,
      scimType: "invalidValue",
      detail: "emails[0].label: unknown attribute",
    });
  });

  it("an unknown extension attribute → 400 invalidValue naming its URN path", () => {
    const error = scimErrorOf(() =>
      validateResource(users, user({ [ENTERPRISE_USER_SCHEMA]: { shoeSize: 9 } }), create),
    );
    expect(error.detail).toBe(`${ENTERPRISE_USER_SCHEMA}:shoeSize: unknown attribute`);
  });

  it("unknownAttributes: ignore drops them at every level", () => {
    const body = user({ favouriteColour: "blue", name: { givenName: "Barbara", nick: "Babs" } });
    expect(validateResource(users, body, { ...create, unknownAttributes: "ignore" })).toEqual(
      user({ name: { givenName: "Barbara" } }),
    );
  });
});

describe("validateResource: RFC 7643 §2.1 case-insensitive names and URN-qualified keys", () => {
  it("normalises attribute and sub-attribute names to the schema's spelling", () => {
    const body = {
      SCHEMAS: [USER_SCHEMA],
      USERNAME: "bjensen",
      Name: { GIVENNAME: "Barbara" },
      emails: [{ VALUE: "b@x.org", Primary: true }],
    };
    expect(validateResource(users, body, create)).toEqual(
      user({ name: { givenName: "Barbara" }, emails: [{ value: "b@x.org", primary: true }] }),
    );
  });

  it("normalises the extension URN key", () => {
    const body = user({ [ENTERPRISE_USER_SCHEMA.toUpperCase()]: { EMPLOYEENUMBER: "701984" } });
    expect(validateResource(users, body, create)[ENTERPRISE_USER_SCHEMA]).toEqual({
      employeeNumber: "701984",
    });
  });

  it("RFC 7644 §3.10: URN-qualified extension keys nest under the extension", () => {
    const body = user({
      [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`]: "701984",
      [`${ENTERPRISE_USER_SCHEMA}:manager.value`]: "26118915",
      [ENTERPRISE_USER_SCHEMA]: { department: "Tour Operations" },
    });
    expect(validateResource(users, body, create)).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      userName: "bjensen",
      [ENTERPRISE_USER_SCHEMA]: {
        employeeNumber: "701984",
        manager: { value: "26118915" },
        department: "Tour Operations",
      },
    });
  });

  it("RFC 7644 §3.10: core-URN-qualified keys are plain attributes", () => {
    const body = {
      schemas: [USER_SCHEMA],
      [`${USER_SCHEMA}:userName`]: "bjensen",
      [`${USER_SCHEMA}:name.givenName`]: "B",
    };
    expect(validateResource(users, body, create)).toEqual(user({ name: { givenName: "B" } }));
  });

  it("two spellings of one attribute → 400 invalidSyntax", () => {
    const error = scimErrorOf(() => validateResource(users, user({ USERNAME: "other" }), create));
    expect(error).toMatchObject({ status: 400, scimType: "invalidSyntax" });
  });

  it("RFC 7643 §2.5: null means unassigned and is dropped", () => {
    const body = user({ displayName: null, members: undefined, name: { givenName: null, familyName: "J" } });
    expect(validateResource(users, body, create)).toEqual(user({ name: { familyName: "J" } }));
  });

  it("does not modify the caller's object", () => {
    const body = user({ name: { givenName: "B" }, "name.familyName": "J" });
    const copy = structuredClone(body);
    validateResource(users, body, create);
    expect(body).toEqual(copy);
  });
});

describe("validateAttributeValue (PATCH values)", () => {
  const emails = userSchema.attributes.find((a) => a.name === "emails")!;

  it("validates and normalises a multi-valued value", () => {
    expect(validateAttributeValue(emails, [{ Value: "a@b.c", TYPE: "work" }], "emails")).toEqual([
      { value: "a@b.c", type: "work" },
    ]);
  });

  it("validates one element with item: true", () => {
    expect(validateAttributeValue(emails, { value: "a@b.c" }, "emails", { item: true })).toEqual({
      value: "a@b.c",
    });
  });

  it("names the path in errors → 400 invalidValue", () => {
    const error = scimErrorOf(() => validateAttributeValue(emails, [{ value: 1 }], "emails"));
    expect(error).toMatchObject({
      status: 400,
      scimType: "invalidValue",
      detail: "emails[0].value: expected string",
    });
    const single = scimErrorOf(() => validateAttributeValue(emails, { value: "a@b.c" }, "emails"));
    expect(single.detail).toBe("emails: expected array");
  });
});
