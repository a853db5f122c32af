import { describe, expect, it } from "vitest";
import type { Filter } from "../src/ast.js";
import { and, co, eq, ew, ge, gt, le, lt, ne, not, or, pr, sw, valuePath } from "../src/builder.js";
import { FilterError } from "../src/filter-error.js";
import { parseFilter, parsePath } from "../src/parser.js";
import { stringifyFilter, stringifyPath } from "../src/stringify.js";
import { stripSpans } from "./support/strip-spans.js";

describe("builder + stringifyFilter", () => {
  it("prints every operator canonically", () => {
    expect(stringifyFilter(eq("userName", "bjensen"))).toBe('userName eq "bjensen"');
    expect(stringifyFilter(ne("userType", "Employee"))).toBe('userType ne "Employee"');
    expect(stringifyFilter(co("name.familyName", "O'Malley"))).toBe('name.familyName co "O\'Malley"');
    expect(stringifyFilter(sw("userName", "J"))).toBe('userName sw "J"');
    expect(stringifyFilter(ew("userName", ".com"))).toBe('userName ew ".com"');
    expect(stringifyFilter(gt("meta.lastModified", "2011-05-13T04:42:34Z"))).toBe(
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
    );
    expect(stringifyFilter(ge("age", 18))).toBe("age ge 18");
    expect(stringifyFilter(lt("score", 2.5))).toBe("score lt 2.5");
    expect(stringifyFilter(le("age", -1))).toBe("age le -1");
    expect(stringifyFilter(pr("title"))).toBe("title pr");
    expect(stringifyFilter(eq("active", true))).toBe("active eq true");
    expect(stringifyFilter(eq("nickName", null))).toBe("nickName eq null");
  });

  it("RFC 7644 Figure 2 filters rebuild to their canonical text", () => {
    expect(stringifyFilter(and(pr("title"), eq("userType", "Employee")))).toBe(
      'title pr and userType eq "Employee"',
    );
    expect(
      stringifyFilter(
        and(eq("userType", "Employee"), or(co("emails", "example.com"), co("emails.value", "example.org"))),
      ),
    ).toBe('userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")');
    expect(
      stringifyFilter(
        and(
          ne("userType", "Employee"),
          not(or(co("emails", "example.com"), co("emails.value", "example.org"))),
        ),
      ),
    ).toBe('userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")');
    expect(
      stringifyFilter(
        or(
          valuePath("emails", and(eq("type", "work"), co("value", "@example.com"))),
          valuePath("ims", and(eq("type", "xmpp"), co("value", "@foo.com"))),
        ),
      ),
    ).toBe(
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    );
  });

  it("URN paths keep their schema", () => {
    const urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    expect(stringifyFilter(eq(`${urn}:manager.value`, "123"))).toBe(`${urn}:manager.value eq "123"`);
    expect(stringifyFilter(eq({ schema: urn, attribute: "employeeNumber" }, "7"))).toBe(
      `${urn}:employeeNumber eq "7"`,
    );
  });

  it("parentheses appear only where precedence needs them, and parse back to the same tree", () => {
    const a = pr("a");
    const b = pr("b");
    const c = pr("c");
    const cases: [Filter, string][] = [
      [and(a, b, c), "a pr and b pr and c pr"],
      [and(a, and(b, c)), "a pr and (b pr and c pr)"],
      [or(a, and(b, c)), "a pr or b pr and c pr"],
      [and(or(a, b), c), "(a pr or b pr) and c pr"],
      [and(a, or(b, c)), "a pr and (b pr or c pr)"],
      [or(or(a, b), c), "a pr or b pr or c pr"],
      [or(a, or(b, c)), "a pr or (b pr or c pr)"],
      [not(and(a, b)), "not (a pr and b pr)"],
    ];
    for (const [filter, text] of cases) {
      expect(stringifyFilter(filter)).toBe(text);
      expect(stripSpans(parseFilter(text))).toEqual(stripSpans(filter));
    }
  });

  it("and()/or() with one filter return it; with none they throw", () => {
    expect(and(pr("a"))).toEqual(pr("a"));
    expect(() => or()).toThrow(TypeError);
  });
});

describe("user input cannot inject filter syntax", () => {
  const hostile = [
    'x" or userName pr or userName eq "x',
    'x") or (userName pr',
    '\\" or title pr',
    'a"]',
    "line\nbreak\ttab\u0000nul",
    'quote " backslash \\ slash / unicode é 😀 \ud800 lone surrogate',
  ];

  it.each(hostile)("value %j round-trips as one string literal", (input) => {
    const text = stringifyFilter(eq("userName", input));
    const parsed = parseFilter(text);
    expect(parsed.kind).toBe("compare");
    expect(parsed.kind === "compare" && parsed.value).toBe(input);
  });

  it("paths are checked against the attrPath grammar", () => {
    expect(() => eq('userName eq "x" or id', "y")).toThrow(FilterError);
    expect(() => eq("user name", "y")).toThrow(/unexpected character " "/);
    expect(() => pr("emails[type eq 1]")).toThrow(FilterError);
    // Hand-built ASTs are checked when printed.
    expect(() => stringifyFilter({ ...pr("a"), path: { attribute: "a pr or b" } })).toThrow(TypeError);
    expect(() => stringifyFilter({ ...pr("a"), path: { schema: "urn:x y", attribute: "a" } })).toThrow(
      TypeError,
    );
  });

  it("rejects non-finite numbers", () => {
    expect(() => eq("age", Number.NaN)).toThrow(TypeError);
    expect(() => gt("age", Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it("valuePath takes bare sub-attribute names and does not nest", () => {
    expect(() => valuePath("emails", eq("emails.type", "work"))).toThrow(/name a sub-attribute/);
    expect(() => valuePath("emails.value", eq("type", "work"))).toThrow(TypeError);
    expect(() => valuePath("emails", valuePath("x", pr("y")))).toThrow(/do not nest/);
  });
});

describe("stringifyPath (RFC 7644 §3.5.2)", () => {
  it.each([
    "members",
    "name.familyName",
    'addresses[type eq "work"]',
    'members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName',
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    'emails[type eq "work" and not (value ew "@example.com")].display',
  ])("%s round-trips", (text) => {
    expect(stringifyPath(parsePath(text))).toBe(text);
  });

  it("prints a plain AttributePath", () => {
    expect(stringifyPath({ attribute: "name", subAttribute: "givenName" })).toBe("name.givenName");
  });
});
