import { createDefaultRegistry } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import {
  and,
  co,
  compareValues,
  compileFilter,
  eq,
  FilterError,
  matches,
  not,
  parseFilter,
  parsePath,
  pr,
  stringifyFilter,
  valuePath,
} from "../src/index.js";

// Keeps the README's examples honest: each block there has its assertions here.
describe("README examples", () => {
  it("Parse a filter", () => {
    const filter = parseFilter(
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    );
    expect(filter.kind).toBe("and");
    expect(filter.kind === "and" && filter.left).toEqual({
      kind: "compare",
      path: { attribute: "userType" },
      op: "eq",
      value: "Employee",
      span: { start: 0, end: 22 },
    });
    const urn = parseFilter(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915"',
    );
    expect(urn.kind === "compare" && urn.path).toEqual({
      schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      attribute: "manager",
      subAttribute: "value",
    });
  });

  it("Errors", () => {
    let caught: unknown;
    try {
      parseFilter('userName "bjensen"');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FilterError);
    const error = caught as FilterError;
    expect(error.detail).toBe('expected comparison operator after "userName", found "bjensen" at 9');
    expect(error.position).toBe(9);
    expect(error.toJSON()).toMatchObject({ status: "400", scimType: "invalidFilter" });
  });

  it("Parse a PATCH path", () => {
    const path = parsePath('members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName');
    expect(path).toMatchObject({
      attribute: "members",
      subAttribute: "displayName",
      span: { start: 0, end: 68 },
    });
    expect(path.filter?.kind).toBe("compare");
    expect(
      parsePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"),
    ).toMatchObject({
      schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      attribute: "manager",
      subAttribute: "value",
    });
  });

  it("Print and build filters", () => {
    const input = 'x" or userName pr or userName eq "x';
    expect(stringifyFilter(eq("userName", input))).toBe(
      'userName eq "x\\" or userName pr or userName eq \\"x"',
    );
    expect(
      stringifyFilter(
        and(pr("title"), not(valuePath("emails", and(eq("type", "work"), co("value", "@example.com"))))),
      ),
    ).toBe('title pr and not (emails[type eq "work" and value co "@example.com"])');
  });

  it("Evaluate", () => {
    const users = createDefaultRegistry().resourceType("User");
    const user = {
      userName: "bjensen@example.com",
      emails: [
        { value: "bjensen@example.com", type: "work" },
        { value: "babs@jensen.org", type: "home" },
      ],
    };
    expect(matches(parseFilter('userName eq "BJENSEN@example.com"'), user, users)).toBe(true);
    expect(matches(parseFilter('emails[type eq "home" and value co "@example.com"]'), user, users)).toBe(
      false,
    );
    expect(
      matches(parseFilter('emails.type eq "home" and emails.value co "@example.com"'), user, users),
    ).toBe(true);
    const isWork = compileFilter(parseFilter('emails[type eq "work"]'), users);
    expect([user].filter(isWork).length).toBe(1);
  });

  it("Compare values", () => {
    expect(
      compareValues("2011-05-13T04:42:34Z", "2011-05-13T06:42:34+02:00", {
        type: "dateTime",
        caseExact: false,
      }),
    ).toBe(0);
    expect(compareValues("Alice", "alice", { type: "string", caseExact: true })).toBe(-1);
  });
});
