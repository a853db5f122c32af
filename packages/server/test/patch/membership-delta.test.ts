/**
 * Group mode (membersAsDelta): operations on `members` become a membership change for the store,
 * so adding or removing one member costs the same for 10 and for 100,000 members.
 */
import { describe, expect, it } from "vitest";
import { applyPatch } from "../../src/patch/index.js";
import { expectScimError, GROUP, groups } from "./helpers.js";

const group = () => ({ schemas: [GROUP], id: "g1", displayName: "Engineering" });
const delta = { membersAsDelta: true } as const;

describe("membership delta", () => {
  it("never puts members into the resource and leaves other attributes to the normal rules", () => {
    const result = applyPatch(
      groups,
      group(),
      [
        { op: "add", path: "members", value: [{ value: "u1", display: "One", type: "User" }] },
        { op: "replace", path: "displayName", value: "Eng" },
      ],
      delta,
    );
    expect(result.resource).toEqual({ ...group(), displayName: "Eng" });
    expect(result.changed).toBe(true);
    expect(result.members).toEqual({ add: [{ value: "u1", display: "One", type: "User" }] });
  });

  it("operations that do not touch members return no delta", () => {
    const result = applyPatch(groups, group(), [{ op: "replace", path: "displayName", value: "Eng" }], delta);
    expect(result.members).toBeUndefined();
  });

  it('an "or" of value eq terms removes each named member', () => {
    const result = applyPatch(
      groups,
      group(),
      [{ op: "remove", path: 'members[value eq "a" or value eq "b"]' }],
      delta,
    );
    expect(result.members).toEqual({ remove: ["a", "b"] });
  });

  it("other member filters are evaluated against currentMembers when given", () => {
    const result = applyPatch(groups, group(), [{ op: "remove", path: 'members[display eq "Two"]' }], {
      ...delta,
      currentMembers: [
        { value: "u1", display: "One" },
        { value: "u2", display: "Two" },
      ],
    });
    expect(result.members).toEqual({ remove: ["u2"] });
  });

  it("other member filters without currentMembers → 400 invalidFilter", () => {
    const detail = expectScimError(
      () => applyPatch(groups, group(), [{ op: "remove", path: 'members[display eq "Two"]' }], delta),
      400,
      "invalidFilter",
    );
    expect(detail).toContain("value eq");
    expectScimError(
      () =>
        applyPatch(
          groups,
          group(),
          [{ op: "remove", path: 'members[value eq "a" and type eq "User"]' }],
          delta,
        ),
      400,
      "invalidFilter",
    );
  });

  it("composes in order: add then remove of the same member removes it", () => {
    const result = applyPatch(
      groups,
      group(),
      [
        { op: "add", path: "members", value: [{ value: "u1" }] },
        { op: "remove", path: 'members[value eq "u1"]' },
      ],
      delta,
    );
    expect(result.members).toEqual({ remove: ["u1"] });
  });

  it("composes in order: remove then add of the same member keeps it", () => {
    const result = applyPatch(
      groups,
      group(),
      [
        { op: "remove", path: 'members[value eq "u1"]' },
        { op: "add", path: "members", value: [{ value: "u1" }] },
      ],
      delta,
    );
    expect(result.members).toEqual({ add: [{ value: "u1" }] });
  });

  it("with currentMembers the delta holds only real changes", () => {
    const result = applyPatch(
      groups,
      group(),
      [
        { op: "add", path: "members", value: [{ value: "u1" }, { value: "u3" }] },
        { op: "remove", path: 'members[value eq "u9"]' },
      ],
      { ...delta, currentMembers: [{ value: "u1" }, { value: "u2" }] },
    );
    expect(result.members).toEqual({ add: [{ value: "u3" }] });
  });

  it("replace with currentMembers becomes explicit removes and adds", () => {
    const result = applyPatch(
      groups,
      group(),
      [{ op: "replace", path: "members", value: [{ value: "u2" }, { value: "u3" }] }],
      {
        ...delta,
        currentMembers: [{ value: "u1" }, { value: "u2" }],
      },
    );
    expect(result.members).toEqual({ add: [{ value: "u3" }], remove: ["u1"] });
  });

  it("replace with an empty list or null removes all members", () => {
    for (const value of [[], null]) {
      const result = applyPatch(groups, group(), [{ op: "replace", path: "members", value }], delta);
      expect(result.members).toEqual({ remove: "all" });
    }
  });

  it("replace of one member selected by value eq removes it and adds the new value", () => {
    const result = applyPatch(
      groups,
      group(),
      [{ op: "replace", path: 'members[value eq "u1"]', value: { value: "u2" } }],
      delta,
    );
    expect(result.members).toEqual({ add: [{ value: "u2" }], remove: ["u1"] });
  });

  it("pathless add and replace of members go to the delta too", () => {
    const added = applyPatch(groups, group(), [{ op: "add", value: { members: [{ value: "u1" }] } }], delta);
    expect(added.members).toEqual({ add: [{ value: "u1" }] });
    const replaced = applyPatch(
      groups,
      group(),
      [{ op: "replace", value: { members: [{ value: "u1" }] } }],
      delta,
    );
    expect(replaced.members).toEqual({ add: [{ value: "u1" }], remove: "all" });
  });

  it("a member without value → 400 invalidValue", () => {
    expectScimError(
      () =>
        applyPatch(groups, group(), [{ op: "add", path: "members", value: [{ display: "nobody" }] }], delta),
      400,
      "invalidValue",
    );
  });

  it("a member item of the wrong type → 400 invalidValue", () => {
    expectScimError(
      () => applyPatch(groups, group(), [{ op: "add", path: "members", value: ["u1"] }], delta),
      400,
      "invalidValue",
    );
  });

  it("cost does not depend on the group size: the stored members are neither needed nor copied", () => {
    // The store hands applyPatch the group without members (ResourceStore.patch); the delta is all
    // it needs for add and value-eq removes, whatever the group size.
    const result = applyPatch(
      groups,
      group(),
      [
        { op: "add", path: "members", value: [{ value: "new" }] },
        { op: "remove", path: 'members[value eq "u99999"]' },
      ],
      delta,
    );
    expect(result.members).toEqual({ add: [{ value: "new" }], remove: ["u99999"] });
    expect(result.resource).not.toHaveProperty("members");
  });

  it("with 10,000 current members given, the delta is still only the change", () => {
    const currentMembers = Array.from({ length: 10_000 }, (_, i) => ({ value: `u${i}` }));
    const result = applyPatch(
      groups,
      group(),
      [
        { op: "add", path: "members", value: [{ value: "u5" }, { value: "new" }] },
        { op: "remove", path: 'members[value eq "u9999"]' },
      ],
      { ...delta, currentMembers },
    );
    expect(result.members).toEqual({ add: [{ value: "new" }], remove: ["u9999"] });
  });
});
