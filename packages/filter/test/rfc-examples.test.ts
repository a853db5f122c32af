import { describe, expect, it } from "vitest";
import type { LogicalFilter, PatchPath } from "../src/ast.js";
import { parseFilter, parsePath } from "../src/parser.js";
import { stripSpans } from "./support/strip-spans.js";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const cmp = (attribute: string, op: string, value: unknown, subAttribute?: string) => ({
  kind: "compare",
  path: subAttribute === undefined ? { attribute } : { attribute, subAttribute },
  op,
  value,
});
const present = (attribute: string) => ({ kind: "present", path: { attribute } });

describe("RFC 7644 §3.4.2.2 Figure 2: every example filter parses to the expected AST", () => {
  const examples: [string, unknown][] = [
    ['userName eq "bjensen"', cmp("userName", "eq", "bjensen")],
    ['name.familyName co "O\'Malley"', cmp("name", "co", "O'Malley", "familyName")],
    ['userName sw "J"', cmp("userName", "sw", "J")],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
      {
        kind: "compare",
        path: { schema: "urn:ietf:params:scim:schemas:core:2.0:User", attribute: "userName" },
        op: "sw",
        value: "J",
      },
    ],
    ["title pr", present("title")],
    [
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      cmp("meta", "gt", "2011-05-13T04:42:34Z", "lastModified"),
    ],
    [
      'meta.lastModified ge "2011-05-13T04:42:34Z"',
      cmp("meta", "ge", "2011-05-13T04:42:34Z", "lastModified"),
    ],
    [
      'meta.lastModified lt "2011-05-13T04:42:34Z"',
      cmp("meta", "lt", "2011-05-13T04:42:34Z", "lastModified"),
    ],
    [
      'meta.lastModified le "2011-05-13T04:42:34Z"',
      cmp("meta", "le", "2011-05-13T04:42:34Z", "lastModified"),
    ],
    [
      'title pr and userType eq "Employee"',
      { kind: "and", left: present("title"), right: cmp("userType", "eq", "Employee") },
    ],
    [
      'title pr or userType eq "Intern"',
      { kind: "or", left: present("title"), right: cmp("userType", "eq", "Intern") },
    ],
    [`schemas eq "${ENTERPRISE}"`, cmp("schemas", "eq", ENTERPRISE)],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      {
        kind: "and",
        left: cmp("userType", "eq", "Employee"),
        right: {
          kind: "or",
          left: cmp("emails", "co", "example.com"),
          right: cmp("emails", "co", "example.org", "value"),
        },
      },
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      {
        kind: "and",
        left: cmp("userType", "ne", "Employee"),
        right: {
          kind: "not",
          filter: {
            kind: "or",
            left: cmp("emails", "co", "example.com"),
            right: cmp("emails", "co", "example.org", "value"),
          },
        },
      },
    ],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      { kind: "and", left: cmp("userType", "eq", "Employee"), right: cmp("emails", "eq", "work", "type") },
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      {
        kind: "and",
        left: cmp("userType", "eq", "Employee"),
        right: {
          kind: "valuePath",
          path: { attribute: "emails" },
          filter: { kind: "and", left: cmp("type", "eq", "work"), right: cmp("value", "co", "@example.com") },
        },
      },
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      {
        kind: "or",
        left: {
          kind: "valuePath",
          path: { attribute: "emails" },
          filter: { kind: "and", left: cmp("type", "eq", "work"), right: cmp("value", "co", "@example.com") },
        },
        right: {
          kind: "valuePath",
          path: { attribute: "ims" },
          filter: { kind: "and", left: cmp("type", "eq", "xmpp"), right: cmp("value", "co", "@foo.com") },
        },
      },
    ],
  ];

  it.each(examples)("%s", (text, expected) => {
    expect(stripSpans(parseFilter(text))).toEqual(expected);
  });

  it("RFC 7644 §3.4.2.2: attribute names and operators are case-insensitive (`userName Eq` = `Username eq`)", () => {
    const a = parseFilter('userName Eq "john"');
    const b = parseFilter('Username eq "john"');
    expect(a.kind === "compare" && a.op).toBe("eq");
    expect(b.kind === "compare" && b.op).toBe("eq");
    // Names keep the client's spelling; resolution against the schema ignores case.
    expect(stripSpans(a)).toEqual(cmp("userName", "eq", "john"));
    expect(stripSpans(b)).toEqual(cmp("Username", "eq", "john"));
  });

  it("records source spans: start inclusive, end exclusive", () => {
    const text = 'title pr and userType eq "Employee"';
    const filter = parseFilter(text) as LogicalFilter;
    expect(filter.span).toEqual({ start: 0, end: text.length });
    expect(filter.left.span).toEqual({ start: 0, end: 8 });
    expect(text.slice(filter.right.span.start, filter.right.span.end)).toBe('userType eq "Employee"');
  });
});

describe("RFC 7644 §3.5.2 Figure 8 and §3.5.2.x: every example PATH parses", () => {
  const member = "2819c223-7f76-453a-919d-413861904646";
  const paths: [string, unknown][] = [
    ["members", { attribute: "members" }],
    ["name.familyName", { attribute: "name", subAttribute: "familyName" }],
    ['addresses[type eq "work"]', { attribute: "addresses", filter: cmp("type", "eq", "work") }],
    [`members[value eq "${member}"]`, { attribute: "members", filter: cmp("value", "eq", member) }],
    [
      `members[value eq "${member}"].displayName`,
      { attribute: "members", filter: cmp("value", "eq", member), subAttribute: "displayName" },
    ],
    // §3.5.2.2 remove example: no space between "eq" and the string.
    [
      'members[value eq"2819c223...919d-413861904646"]',
      { attribute: "members", filter: cmp("value", "eq", "2819c223...919d-413861904646") },
    ],
    [
      'emails[type eq "work" and value ew "example.com"]',
      {
        attribute: "emails",
        filter: { kind: "and", left: cmp("type", "eq", "work"), right: cmp("value", "ew", "example.com") },
      },
    ],
    [
      'addresses[type eq "work"].streetAddress',
      { attribute: "addresses", filter: cmp("type", "eq", "work"), subAttribute: "streetAddress" },
    ],
    ["nickName", { attribute: "nickName" }],
    ["userName", { attribute: "userName" }],
    [`${ENTERPRISE}:manager.value`, { schema: ENTERPRISE, attribute: "manager", subAttribute: "value" }],
    [`${ENTERPRISE}:employeeNumber`, { schema: ENTERPRISE, attribute: "employeeNumber" }],
    [
      'members[value eq "x"].$ref',
      { attribute: "members", filter: cmp("value", "eq", "x"), subAttribute: "$ref" },
    ],
  ];

  it.each(paths)("%s", (text, expected) => {
    const path: PatchPath = parsePath(text);
    expect(stripSpans(path)).toEqual(expected);
    expect(path.span).toEqual({ start: 0, end: text.length });
  });
});
