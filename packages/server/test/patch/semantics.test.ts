/**
 * Details of RFC 7644 §3.5.2 beyond the RFC's own examples: names, extensions, schemas and
 * change detection.
 */
import { describe, expect, it } from "vitest";
import { applyPatch } from "../../src/patch/index.js";
import { babs, ENTERPRISE, expectScimError, USER, users } from "./helpers.js";

describe("attribute names (RFC 7643 §2.1: case-insensitive)", () => {
  it("a path in any case writes the attribute in the schema's spelling", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "replace", path: "Name.GivenName", value: "Babs" },
      { op: "add", path: "NICKNAME", value: "B" },
    ]);
    expect(resource.name).toEqual({ familyName: "Jensen", givenName: "Babs" });
    expect(resource.nickName).toBe("B");
    expect(resource).not.toHaveProperty("NICKNAME");
  });

  it("filter attribute names and operators are case-insensitive", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "remove", path: 'emails[TYPE EQ "home"]' }]);
    expect(resource.emails).toEqual([{ value: "bjensen@example.com", type: "work", primary: true }]);
  });

  it("sub-attribute names in values are normalised", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: "name", value: { MiddleName: "Jane" } },
    ]);
    expect(resource.name).toEqual({ familyName: "Jensen", givenName: "Barbara", middleName: "Jane" });
  });

  it("a core attribute qualified by the core schema URN (RFC 7644 §3.10)", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "replace", path: `${USER}:userName`, value: "babs" },
    ]);
    expect(resource.userName).toBe("babs");
  });
});

describe("extensions (RFC 7644 §3.5.2, RFC 7643 §3.3)", () => {
  it("a path that is the extension URN adds its attributes and lists the URN in schemas", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: ENTERPRISE, value: { employeeNumber: "701984", manager: { value: "26118915" } } },
    ]);
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: "701984", manager: { value: "26118915" } });
    expect(resource.schemas).toEqual([USER, ENTERPRISE]);
  });

  it("a pathless value with the extension object (the resource representation)", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "replace", value: { [ENTERPRISE]: { department: "Tour" } } },
    ]);
    expect(resource[ENTERPRISE]).toEqual({ department: "Tour" });
  });

  it("removing the last extension attribute drops the object and its URN", () => {
    const user = { ...babs(), schemas: [USER, ENTERPRISE], [ENTERPRISE]: { employeeNumber: "1" } };
    const { resource } = applyPatch(users, user, [{ op: "remove", path: `${ENTERPRISE}:employeeNumber` }]);
    expect(resource).not.toHaveProperty(ENTERPRISE);
    expect(resource.schemas).toEqual([USER]);
  });

  it("remove with the extension URN as path removes the whole extension", () => {
    const user = {
      ...babs(),
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: { employeeNumber: "1", costCenter: "4130" },
    };
    const { resource } = applyPatch(users, user, [{ op: "remove", path: ENTERPRISE }]);
    expect(resource).not.toHaveProperty(ENTERPRISE);
    expect(resource.schemas).toEqual([USER]);
  });

  it("a pathless replace with the extension set to null unassigns it (RFC 7643 §2.5)", () => {
    const user = { ...babs(), schemas: [USER, ENTERPRISE], [ENTERPRISE]: { employeeNumber: "1" } };
    const { resource } = applyPatch(users, user, [{ op: "replace", value: { [ENTERPRISE]: null } }]);
    expect(resource).not.toHaveProperty(ENTERPRISE);
    expect(resource.schemas).toEqual([USER]);
  });

  it("manager sub-attribute by path", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: `${ENTERPRISE}:manager.value`, value: "42" },
    ]);
    expect(resource[ENTERPRISE]).toEqual({ manager: { value: "42" } });
  });
});

describe("multi-valued attributes", () => {
  it("add accepts a single value instead of an array", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: "emails", value: { value: "x@example.com" } },
    ]);
    expect(resource.emails).toHaveLength(3);
  });

  it("add to a missing multi-valued attribute creates it", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: "phoneNumbers", value: [{ value: "555", type: "work" }] },
    ]);
    expect(resource.phoneNumbers).toEqual([{ value: "555", type: "work" }]);
  });

  it("replace with primary on a selected value clears primary elsewhere", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "replace", path: 'emails[type eq "home"].primary', value: true },
    ]);
    expect(resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: false },
      { value: "babs@jensen.org", type: "home", primary: true },
    ]);
  });

  it("add merges sub-attributes into the values a filter selects", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "add", path: 'emails[type eq "home"]', value: { display: "Home" } },
    ]);
    expect(resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home", display: "Home" },
    ]);
  });

  it("strict: add whose filter matches nothing → 400 noTarget", () => {
    expectScimError(
      () =>
        applyPatch(
          users,
          babs(),
          [{ op: "add", path: 'emails[type eq "other"].value', value: "x@example.com" }],
          { interop: "strict" },
        ),
      400,
      "noTarget",
    );
  });

  it("replacing a selected sub-attribute with null unassigns it", () => {
    const { resource } = applyPatch(users, babs(), [
      { op: "replace", path: 'emails[type eq "work"].primary', value: null },
    ]);
    expect(resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work" },
      { value: "babs@jensen.org", type: "home" },
    ]);
  });
});

describe("change detection (RFC 7644 §3.5.2.1: no change, no new version)", () => {
  it("replacing values with equal ones is no change", () => {
    const result = applyPatch(users, babs(), [
      { op: "replace", path: "name", value: { givenName: "Barbara" } },
      { op: "replace", path: "active", value: true },
      { op: "replace", value: { emails: babs().emails } },
    ]);
    expect(result.changed).toBe(false);
  });

  it("removing an attribute that is not there is no change", () => {
    expect(applyPatch(users, babs(), [{ op: "remove", path: "title" }]).changed).toBe(false);
  });

  it("an operation and its inverse is no change", () => {
    const result = applyPatch(users, babs(), [
      { op: "add", path: "title", value: "x" },
      { op: "remove", path: "title" },
    ]);
    expect(result.changed).toBe(false);
  });
});

describe("schemas", () => {
  it("a pathless add of a known schema URN lists it", () => {
    const { resource } = applyPatch(users, babs(), [{ op: "add", value: { schemas: [ENTERPRISE] } }]);
    expect(resource.schemas).toEqual([USER, ENTERPRISE]);
  });

  it("a pathless replace of schemas must keep the core schema", () => {
    expectScimError(
      () => applyPatch(users, babs(), [{ op: "replace", value: { schemas: [ENTERPRISE] } }]),
      400,
      "invalidValue",
    );
  });
});
