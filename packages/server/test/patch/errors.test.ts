/**
 * Every error path of PATCH: status and scimType per RFC 7644 §3.12 Table 9, with the section that
 * makes it an error.
 */
import { type AttributeDefinition, SchemaRegistry } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import { applyPatch, readPatchOperations } from "../../src/patch/index.js";
import { babs, ENTERPRISE, expectScimError, GROUP, groups, users } from "./helpers.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const attribute = (name: string, extra: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
  name,
  type: "string",
  multiValued: false,
  description: name,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

/** A custom resource type with an immutable attribute (none of RFC 7643's top-level attributes is). */
const devices = new SchemaRegistry()
  .addSchema({
    id: "urn:example:scim:schemas:Device",
    name: "Device",
    description: "Device",
    attributes: [
      attribute("serialNumber", { mutability: "immutable" }),
      attribute("model"),
      attribute("tags", { multiValued: true, mutability: "immutable" }),
      attribute("ports", {
        type: "complex",
        multiValued: true,
        subAttributes: [
          attribute("value", { required: true }),
          attribute("type"),
          attribute("label", { mutability: "immutable" }),
        ],
      }),
    ],
  })
  .addResourceType({ name: "Device", endpoint: "/Devices", schema: "urn:example:scim:schemas:Device" })
  .resourceType("Device");

const device = () => ({ schemas: ["urn:example:scim:schemas:Device"], id: "d1", model: "X1" });

describe("request envelope (RFC 7644 §3.5.2) → 400 invalidSyntax", () => {
  it.each([
    ["a body that is not an object", []],
    ["a body without schemas", { Operations: [{ op: "add", path: "title", value: "x" }] }],
    [
      "schemas without the PatchOp URN",
      { schemas: [GROUP], Operations: [{ op: "add", path: "title", value: "x" }] },
    ],
    ["a body without Operations", { schemas: [PATCH_OP] }],
    ["Operations that is not an array", { schemas: [PATCH_OP], Operations: { op: "add" } }],
    ["an empty Operations array (one or more required)", { schemas: [PATCH_OP], Operations: [] }],
  ])("%s", (_name, body) => {
    expectScimError(() => readPatchOperations(body), 400, "invalidSyntax");
  });

  it("returns the operations of a valid body", () => {
    const operations = [{ op: "add", path: "title", value: "x" }];
    expect(readPatchOperations({ schemas: [PATCH_OP], Operations: operations })).toEqual(operations);
  });

  it("applyPatch itself rejects an empty operation list", () => {
    expectScimError(() => applyPatch(users, babs(), []), 400, "invalidSyntax");
  });
});

describe("malformed operations (RFC 7644 §3.5.2: exactly one op among add, remove, replace)", () => {
  it.each([
    ["an operation that is not an object", "add"],
    ["an operation without op", { path: "title", value: "x" }],
    ["op that is not a string", { op: 1, path: "title", value: "x" }],
    ["an unknown op", { op: "copy", path: "title", value: "x" }],
    ["a JSON Patch op SCIM does not support", { op: "move", path: "title", value: "x" }],
  ])("%s → 400 invalidSyntax", (_name, operation) => {
    expectScimError(
      () => applyPatch(users, babs(), [operation], { interop: "strict" }),
      400,
      "invalidSyntax",
    );
  });

  it("a path that is not a string → 400 invalidPath", () => {
    expectScimError(() => applyPatch(users, babs(), [{ op: "remove", path: 7 }]), 400, "invalidPath");
  });

  it("§3.5.2.3: replace without value → 400 invalidValue", () => {
    expectScimError(() => applyPatch(users, babs(), [{ op: "replace", path: "title" }]), 400, "invalidValue");
  });

  it("§3.5.2.1: add with a null value → 400 invalidValue", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "add", path: "title", value: null }]),
      400,
      "invalidValue",
    );
  });

  it("§3.5.2.1/§3.5.2.3: a pathless value that is not an object → 400 invalidValue", () => {
    expectScimError(() => applyPatch(users, babs(), [{ op: "replace", value: "x" }]), 400, "invalidValue");
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "add", value: [{ title: "x" }] }]),
      400,
      "invalidValue",
    );
  });

  it('§3.5.2.2: "remove" with a value on a single-valued attribute → 400 invalidSyntax', () => {
    expectScimError(
      () => applyPatch(users, { ...babs(), title: "x" }, [{ op: "remove", path: "title", value: "x" }]),
      400,
      "invalidSyntax",
    );
  });

  it("the error names the operation and the path", () => {
    const detail = expectScimError(
      () =>
        applyPatch(
          users,
          babs(),
          [
            { op: "add", path: "title", value: "x" },
            { op: "replace", path: "active", value: "yes" },
          ],
          { interop: "strict" },
        ),
      400,
      "invalidValue",
    );
    expect(detail).toContain("Operations[1]");
    expect(detail).toContain("active");
  });
});

describe("paths (RFC 7644 §3.5.2 Figure 7) → 400 invalidPath / invalidFilter", () => {
  it.each([
    ["an unclosed valuePath", 'emails[type eq "work"'],
    ["an empty path", ""],
    ["a path with a trailing dot", "name."],
  ])("%s → 400 invalidPath", (_name, path) => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", path, value: "x" }]),
      400,
      "invalidPath",
    );
  });

  it("an unknown attribute → 400 invalidPath", () => {
    const detail = expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", path: "shoeSize", value: "x" }]),
      400,
      "invalidPath",
    );
    expect(detail).toContain("shoeSize");
  });

  it("an unknown sub-attribute → 400 invalidPath", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", path: "name.nick", value: "x" }]),
      400,
      "invalidPath",
    );
  });

  it("an attribute of an extension the resource type does not have → 400 invalidPath", () => {
    expectScimError(
      () =>
        applyPatch(groups, { schemas: [GROUP], displayName: "g" }, [
          { op: "add", path: `${ENTERPRISE}:employeeNumber`, value: "1" },
        ]),
      400,
      "invalidPath",
    );
  });

  it("a malformed filter inside a valuePath → 400 with the position in the detail", () => {
    const detail = expectScimError(
      () => applyPatch(users, babs(), [{ op: "remove", path: "emails[type eq]" }]),
      400,
      "invalidPath",
    );
    expect(detail).toMatch(/at \d+/);
  });

  it("a valuePath on a simple attribute → 400 invalidPath", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "remove", path: 'userName[value eq "x"]' }]),
      400,
      "invalidPath",
    );
  });

  it("a sub-attribute of a multi-valued attribute without a filter, for add/replace → 400 invalidPath", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", path: "emails.value", value: "x@example.com" }]),
      400,
      "invalidPath",
    );
  });

  it("a sub-attribute of a multi-valued attribute without a filter, for remove, removes it from every value", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "remove", path: "emails.type" }]);
    expect(resource.emails).toEqual([
      { value: "bjensen@example.com", primary: true },
      { value: "babs@jensen.org" },
    ]);
  });
});

describe("values (RFC 7643 §2.3) → 400 invalidValue", () => {
  it.each([
    ["a string for a boolean", "active", "yes"],
    ["a number for a string", "userName", 12],
    ["an object for a string", "title", { value: "x" }],
    ["a string for a complex attribute", "name", "Babs Jensen"],
    ["an array for a single-valued attribute", "title", ["a", "b"]],
    ["a number for a string sub-attribute", 'emails[type eq "work"].value', 5],
  ])("%s", (_name, path, value) => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", path, value }], { interop: "strict" }),
      400,
      "invalidValue",
    );
  });

  it("an unknown sub-attribute in a value", () => {
    expectScimError(
      () =>
        applyPatch(users, babs(), [
          { op: "add", path: "emails", value: [{ value: "a@example.com", colour: "red" }] },
        ]),
      400,
      "invalidValue",
    );
  });

  it("an unknown attribute in a pathless value; ignored with unknownAttributes: ignore", () => {
    const operations = [{ op: "replace", value: { shoeSize: "42", title: "Boss" } }];
    expectScimError(() => applyPatch(users, babs(), operations), 400, "invalidValue");
    const { resource } = applyPatch(users, babs(), operations, { unknownAttributes: "ignore" });
    expect(resource.title).toBe("Boss");
    expect(resource).not.toHaveProperty("shoeSize");
  });

  it("RFC 7643 §2.4: two values with primary true in one operation", () => {
    expectScimError(
      () =>
        applyPatch(users, babs(), [
          {
            op: "add",
            path: "emails",
            value: [
              { value: "a@example.com", primary: true },
              { value: "b@example.com", primary: true },
            ],
          },
        ]),
      400,
      "invalidValue",
    );
  });

  it("RFC 7643 §2.2: a new value without a required sub-attribute", () => {
    expectScimError(
      () => applyPatch(devices, device(), [{ op: "add", path: "ports", value: [{ type: "usb" }] }]),
      400,
      "invalidValue",
    );
  });

  it("a pathless schemas value naming a foreign schema", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "add", value: { schemas: ["urn:example:unknown"] } }]),
      400,
      "invalidValue",
    );
  });
});

describe("mutability (RFC 7644 §3.5.2, RFC 7643 §2.2) → 400 mutability", () => {
  it("readOnly: replacing id", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", path: "id", value: "x" }]),
      400,
      "mutability",
    );
  });

  it("readOnly: a pathless value that changes id", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", value: { id: "x" } }]),
      400,
      "mutability",
    );
  });

  it("readOnly: repeating the current id modifies nothing and is accepted", () => {
    const result = applyPatch(users, babs(), [{ op: "replace", value: { id: babs().id } }]);
    expect(result.changed).toBe(false);
  });

  it("readOnly: meta and groups", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "add", path: "meta", value: { resourceType: "User" } }]),
      400,
      "mutability",
    );
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "add", path: "groups", value: [{ value: "g1" }] }]),
      400,
      "mutability",
    );
  });

  it("readOnly sub-attribute: manager.displayName", () => {
    expectScimError(
      () =>
        applyPatch(users, babs(), [{ op: "add", path: `${ENTERPRISE}:manager.displayName`, value: "Boss" }]),
      400,
      "mutability",
    );
  });

  it("immutable: add is allowed when the attribute has no value", () => {
    const { resource } = applyPatch(devices, device(), [{ op: "add", path: "serialNumber", value: "SN1" }]);
    expect(resource.serialNumber).toBe("SN1");
  });

  it("immutable: replace is treated as add when unset (§3.5.2.3) and allowed", () => {
    const { resource } = applyPatch(devices, device(), [
      { op: "replace", path: "serialNumber", value: "SN1" },
    ]);
    expect(resource.serialNumber).toBe("SN1");
  });

  it("immutable: changing an existing value fails", () => {
    expectScimError(
      () =>
        applyPatch(devices, { ...device(), serialNumber: "SN1" }, [
          { op: "replace", path: "serialNumber", value: "SN2" },
        ]),
      400,
      "mutability",
    );
  });

  it("immutable: the same value again is no modification", () => {
    const result = applyPatch(devices, { ...device(), serialNumber: "SN1" }, [
      { op: "replace", path: "serialNumber", value: "SN1" },
    ]);
    expect(result.changed).toBe(false);
  });

  it("immutable: removing an existing value fails", () => {
    expectScimError(
      () =>
        applyPatch(devices, { ...device(), serialNumber: "SN1" }, [{ op: "remove", path: "serialNumber" }]),
      400,
      "mutability",
    );
  });

  it("immutable multi-valued: adding to existing values fails, adding to none works", () => {
    expectScimError(
      () => applyPatch(devices, { ...device(), tags: ["a"] }, [{ op: "add", path: "tags", value: ["b"] }]),
      400,
      "mutability",
    );
    expect(applyPatch(devices, device(), [{ op: "add", path: "tags", value: ["b"] }]).resource.tags).toEqual([
      "b",
    ]);
  });

  it("immutable sub-attribute of a selected record", () => {
    const stored = { ...device(), ports: [{ value: "p1", type: "usb", label: "L1" }] };
    expectScimError(
      () => applyPatch(devices, stored, [{ op: "replace", path: 'ports[value eq "p1"].label', value: "L2" }]),
      400,
      "mutability",
    );
    const unset = { ...device(), ports: [{ value: "p1", type: "usb" }] };
    const { resource } = applyPatch(devices, unset, [
      { op: "replace", path: 'ports[value eq "p1"].label', value: "L2" },
    ]);
    expect(resource.ports).toEqual([{ value: "p1", type: "usb", label: "L2" }]);
  });

  it("§3.5.2.2 required: replacing a required attribute with null unassigns it and fails", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", path: "userName", value: null }]),
      400,
      "mutability",
    );
  });

  it("§3.5.2.2 required sub-attribute: removing it from a record fails", () => {
    const stored = { ...device(), ports: [{ value: "p1", type: "usb" }] };
    expectScimError(
      () => applyPatch(devices, stored, [{ op: "remove", path: 'ports[type eq "usb"].value' }]),
      400,
      "mutability",
    );
  });

  it("group member sub-attributes are immutable (RFC 7643 §8.7.1)", () => {
    const group = { schemas: [GROUP], displayName: "g", members: [{ value: "u1", display: "U" }] };
    expectScimError(
      () => applyPatch(groups, group, [{ op: "replace", path: 'members[value eq "u1"].value', value: "u2" }]),
      400,
      "mutability",
    );
    expectScimError(
      () =>
        applyPatch(groups, group, [{ op: "replace", path: 'members[value eq "u1"].display', value: "V" }], {
          membersAsDelta: true,
        }),
      400,
      "mutability",
    );
  });
});

describe("noTarget (RFC 7644 §3.5.2.2, §3.5.2.3)", () => {
  it("§3.5.2.2: remove without path", () => {
    expectScimError(() => applyPatch(groups, { schemas: [GROUP] }, [{ op: "remove" }]), 400, "noTarget");
  });

  it("§3.5.2.3: replace whose valuePath matches nothing, with and without sub-attribute (strict)", () => {
    for (const path of ['emails[type eq "other"]', 'emails[type eq "other"].value']) {
      expectScimError(
        () =>
          applyPatch(
            users,
            babs(),
            [
              {
                op: "replace",
                path,
                value: path.endsWith("value") ? "x@example.com" : { value: "x@example.com" },
              },
            ],
            { interop: "strict" },
          ),
        400,
        "noTarget",
      );
    }
  });

  it("a filter that is not only eq terms matches nothing → noTarget even with createMissingFilteredTarget", () => {
    expectScimError(
      () =>
        applyPatch(users, babs(), [
          { op: "replace", path: 'emails[type co "oth"].value', value: "x@example.com" },
        ]),
      400,
      "noTarget",
    );
  });

  it("Group mode: replace of a member filter matching no current member", () => {
    expectScimError(
      () =>
        applyPatch(
          groups,
          { schemas: [GROUP] },
          [{ op: "replace", path: 'members[value eq "u9"]', value: { value: "u8" } }],
          {
            membersAsDelta: true,
            currentMembers: [{ value: "u1" }],
          },
        ),
      400,
      "noTarget",
    );
  });
});

describe("valuePath filters name sub-attributes of the filtered attribute", () => {
  it("an unknown sub-attribute in the filter → 400 invalidFilter with its position", () => {
    const detail = expectScimError(
      () => applyPatch(users, babs(), [{ op: "remove", path: 'emails[colour eq "red"]' }]),
      400,
      "invalidFilter",
    );
    expect(detail).toContain('"colour" at 7');
  });

  it("a filter that the schema makes invalid (gt on a boolean) → 400", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "remove", path: "emails[primary gt true]" }]),
      400,
      "invalidPath",
    );
  });
});

describe("hostile input", () => {
  it('a "__proto__" key in a value is an unknown sub-attribute, not a prototype', () => {
    const operations = JSON.parse(
      '[{"op":"add","path":"name","value":{"__proto__":{"polluted":true},"givenName":"B"}}]',
    );
    expectScimError(() => applyPatch(users, babs(), operations), 400, "invalidValue");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
