/**
 * Each interoperability rule with the exact request the IdP sends: accepted with the rule on (the
 * default profiles) and rejected, or left as the RFC says, in `strict` mode.
 *
 * Request sources: Microsoft's "Known issues and resolutions with SCIM 2.0 protocol compliance"
 * (MicrosoftDocs/entra-docs, application-provisioning-config-problem-scim-compatibility.md),
 * "Develop a SCIM endpoint" (use-scim-to-provision-users-and-groups.md), Okta's SCIM 2.0 reference,
 * and the Entra/Okta request fixtures of elimity-com/scim (internal/idp_test/testdata, MIT).
 */
import { validateResource } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import {
  applyPatch,
  ENTRA_LEGACY_GROUP_SCHEMA,
  INTEROP_PROFILES,
  INTEROP_RULES,
  type InteropRule,
  mergeOktaPut,
  normalizeInteropBody,
  resolveInteropRules,
} from "../../src/patch/index.js";
import { ENTERPRISE, expectScimError, GROUP, groups, USER, users } from "./helpers.js";

const strict = { interop: "strict" } as const;
/** Only this rule on: proves the rule alone makes the difference. */
const only = (rule: InteropRule) => ({ interop: [rule] as InteropRule[] });

/** The Entra fixture user (elimity azuread/update_user state). */
const entraUser = () => ({
  schemas: [USER, ENTERPRISE],
  id: "6764549bef60420686bc",
  externalId: "6c75de36-30fa-4d2d-a196-6bdcdb6b6539",
  userName: "Test_User_feed3ace-693c-4e5a-82e2-694be1b39934",
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  active: true,
  emails: [
    { value: "Test_User_22370c1a-9012-42b2-bf64-86099c2a1c22@testuser.com", type: "work", primary: true },
  ],
});

/** The Okta fixture user (elimity okta/update_user_patch state). */
const oktaUser = () => ({
  schemas: [USER],
  id: "23a35c27-23d3-4c03-b4c5-6443c09e7173",
  userName: "test.user@okta.local",
  name: { givenName: "Another", familyName: "User" },
  active: true,
  emails: [{ primary: true, value: "test.user@okta.local", type: "work", display: "test.user@okta.local" }],
});

describe("profiles and resolveInteropRules", () => {
  it("default: the entra and okta profiles are both on", () => {
    expect([...resolveInteropRules()].sort()).toEqual(
      [...INTEROP_PROFILES.entra, ...INTEROP_PROFILES.okta].sort(),
    );
  });

  it("strict turns every rule off", () => {
    expect(resolveInteropRules("strict").size).toBe(0);
  });

  it("rules switch on and off one by one", () => {
    const rules = resolveInteropRules({ disable: ["booleanStrings"] });
    expect(rules.has("booleanStrings")).toBe(false);
    expect(rules.has("capitalizedOps")).toBe(true);
    expect([...resolveInteropRules({ profiles: ["strict"], enable: ["capitalizedOps"] })]).toEqual([
      "capitalizedOps",
    ]);
    expect([...resolveInteropRules(["okta", "managerAsString"])].sort()).toEqual(
      ["managerAsString", "putKeepsUnsentExtensions"].sort(),
    );
  });

  it("every rule is documented and belongs to a profile", () => {
    const inProfiles = new Set([...INTEROP_PROFILES.entra, ...INTEROP_PROFILES.okta]);
    for (const rule of Object.keys(INTEROP_RULES)) expect(inProfiles.has(rule as InteropRule)).toBe(true);
  });

  it("unknown names are a configuration error", () => {
    expect(() => resolveInteropRules("azure" as never)).toThrow(TypeError);
    expect(() => resolveInteropRules({ enable: ["lenient" as InteropRule] })).toThrow(TypeError);
    expect(() => resolveInteropRules(["capitalisedOps" as InteropRule])).toThrow(TypeError);
  });
});

describe("capitalizedOps (Entra default job)", () => {
  // elimity azuread/update_user.json: the request Entra sends to update a user.
  const operations = [
    { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
    { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
    { op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" },
    { op: "Replace", path: "active", value: false },
  ];

  it("on: the Entra update is applied", () => {
    const { resource } = applyPatch(users, entraUser(), operations, only("capitalizedOps"));
    expect(resource).toEqual({
      ...entraUser(),
      userName: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com",
      name: { formatted: "givenName familyName", familyName: "updatedFamilyName", givenName: "givenName" },
      active: false,
      emails: [{ value: "updatedEmail@microsoft.com", type: "work", primary: true }],
    });
  });

  it('on: "Add" and "Remove" too (compat doc, single-value string without the flag)', () => {
    const { resource } = applyPatch(
      users,
      entraUser(),
      [
        { op: "Add", path: "nickName", value: "Babs" },
        { op: "Remove", path: "externalId" },
      ],
      only("capitalizedOps"),
    );
    expect(resource.nickName).toBe("Babs");
    expect(resource).not.toHaveProperty("externalId");
  });

  it("off: 400 invalidSyntax naming the rule", () => {
    const detail = expectScimError(
      () => applyPatch(users, entraUser(), operations, strict),
      400,
      "invalidSyntax",
    );
    expect(detail).toContain("capitalizedOps");
  });
});

describe("booleanStrings (Entra: disable user)", () => {
  // Compat doc, "Requests made to disable users", without feature flag.
  const disable = [{ op: "Replace", path: "active", value: "False" }];

  it('on: "False" disables the user', () => {
    const { resource } = applyPatch(users, entraUser(), disable, {
      interop: ["capitalizedOps", "booleanStrings"],
    });
    expect(resource.active).toBe(false);
  });

  it('on: "true" for primary in an emails value (MS validator)', () => {
    const { resource } = applyPatch(
      users,
      entraUser(),
      [{ op: "add", path: "emails", value: [{ value: "home@example.com", type: "home", primary: "true" }] }],
      only("booleanStrings"),
    );
    expect(resource.emails).toEqual([
      { value: "Test_User_22370c1a-9012-42b2-bf64-86099c2a1c22@testuser.com", type: "work", primary: false },
      { value: "home@example.com", type: "home", primary: true },
    ]);
  });

  it("off: 400 invalidValue", () => {
    expectScimError(
      () => applyPatch(users, entraUser(), disable, only("capitalizedOps")),
      400,
      "invalidValue",
    );
  });

  it("the flag-on shape (a JSON boolean) works in strict mode", () => {
    const { resource } = applyPatch(
      users,
      entraUser(),
      [{ op: "replace", path: "active", value: false }],
      strict,
    );
    expect(resource.active).toBe(false);
  });

  it("POST/PUT bodies: normalizeInteropBody turns boolean strings into booleans only with the rule", () => {
    const body = {
      schemas: [USER],
      userName: "u",
      active: "True",
      emails: [{ value: "a@example.com", primary: "false" }],
    };
    expect(normalizeInteropBody(users, body, resolveInteropRules(["booleanStrings"]))).toEqual({
      schemas: [USER],
      userName: "u",
      active: true,
      emails: [{ value: "a@example.com", primary: false }],
    });
    expect(normalizeInteropBody(users, body, resolveInteropRules("strict"))).toEqual(body);
  });
});

describe("removeMembersByValue (Entra: remove a group member)", () => {
  // Compat doc, "Requests to remove a group member", without feature flag.
  const removal = [{ op: "Remove", path: "members", value: [{ value: "u1091" }] }];
  const group = () => ({
    schemas: [GROUP],
    id: "g1",
    displayName: "Sales",
    members: [{ value: "u1091" }, { value: "u2000" }],
  });

  it("on, Group mode: exactly the listed member is removed, never the whole group", () => {
    const result = applyPatch(groups, { schemas: [GROUP], displayName: "Sales" }, removal, {
      membersAsDelta: true,
      interop: ["capitalizedOps", "removeMembersByValue"],
    });
    expect(result.members).toEqual({ remove: ["u1091"] });
  });

  it("on, plain mode: the other members stay", () => {
    const { resource } = applyPatch(groups, group(), removal, {
      interop: ["capitalizedOps", "removeMembersByValue"],
    });
    expect(resource.members).toEqual([{ value: "u2000" }]);
  });

  it("off: 400 invalidSyntax and the group is untouched (no accidental remove-all)", () => {
    const stored = group();
    const detail = expectScimError(
      () => applyPatch(groups, stored, removal, { membersAsDelta: true, interop: ["capitalizedOps"] }),
      400,
      "invalidSyntax",
    );
    expect(detail).toContain("removeMembersByValue");
    expectScimError(() => applyPatch(groups, stored, removal, only("capitalizedOps")), 400, "invalidSyntax");
    expect(stored.members).toHaveLength(2);
  });

  it('the flag-on shape (members[value eq "…"]) works in strict mode', () => {
    const result = applyPatch(
      groups,
      { schemas: [GROUP], displayName: "Sales" },
      [{ op: "remove", path: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]' }],
      { membersAsDelta: true, ...strict },
    );
    expect(result.members).toEqual({ remove: ["7f4bc1a3-285e-48ae-8202-5accb43efb0e"] });
  });
});

describe('Entra member items with "$ref": null (RFC 7643 §2.5: null is unassigned, no rule needed)', () => {
  // elimity azuread/update_group.json, the full request.
  const operations = [
    { op: "Replace", path: "displayName", value: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" },
    { op: "Add", path: "members", value: [{ $ref: null, value: "f648f8d5ea4e4cd38e9c" }] },
    { op: "Remove", path: "members", value: [{ $ref: null, value: "f648f8d5ea4e4cd38e9c" }] },
  ];
  const group = () => ({
    schemas: [GROUP],
    id: "fa2ce26709934589afc5",
    externalId: "60f1bb27-2e1e-402d-bcc4-ec999564a194",
    displayName: "displayName",
  });

  it("default profiles: the Entra group update is applied; the member ends removed", () => {
    const result = applyPatch(groups, group(), operations, { membersAsDelta: true });
    expect(result.resource.displayName).toBe("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");
    expect(result.members).toEqual({ remove: ["f648f8d5ea4e4cd38e9c"] });
  });

  it("strict: an add with $ref null is accepted, the member added without $ref", () => {
    const result = applyPatch(
      groups,
      group(),
      [{ op: "add", path: "members", value: [{ $ref: null, value: "f648f8d5ea4e4cd38e9c" }] }],
      strict,
    );
    expect(result.resource.members).toEqual([{ value: "f648f8d5ea4e4cd38e9c" }]);
  });
});

describe("pathKeysInValue (Entra with aadOptscim062020: multiple replaces merged)", () => {
  // Compat doc, "Requests to replace multiple attributes", with feature flag.
  const operations = [
    { op: "replace", path: 'emails[type eq "work"].value', value: "TestMhvaes@test.microsoft.com" },
    {
      op: "replace",
      value: {
        displayName: "Bjfe",
        "name.givenName": "Kkom",
        "name.familyName": "Unua",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
      },
    },
  ];

  it("on: every key is applied as a path", () => {
    const { resource } = applyPatch(users, entraUser(), operations, only("pathKeysInValue"));
    expect(resource.displayName).toBe("Bjfe");
    expect(resource.name).toEqual({
      formatted: "givenName familyName",
      givenName: "Kkom",
      familyName: "Unua",
    });
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: "Aklq" });
    expect(resource.emails).toEqual([
      { value: "TestMhvaes@test.microsoft.com", type: "work", primary: true },
    ]);
  });

  it("on: a dotted key into the enterprise manager", () => {
    const { resource } = applyPatch(
      users,
      entraUser(),
      [{ op: "replace", value: { [`${ENTERPRISE}:manager.value`]: "271" } }],
      only("pathKeysInValue"),
    );
    expect(resource[ENTERPRISE]).toEqual({ manager: { value: "271" } });
  });

  it("off: 400 invalidValue naming the key and the rule", () => {
    const detail = expectScimError(
      () => applyPatch(users, entraUser(), operations, strict),
      400,
      "invalidValue",
    );
    expect(detail).toContain("name.givenName");
    expect(detail).toContain("pathKeysInValue");
  });

  it("strict still accepts fully qualified top-level names (RFC 7644 §3.5.2, §3.10)", () => {
    const { resource } = applyPatch(
      users,
      entraUser(),
      [{ op: "replace", value: { [`${ENTERPRISE}:employeeNumber`]: "Aklq" } }],
      strict,
    );
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: "Aklq" });
  });

  it("the flag-off shape (one replace per path) works in strict mode", () => {
    const { resource } = applyPatch(
      users,
      entraUser(),
      [
        { op: "replace", path: "displayName", value: "Pvlo" },
        { op: "replace", path: "name.givenName", value: "Gtfd" },
        { op: "replace", path: "externalId", value: "Eqpj" },
        { op: "replace", path: `${ENTERPRISE}:employeeNumber`, value: "Eqpj" },
      ],
      strict,
    );
    expect(resource.externalId).toBe("Eqpj");
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: "Eqpj" });
  });
});

describe("createMissingFilteredTarget (Entra: filtered path on a value that does not exist yet)", () => {
  const bare = () => ({ schemas: [USER], id: "u1", userName: "bare" });

  it('on: Replace emails[type eq "work"].value creates {type: "work", value}', () => {
    const { resource } = applyPatch(
      users,
      bare(),
      [{ op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" }],
      { interop: ["capitalizedOps", "createMissingFilteredTarget"] },
    );
    expect(resource.emails).toEqual([{ type: "work", value: "updatedEmail@microsoft.com" }]);
  });

  it("on: phoneNumbers mobile and addresses work, with Add", () => {
    const { resource } = applyPatch(
      users,
      bare(),
      [
        { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555 0100" },
        { op: "Add", path: 'addresses[type eq "work"].streetAddress', value: "1 Main St" },
        { op: "Add", path: 'addresses[type eq "work"].locality', value: "Springfield" },
      ],
      { interop: ["capitalizedOps", "createMissingFilteredTarget"] },
    );
    expect(resource.phoneNumbers).toEqual([{ type: "mobile", value: "+1 555 0100" }]);
    // The second address operation finds the record the first one created.
    expect(resource.addresses).toEqual([
      { type: "work", streetAddress: "1 Main St", locality: "Springfield" },
    ]);
  });

  it("off: 400 noTarget (RFC 7644 §3.5.2.3)", () => {
    const detail = expectScimError(
      () =>
        applyPatch(
          users,
          bare(),
          [{ op: "replace", path: 'emails[type eq "work"].value', value: "a@example.com" }],
          strict,
        ),
      400,
      "noTarget",
    );
    expect(detail).toContain("createMissingFilteredTarget");
  });
});

describe("managerAsString (Entra: manager as a bare string)", () => {
  const add = [{ op: "Add", path: `${ENTERPRISE}:manager`, value: "271" }];

  it('on: the string becomes {"value": "271"} and the extension URN joins schemas', () => {
    const { resource } = applyPatch(users, { ...entraUser(), schemas: [USER] }, add, {
      interop: ["capitalizedOps", "managerAsString"],
    });
    expect(resource[ENTERPRISE]).toEqual({ manager: { value: "271" } });
    expect(resource.schemas).toEqual([USER, ENTERPRISE]);
  });

  it("off: 400 invalidValue", () => {
    expectScimError(() => applyPatch(users, entraUser(), add, only("capitalizedOps")), 400, "invalidValue");
  });

  it("on: an empty string clears the manager (Entra, SCIM-SDK #652); off: 400 invalidValue", () => {
    const stored = { ...entraUser(), [ENTERPRISE]: { employeeNumber: "7", manager: { value: "271" } } };
    const clear = [{ op: "replace", path: `${ENTERPRISE}:manager`, value: "" }];
    const { resource } = applyPatch(users, stored, clear, only("managerAsString"));
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: "7" });
    expectScimError(() => applyPatch(users, stored, clear, strict), 400, "invalidValue");
  });

  it("POST/PUT bodies: normalizeInteropBody rewrites the manager string only with the rule", () => {
    const body = { schemas: [USER, ENTERPRISE], userName: "u", [ENTERPRISE]: { manager: "271" } };
    expect(normalizeInteropBody(users, body, resolveInteropRules(["managerAsString"]))).toEqual({
      ...body,
      [ENTERPRISE]: { manager: { value: "271" } },
    });
    expect(normalizeInteropBody(users, body, resolveInteropRules("strict"))).toEqual(body);
  });
});

describe("filterOnSingleValuedComplex (Entra: manager[value eq …])", () => {
  const withManager = () => ({
    ...entraUser(),
    [ENTERPRISE]: { employeeNumber: "7", manager: { value: "271" } },
  });
  const removal = [{ op: "Remove", path: `${ENTERPRISE}:manager[value eq "271"]` }];

  it("on: the manager is removed when it matches", () => {
    const { resource } = applyPatch(users, withManager(), removal, {
      interop: ["capitalizedOps", "filterOnSingleValuedComplex"],
    });
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: "7" });
  });

  it("on: a manager that does not match stays", () => {
    const result = applyPatch(
      users,
      withManager(),
      [{ op: "remove", path: `${ENTERPRISE}:manager[value eq "999"]` }],
      only("filterOnSingleValuedComplex"),
    );
    expect(result.changed).toBe(false);
  });

  it("off: 400 invalidPath", () => {
    const detail = expectScimError(
      () => applyPatch(users, withManager(), removal, only("capitalizedOps")),
      400,
      "invalidPath",
    );
    expect(detail).toContain("filterOnSingleValuedComplex");
  });
});

describe("legacyGroupSchema (Entra group create)", () => {
  // use-scim doc, "Create Group" request.
  const body = {
    schemas: [GROUP, ENTRA_LEGACY_GROUP_SCHEMA],
    externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    displayName: "displayName",
    meta: { resourceType: "Group" },
  };

  it("on: the legacy URI is dropped and the body validates", () => {
    const normalized = normalizeInteropBody(groups, body, resolveInteropRules(["legacyGroupSchema"]));
    expect(normalized).toEqual({ ...body, schemas: [GROUP] });
    expect(validateResource(groups, normalized, { mode: "create" })).toEqual({
      schemas: [GROUP],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "displayName",
    });
  });

  it("off: the body is left as sent and the validator rejects the unknown schema (400 invalidValue)", () => {
    const normalized = normalizeInteropBody(groups, body, resolveInteropRules("strict"));
    expect(normalized).toEqual(body);
    expectScimError(() => validateResource(groups, normalized, { mode: "create" }), 400, "invalidValue");
  });

  it("only Group bodies are touched", () => {
    const userBody = { schemas: [USER, ENTRA_LEGACY_GROUP_SCHEMA], userName: "u" };
    expect(normalizeInteropBody(users, userBody, resolveInteropRules())).toEqual(userBody);
  });
});

describe("putKeepsUnsentExtensions (Okta full-PUT updates)", () => {
  // elimity okta/update_user.json: the PUT Okta sends for a profile update.
  const put = {
    schemas: [USER],
    id: "23a35c27-23d3-4c03-b4c5-6443c09e7173",
    userName: "test.user@okta.local",
    name: { givenName: "Another", middleName: "Excited", familyName: "User" },
    emails: [{ primary: true, value: "test.user@okta.local", type: "work", display: "test.user@okta.local" }],
    active: true,
    groups: [],
    meta: { resourceType: "User" },
  };
  const stored = () => ({
    ...oktaUser(),
    schemas: [USER, ENTERPRISE],
    [ENTERPRISE]: { employeeNumber: "42", costCenter: "CC1" },
  });

  it("on: the stored extension attributes survive the PUT", () => {
    const merged = mergeOktaPut(users, stored(), put, resolveInteropRules(["okta"]));
    const replaced = validateResource(users, merged, { mode: "replace", existing: stored() });
    expect(replaced[ENTERPRISE]).toEqual({ employeeNumber: "42", costCenter: "CC1" });
    expect(replaced.schemas).toEqual([USER, ENTERPRISE]);
    expect(replaced.name).toEqual(put.name);
  });

  it("on: an extension the body sends or lists is replaced as sent", () => {
    const rules = resolveInteropRules(["okta"]);
    const sent = { ...put, schemas: [USER, ENTERPRISE], [ENTERPRISE]: { costCenter: "CC2" } };
    expect((mergeOktaPut(users, stored(), sent, rules) as Record<string, unknown>)[ENTERPRISE]).toEqual({
      costCenter: "CC2",
    });
    const listed = { ...put, schemas: [USER, ENTERPRISE] };
    expect(mergeOktaPut(users, stored(), listed, rules)).toEqual(listed);
  });

  it("off: PUT replaces everything and the extension is cleared (RFC 7644 §3.5.1)", () => {
    const merged = mergeOktaPut(users, stored(), put, resolveInteropRules("strict"));
    expect(merged).toEqual(put);
    const replaced = validateResource(users, merged, { mode: "replace", existing: stored() });
    expect(replaced).not.toHaveProperty(ENTERPRISE);
  });
});

describe("Okta shapes that are plain RFC (accepted in every mode)", () => {
  it("pathless replace {active: false} deactivates (elimity okta/update_user_patch)", () => {
    for (const options of [strict, {}]) {
      const { resource, changed } = applyPatch(
        users,
        oktaUser(),
        [{ op: "replace", value: { active: false } }],
        options,
      );
      expect(changed).toBe(true);
      expect(resource).toEqual({ ...oktaUser(), active: false });
    }
  });

  it("group rename with the group's own id in the value (elimity okta/update_group_name)", () => {
    const group = {
      schemas: [GROUP],
      id: "abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
      displayName: "Test SCIMv20",
    };
    const operations = [
      { op: "replace", value: { id: "abf4dd94-a4c0-4f67-89c9-76b03340cb9b", displayName: "Test SCIMv2" } },
    ];
    const { resource } = applyPatch(groups, group, operations, { membersAsDelta: true, ...strict });
    expect(resource).toEqual({ ...group, displayName: "Test SCIMv2" });
    // A different id is a modification of a readOnly attribute.
    expectScimError(
      () => applyPatch(groups, group, [{ op: "replace", value: { id: "other", displayName: "x" } }], strict),
      400,
      "mutability",
    );
  });

  it("membership update: remove, add, then replace (elimity okta/update_group_membership)", () => {
    const operations = [
      { op: "remove", path: 'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]' },
      {
        op: "add",
        path: "members",
        value: [{ value: "23a35c27-23d3-4c03-b4c5-6443c09e7173", display: "test.user@okta.local" }],
      },
      {
        op: "replace",
        path: "members",
        value: [
          { value: "23a35c27-23d3-4c03-b4c5-6443c09e7173", display: "test.user@okta.local" },
          { value: "89bb1940-b905-4575-9e7f-6f887cfb368e", display: "test.user@okta.local" },
        ],
      },
    ];
    const group = {
      schemas: [GROUP],
      id: "abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
      displayName: "Test SCIMv2",
    };
    const result = applyPatch(groups, group, operations, {
      membersAsDelta: true,
      ...strict,
      currentMembers: [{ value: "89bb1940-b905-4575-9e7f-6f887cfb368e", display: "test.user@okta.local" }],
    });
    // The group ends with exactly the two members of the final replace.
    expect(result.members).toEqual({
      add: [{ value: "23a35c27-23d3-4c03-b4c5-6443c09e7173", display: "test.user@okta.local" }],
    });
    const plain = applyPatch(
      groups,
      {
        ...group,
        members: [{ value: "89bb1940-b905-4575-9e7f-6f887cfb368e", display: "test.user@okta.local" }],
      },
      operations,
      strict,
    );
    expect(plain.resource.members).toEqual(operations[2]?.value);
  });
});
