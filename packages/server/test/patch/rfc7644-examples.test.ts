/**
 * The PATCH examples of RFC 7644 §3.5.2, one by one, and the rules stated in the section's text.
 * Group examples run twice: applied to `members` (plain mode, for custom servers) and returned as a
 * membership delta (the server's Group mode).
 */
import { describe, expect, it } from "vitest";
import { applyPatch } from "../../src/patch/index.js";
import { babs, ENTERPRISE, expectScimError, GROUP, groups, USER, users } from "./helpers.js";

const BABS_ID = "2819c223-7f76-453a-919d-413861904646";
const JAMES_ID = "08e1d05d-121c-4561-8b96-473d93df9210";
const babsMember = {
  display: "Babs Jensen",
  $ref: `https://example.com/v2/Users/${BABS_ID}`,
  value: BABS_ID,
};
const jamesMember = {
  display: "James Smith",
  $ref: `https://example.com/v2/Users/${JAMES_ID}`,
  value: JAMES_ID,
};
const tour = (members?: unknown[]) => ({
  schemas: [GROUP],
  id: "acbf3ae7-8463-4692-b4fd-9b4da3f908ce",
  displayName: "Tour Guides",
  ...(members ? { members } : {}),
});

describe("RFC 7644 §3.5.2 general rules", () => {
  it("§3.5.2 Figure 6: add to members appends the member", () => {
    const { resource, changed } = applyPatch(groups, tour(), [
      { op: "add", path: "members", value: [babsMember] },
    ]);
    expect(changed).toBe(true);
    expect(resource.members).toEqual([babsMember]);
  });

  it("§3.5.2: adding an attribute by its fully qualified name adds the extension URN to schemas", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: `${ENTERPRISE}:employeeNumber`, value: "701984" },
    ]);
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: "701984" });
    expect(resource.schemas).toEqual([USER, ENTERPRISE]);
  });

  it("§3.5.2: operations apply in order, each to the result of the previous one", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "replace", path: "nickName", value: "Babs" },
      { op: "replace", path: "nickName", value: "Barb" },
      { op: "remove", path: 'emails[value eq "Babs@jensen.org"]' },
    ]);
    expect(resource.nickName).toBe("Barb");
    expect(resource.emails).toEqual([{ value: "bjensen@example.com", type: "work", primary: true }]);
  });

  it("§3.5.2: setting primary to true sets primary to false on the other values", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: "emails", value: [{ value: "babs@new.example", type: "other", primary: true }] },
    ]);
    expect(resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: false },
      { value: "babs@jensen.org", type: "home" },
      { value: "babs@new.example", type: "other", primary: true },
    ]);
  });

  it("§3.5.2: the request is atomic: when one operation fails nothing is applied", () => {
    const original = babs();
    const before = structuredClone(original);
    expectScimError(
      () =>
        applyPatch(users, original, [
          { op: "replace", path: "nickName", value: "Babs" },
          { op: "remove", path: "userName" },
        ]),
      400,
      "mutability",
    );
    expect(original).toEqual(before);
  });

  it("§3.5.2: a client MUST NOT modify a readOnly attribute", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", path: "id", value: "other" }]),
      400,
      "mutability",
    );
  });

  it("§3.5.2: the input resource object is never mutated", () => {
    const original = babs();
    const before = structuredClone(original);
    applyPatch(users, original, [{ op: "replace", path: "name.givenName", value: "Babs" }]);
    expect(original).toEqual(before);
  });
});

describe("RFC 7644 §3.5.2.1 add", () => {
  it("§3.5.2.1 example 1: add a member to a group", () => {
    const { resource, changed } = applyPatch(groups, tour([jamesMember]), [
      { op: "add", path: "members", value: [babsMember] },
    ]);
    expect(changed).toBe(true);
    expect(resource.members).toEqual([jamesMember, babsMember]);
  });

  it("§3.5.2.1 example 1, Group mode: the member becomes a membership delta", () => {
    const result = applyPatch(groups, tour(), [{ op: "add", path: "members", value: [babsMember] }], {
      membersAsDelta: true,
    });
    expect(result.members).toEqual({ add: [{ value: BABS_ID, display: "Babs Jensen" }] });
    expect(result.resource.members).toBeUndefined();
    expect(result.changed).toBe(false);
  });

  it("§3.5.2.1: if the user was already a member, no changes are made (no modify timestamp change)", () => {
    const plain = applyPatch(groups, tour([babsMember]), [
      { op: "add", path: "members", value: [babsMember] },
    ]);
    expect(plain.changed).toBe(false);
    expect(plain.resource.members).toEqual([babsMember]);
    const delta = applyPatch(groups, tour(), [{ op: "add", path: "members", value: [babsMember] }], {
      membersAsDelta: true,
      currentMembers: [{ value: BABS_ID, display: "Babs Jensen" }],
    });
    expect(delta.members).toBeUndefined();
    expect(delta.changed).toBe(false);
  });

  it("§3.5.2.1 example 2: add attributes without a path (emails value added, nickname added)", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", value: { emails: [{ value: "babs@jensen.org", type: "home" }], nickname: "Babs" } },
    ]);
    // babs@jensen.org/home is already present: an exact duplicate is not added twice.
    expect(resource.emails).toEqual(babs().emails);
    expect(resource.nickName).toBe("Babs");

    const added = applyPatch(users, babs(), [
      { op: "add", value: { emails: [{ value: "babs@other.example", type: "home" }], nickname: "Babs" } },
    ]);
    expect(added.resource.emails).toEqual([
      ...(babs().emails as unknown[]),
      { value: "babs@other.example", type: "home" },
    ]);
  });

  it('§3.5.2.1 example 2: "If the resource already had an existing nickname, the value is replaced"', () => {
    const { resource } = applyPatch(users, { ...babs(), nickName: "Barbie" }, [
      { op: "add", value: { nickname: "Babs" } },
    ]);
    expect(resource.nickName).toBe("Babs");
  });

  it("§3.5.2.1: a target location that does not exist is added", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "add", path: "title", value: "Tour Guide" }]);
    expect(resource.title).toBe("Tour Guide");
  });

  it("§3.5.2.1: a complex target takes a set of sub-attributes, merged into the existing value", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: "name", value: { middleName: "Jane" } },
    ]);
    expect(resource.name).toEqual({ familyName: "Jensen", givenName: "Barbara", middleName: "Jane" });
  });

  it("§3.5.2.1: a single-valued target is replaced", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "add", path: "userName", value: "babs" }]);
    expect(resource.userName).toBe("babs");
  });

  it("§3.5.2.1: a value already present changes nothing", () => {
    const result = applyPatch(users, babs(), [
      { op: "add", path: "userName", value: "bjensen" },
      { op: "add", path: "emails", value: [{ value: "babs@jensen.org", type: "home" }] },
    ]);
    expect(result.changed).toBe(false);
  });

  it("§3.5.2.1: the operation MUST contain a value", () => {
    expectScimError(() => applyPatch(users, babs(), [{ op: "add", path: "title" }]), 400, "invalidValue");
  });
});

describe("RFC 7644 §3.5.2.2 remove", () => {
  it("§3.5.2.2: without a path the operation fails with 400 noTarget", () => {
    expectScimError(() => applyPatch(users, babs(), [{ op: "remove" }]), 400, "noTarget");
  });

  it("§3.5.2.2: a single-valued attribute is removed and unassigned", () => {
    const { resource } = applyPatch(users, { ...babs(), title: "Tour Guide" }, [
      { op: "remove", path: "title" },
    ]);
    expect(resource).not.toHaveProperty("title");
  });

  it("§3.5.2.2: a multi-valued attribute without filter loses all values", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "remove", path: "emails" }]);
    expect(resource).not.toHaveProperty("emails");
  });

  it("§3.5.2.2 example: remove a single member from a group", () => {
    const path = `members[value eq "${BABS_ID}"]`;
    const plain = applyPatch(groups, tour([babsMember, jamesMember]), [{ op: "remove", path }]);
    expect(plain.resource.members).toEqual([jamesMember]);
    const delta = applyPatch(groups, tour(), [{ op: "remove", path }], { membersAsDelta: true });
    expect(delta.members).toEqual({ remove: [BABS_ID] });
  });

  it("§3.5.2.2: if the user was not a member, no changes are made and the request succeeds", () => {
    const result = applyPatch(groups, tour([jamesMember]), [
      { op: "remove", path: `members[value eq "${BABS_ID}"]` },
    ]);
    expect(result.changed).toBe(false);
    expect(result.resource.members).toEqual([jamesMember]);
  });

  it("§3.5.2.2 example: remove all members of a group", () => {
    const plain = applyPatch(groups, tour([babsMember, jamesMember]), [{ op: "remove", path: "members" }]);
    expect(plain.resource).not.toHaveProperty("members");
    const delta = applyPatch(groups, tour(), [{ op: "remove", path: "members" }], { membersAsDelta: true });
    expect(delta.members).toEqual({ remove: "all" });
  });

  it('§3.5.2.2 example: remove emails[type eq "work" and value ew "example.com"]', () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "remove", path: 'emails[type eq "work" and value ew "example.com"]' },
    ]);
    expect(resource.emails).toEqual([{ value: "babs@jensen.org", type: "home" }]);
  });

  it("§3.5.2.2: the matched records are removed; none left means unassigned", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "remove", path: "emails[value pr]" }]);
    expect(resource).not.toHaveProperty("emails");
  });

  it("§3.5.2.2 example: remove and add a member in one request", () => {
    const operations = [
      { op: "remove", path: `members[value eq"${BABS_ID}"]` },
      { op: "add", path: "members", value: [jamesMember] },
    ];
    const plain = applyPatch(groups, tour([babsMember]), operations);
    expect(plain.resource.members).toEqual([jamesMember]);
    const delta = applyPatch(groups, tour(), operations, { membersAsDelta: true });
    expect(delta.members).toEqual({ add: [{ value: JAMES_ID, display: "James Smith" }], remove: [BABS_ID] });
  });

  it("§3.5.2.2 example: replace all members by removing all and adding a new list", () => {
    const operations = [
      { op: "remove", path: "members" },
      { op: "add", path: "members", value: [babsMember, jamesMember] },
    ];
    const plain = applyPatch(groups, tour([{ value: "someone-else" }]), operations);
    expect(plain.resource.members).toEqual([babsMember, jamesMember]);
    const delta = applyPatch(groups, tour(), operations, { membersAsDelta: true });
    expect(delta.members).toEqual({
      add: [
        { value: BABS_ID, display: "Babs Jensen" },
        { value: JAMES_ID, display: "James Smith" },
      ],
      remove: "all",
    });
  });

  it("§3.5.2.2: removing a required attribute fails with 400 mutability", () => {
    expectScimError(() => applyPatch(users, babs(), [{ op: "remove", path: "userName" }]), 400, "mutability");
  });

  it("§3.5.2.2: removing a read-only attribute fails with 400 mutability", () => {
    expectScimError(() => applyPatch(users, babs(), [{ op: "remove", path: "id" }]), 400, "mutability");
  });
});

describe("RFC 7644 §3.5.2.3 replace", () => {
  it("§3.5.2.3 example: replace all members with a different list in one operation", () => {
    const operations = [{ op: "replace", path: "members", value: [babsMember, jamesMember] }];
    const plain = applyPatch(groups, tour([{ value: "someone-else" }]), operations);
    expect(plain.resource.members).toEqual([babsMember, jamesMember]);
    const delta = applyPatch(groups, tour(), operations, { membersAsDelta: true });
    expect(delta.members).toEqual({
      add: [
        { value: BABS_ID, display: "Babs Jensen" },
        { value: JAMES_ID, display: "James Smith" },
      ],
      remove: "all",
    });
  });

  it('§3.5.2.3 example: replace the "work" address with a valuePath; primary resets the others', () => {
    const user = babs();
    user.addresses = [
      { type: "home", streetAddress: "456 Hollywood Blvd", locality: "Hollywood", primary: true },
      { type: "work", streetAddress: "100 Universal City Plaza", locality: "Hollywood" },
    ];
    const work = {
      type: "work",
      streetAddress: "911 Universal City Plaza",
      locality: "Hollywood",
      region: "CA",
      postalCode: "91608",
      country: "US",
      formatted: "911 Universal City Plaza\nHollywood, CA 91608 US",
      primary: true,
    };
    const { resource } = applyPatch(users, user, [
      { op: "replace", path: 'addresses[type eq "work"]', value: work },
    ]);
    expect(resource.addresses).toEqual([
      { type: "home", streetAddress: "456 Hollywood Blvd", locality: "Hollywood", primary: false },
      work,
    ]);
  });

  it('§3.5.2.3 example: replace addresses[type eq "work"].streetAddress', () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "replace", path: 'addresses[type eq "work"].streetAddress', value: "1010 Broadway Ave" },
    ]);
    expect(resource.addresses).toEqual([
      { type: "work", streetAddress: "1010 Broadway Ave", locality: "Hollywood", primary: true },
      { type: "home", streetAddress: "456 Hollywood Blvd", locality: "Hollywood" },
    ]);
  });

  it("§3.5.2.3 example: replace all values of emails and nickname without a path", () => {
    const emails = [
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ];
    const user = { ...babs(), emails: [{ value: "old@example.com", type: "other" }] };
    const { resource } = applyPatch(users, user, [{ op: "replace", value: { emails, nickname: "Babs" } }]);
    expect(resource.emails).toEqual(emails);
    expect(resource.nickName).toBe("Babs");
    expect(resource.name).toEqual(babs().name); // "other attributes are unaffected"
  });

  it("§3.5.2.3: a single-valued attribute's value is replaced", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "replace", path: "active", value: false }]);
    expect(resource.active).toBe(false);
  });

  it("§3.5.2.3: a target attribute that does not exist is treated as add", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "replace", path: "title", value: "Tour Guide" }]);
    expect(resource.title).toBe("Tour Guide");
  });

  it("§3.5.2.3: replacing a complex attribute leaves unspecified sub-attributes unchanged", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "replace", path: "name", value: { givenName: "Babs" } },
    ]);
    expect(resource.name).toEqual({ familyName: "Jensen", givenName: "Babs" });
  });

  it("§3.5.2.3: a valuePath matching several records replaces all of them", () => {
    const user = {
      ...babs(),
      phoneNumbers: [
        { value: "555-1", type: "work" },
        { value: "555-2", type: "work" },
        { value: "555-3", type: "home" },
      ],
    };
    const { resource } = applyPatch(users, user, [
      { op: "replace", path: 'phoneNumbers[type eq "work"].display', value: "office" },
    ]);
    expect(resource.phoneNumbers).toEqual([
      { value: "555-1", type: "work", display: "office" },
      { value: "555-2", type: "work", display: "office" },
      { value: "555-3", type: "home" },
    ]);
  });

  it("§3.5.2.3: a valuePath that matches no record fails with 400 noTarget", () => {
    expectScimError(
      () =>
        applyPatch(
          users,
          babs(),
          [{ op: "replace", path: 'emails[type eq "other"].value', value: "x@example.com" }],
          {
            interop: "strict",
          },
        ),
      400,
      "noTarget",
    );
  });
});
