import { describe, expect, it } from "vitest";
import { compileFilter, matches } from "../src/evaluate.js";
import { FilterError } from "../src/filter-error.js";
import { parseFilter } from "../src/parser.js";
import { barbara, ENTERPRISE_URN, TEST_URN, testRegistry, USER_URN } from "./fixtures/registry.js";

const registry = testRegistry();
const users = registry.resourceType("User");
const groups = registry.resourceType("Group");
const test = (text: string, resource: Record<string, unknown> = barbara) =>
  // Opted into Entra ID's `emails[type eq "work"].value eq "x"` form, which some cases use.
  matches(parseFilter(text, { extensions: ["entra-value-path-comparison"] }), resource, users);

type Row = [filter: string, expected: boolean];
const table = (rows: Row[]) =>
  it.each(rows)("%s → %s", (text, expected) => {
    expect(test(text)).toBe(expected);
  });

const invalid = (text: string, fragment: string, rt = users) => {
  let thrown: unknown;
  try {
    compileFilter(parseFilter(text), rt);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(FilterError);
  expect((thrown as FilterError).status).toBe(400);
  expect((thrown as FilterError).scimType).toBe("invalidFilter");
  expect((thrown as FilterError).detail).toContain(fragment);
};

describe("RFC 7644 §3.4.2.2 Table 3 on a caseExact=false string (userName; RFC 7643 §2.2)", () => {
  table([
    ['userName eq "bjensen@example.com"', true],
    ['userName eq "BJensen@Example.COM"', true],
    ['userName eq "bjensen"', false],
    ['userName ne "BJENSEN@EXAMPLE.COM"', false],
    ['userName ne "bjensen"', true],
    ['userName co "JENSEN@"', true],
    ['userName co "jensen@x"', false],
    ['userName sw "BJ"', true],
    ['userName sw "bjensen@example.com"', true],
    ['userName sw "jensen"', false],
    ['userName ew "EXAMPLE.com"', true],
    ['userName ew "bjensen@example.com"', true],
    ['userName ew "example"', false],
    ['userName gt "a"', true],
    ['userName gt "BK"', false],
    ['userName gt "BJENSEN@EXAMPLE.COM"', false],
    ['userName ge "BJENSEN@EXAMPLE.COM"', true],
    ['userName lt "C"', true],
    ['userName lt "bjensen@example.com"', false],
    ['userName le "BJENSEN@EXAMPLE.COM"', true],
    ['userName le "b"', false],
  ]);
});

describe("caseExact=true strings (id, externalId, meta.version, RFC 7643 §3.1)", () => {
  table([
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
    ['id ne "2819C223-7F76-453A-919D-413861904646"', true],
    ['externalId sw "70"', true],
    ['meta.version eq "W/\\"3694e05e9dff591\\""', true],
    ['meta.version eq "w/\\"3694E05E9DFF591\\""', false],
    ['meta.resourceType eq "user"', false],
    ['meta.resourceType eq "User"', true],
    [`urn:example:params:scim:schemas:extension:test:2.0:User:tags eq "blue"`, false],
    [`urn:example:params:scim:schemas:extension:test:2.0:User:tags eq "Blue"`, true],
    ['tags co "ree"', true],
    ['tags co "REE"', false],
    // Lexicographic, by code point: "2" (U+0032) sorts before "A" (U+0041) and "a" (U+0061).
    ['id lt "A"', true],
    ['id gt "2819c223-7f76-453a-919d-413861904646"', false],
  ]);
});

describe("reference and binary (RFC 7643 §2.3.6, §2.3.7)", () => {
  table([
    ['homepage eq "https://Example.com/babs"', true],
    ['homepage eq "https://example.com/babs"', false],
    ['homepage sw "https://"', true],
    ['meta.location ew "/Users/2819c223-7f76-453a-919d-413861904646"', true],
    ['avatar eq "aGVsbG8="', true],
    ['avatar eq "AGVSBG8="', false],
    ['x509Certificates.value sw "MIIDQzCC"', true],
    ['x509Certificates eq "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"', true],
  ]);

  it("RFC 7644 §3.4.2.2: gt/ge/lt/le on a binary attribute is invalidFilter", () => {
    for (const op of ["gt", "ge", "lt", "le"]) {
      invalid(`avatar ${op} "aGVsbG8="`, `operator "${op}" is not defined for binary attribute "avatar"`);
      invalid(`x509Certificates.value ${op} "M"`, "binary");
    }
  });
});

describe("dateTime compares as instants (RFC 7643 §2.3.5; RFC 7644 §3.4.2.2 chronological)", () => {
  table([
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified gt "2011-05-13T04:42:33Z"', true],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified lt "2011-05-13T04:42:34.001Z"', true],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', true],
    // Same instant, other offset and precision.
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', true],
    ['meta.lastModified eq "2011-05-13T04:42:34.000Z"', true],
    ['meta.lastModified ne "2011-05-13T06:42:34+02:00"', false],
    // Chronological, not lexicographic: 06:00+02:00 is 04:00Z, before 04:42:34Z.
    ['meta.lastModified gt "2011-05-13T06:00:00+02:00"', true],
    ['meta.created lt "2011-01-01"', true],
    ['meta.created gt "2010-01-23"', true],
    ['hiredAt eq "2015-06-01T07:00:00Z"', true],
    ['hiredAt lt "2015-06-01T08:00:00Z"', true],
    ['meta.created sw "2010-01"', true],
    ['meta.created co "T04:56"', true],
  ]);

  it("a comparison value that is not a dateTime is invalidFilter", () => {
    invalid('meta.lastModified gt "yesterday"', '"yesterday" is not a dateTime');
    invalid('meta.created eq "2011-13-45T00:00:00Z"', "is not a dateTime");
  });

  it("a dateTime compared with a number never matches", () => {
    expect(test("meta.created eq 1264222582000")).toBe(false);
  });
});

describe("integer and decimal compare numerically (RFC 7643 §2.3.3, §2.3.4)", () => {
  table([
    ["age eq 42", true],
    ["age eq 42.0", true],
    ["age eq 4.2e1", true],
    ["age ne 42", false],
    ["age gt 41", true],
    ["age gt 42", false],
    ["age ge 42", true],
    ["age lt 100", true],
    ["age le 41", false],
    // "9" > "42" as strings, 9 < 42 as numbers.
    ["age gt 9", true],
    ['age eq "42"', false],
    ["score eq 3.75", true],
    ["score gt 3.7", true],
    ["score lt 3.75", false],
    ["score le 3.75", true],
    ["badges eq 3", true],
    ["badges gt 5", true],
    ["badges gt 7", false],
  ]);

  it("co/sw/ew on numbers is invalidFilter", () => {
    invalid('age co "4"', 'operator "co" is not defined for integer attribute "age"');
    invalid('score sw "3"', "decimal");
  });
});

describe("boolean (RFC 7643 §2.3.2)", () => {
  table([
    ["active eq true", true],
    ["active eq false", false],
    ["active ne false", true],
    ["verified eq false", true],
    ['active eq "true"', false],
    ["emails.primary eq true", true],
  ]);

  it("RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean attribute is invalidFilter", () => {
    for (const op of ["gt", "ge", "lt", "le"]) {
      invalid(`active ${op} "true"`, `operator "${op}" is not defined for boolean attribute "active"`);
      invalid(`active ${op} 1`, "boolean");
    }
    invalid('active co "t"', "boolean");
  });
});

describe("complex attributes (RFC 7644 §3.4.2.2: filter complex attributes by sub-attribute)", () => {
  table([
    ['name.givenName eq "barbara"', true],
    ['name.familyName co "ens"', true],
    ['Name.GivenName eq "Barbara"', true],
    ["name pr", true],
    ['name[givenName eq "Barbara"]', true],
    ['name[givenName eq "Babs"]', false],
  ]);

  it("a comparison on a complex attribute without a `value` sub-attribute is invalidFilter", () => {
    invalid('name eq "Barbara"', '"name" is a complex attribute');
    invalid('addresses eq "x"', "complex");
  });

  it("a sub-attribute of a simple attribute is invalidFilter", () => {
    invalid('userName.value eq "x"', '"userName" is not a complex attribute');
  });
});

describe("multi-valued attributes: any value matches (RFC 7644 §3.4.2.2)", () => {
  table([
    ['emails.value eq "babs@jensen.org"', true],
    ['emails.value ew "jensen.org"', true],
    ['emails.type eq "home"', true],
    ['emails.type eq "other"', false],
    ["emails.display pr", false],
    // Figure 2 writes `emails co "example.com"`: a multi-valued complex attribute compares by `value`.
    ['emails co "example.com"', true],
    ['emails eq "BABS@JENSEN.ORG"', true],
    ['emails co "example.org"', false],
    ['ims eq "someaimhandle"', true],
    // `ne` too matches when any value matches: some email is not babs@jensen.org.
    ['emails ne "babs@jensen.org"', true],
    ['emails ne "nobody@example.com"', true],
    // Barbara has a work and a home email: the home one is a value whose type is not "work".
    ['emails.type ne "work"', true],
    // ...while `not (...)` negates the whole expression: some email is of type work.
    ['not (emails.type eq "work")', false],
    [`schemas eq "${ENTERPRISE_URN}"`, true],
    [`schemas eq "${ENTERPRISE_URN.toUpperCase()}"`, true],
    ['schemas eq "urn:example:other"', false],
  ]);
});

describe("multi-valued `ne` matches when any value is not equal (RFC 7644 §3.4.2.2)", () => {
  // "If the specified attribute in a filter expression is a multi-valued attribute, the filter
  // matches if any of the values of the specified attribute match the specified criterion."
  const user = (emails: unknown[] | undefined) => ({
    schemas: [USER_URN],
    userName: "u",
    ...(emails ? { emails } : {}),
  });
  const work = { value: "w@example.com", type: "work", primary: true };
  const home = { value: "h@example.com", type: "home" };
  it.each<[string, unknown[] | undefined, boolean]>([
    ['emails.type ne "work"', [work, home], true],
    ['emails.type ne "work"', [work], false],
    ['emails.type ne "work"', [work, { ...work, value: "w2@example.com" }], false],
    // A value without a type is a value whose type is not "work", as in `emails[type ne "work"]`.
    ['emails.type ne "work"', [work, { value: "x@example.com" }], true],
    // No values at all: nothing can match.
    ['emails.type ne "work"', [], false],
    ['emails.type ne "work"', undefined, false],
    ["emails.primary ne true", [work, home], true],
    ["emails.primary ne true", [{ ...home, primary: false }], true],
    ["emails.primary ne true", [work], false],
    ['emails ne "w@example.com"', [work, home], true],
    ['emails ne "w@example.com"', [work], false],
    ['emails.value ne "W@EXAMPLE.COM"', [work], false],
    // A sub-attribute the schema lacks: every value is without it.
    ['emails.unknownSub ne "x"', [work], true],
    ['emails.unknownSub ne "x"', [], false],
  ])("%s over %j → %s", (text, emails, expected) => {
    expect(test(text, user(emails))).toBe(expected);
  });

  it("simple multi-valued attributes: some value differs", () => {
    const tagged = (tags: string[]) => ({ ...user(undefined), [TEST_URN]: { tags } });
    expect(test('tags ne "Blue"', tagged(["Blue", "green"]))).toBe(true);
    expect(test('tags ne "Blue"', tagged(["Blue", "Blue"]))).toBe(false);
    expect(test('tags ne "Blue"', tagged([]))).toBe(false);
    const schemas = `schemas ne "${USER_URN}"`;
    expect(test(schemas, { schemas: [USER_URN, ENTERPRISE_URN] })).toBe(true);
    expect(test(schemas, { schemas: [USER_URN] })).toBe(false);
  });

  it("positive operators skip values that lack the sub-attribute", () => {
    const emails = [{ value: "a@example.com" }, { value: "b@example.com", type: "home" }];
    expect(test('emails.type sw "h"', user(emails))).toBe(true);
    expect(test('emails.type gt "a"', user(emails))).toBe(true);
    expect(test('emails.type lt "a"', user(emails))).toBe(false);
    expect(test('emails.type co ""', user([{ value: "a@example.com" }]))).toBe(false);
  });
});

describe('attributes returned "never" cannot be filtered (RFC 7643 §7, §4.1.1)', () => {
  // A filter on a secret is an oracle for it (`password sw "a"`, then "ab", ...): 400 invalidFilter,
  // decided from the schema alone, before any resource is read.
  it.each([
    'password eq "t1meMa$heen"',
    'password sw "t"',
    "password pr",
    "password eq null",
    'password ne "x"',
    'PASSWORD co "x"',
    `${USER_URN}:password eq "x"`,
    'userName eq "bjensen@example.com" or password pr',
    "not (password pr)",
    'pin eq "1234"',
    `${TEST_URN}:pin gt "0"`,
    'keys.secret co "a"',
    'keys[value eq "k1" and secret sw "a"]',
  ])("%s", (text) => {
    invalid(text, "is never returned, so it cannot be filtered");
  });

  it("the other sub-attributes of a complex attribute stay filterable", () => {
    const user = { ...barbara, [TEST_URN]: { keys: [{ value: "k1", secret: "s" }] } };
    expect(test('keys.value eq "k1"', user)).toBe(true);
    expect(test('keys[value eq "k1"]', user)).toBe(true);
  });
});

describe("value paths bind every condition to one value (RFC 7644 §3.4.2.2 Table 5)", () => {
  table([
    ['emails[type eq "work" and value co "@example.com"]', true],
    // The work address is @example.com and the home one is @jensen.org, so no single value matches...
    ['emails[type eq "home" and value co "@example.com"]', false],
    // ...while sub-attribute paths outside brackets may match different values.
    ['emails.type eq "home" and emails.value co "@example.com"', true],
    ['emails[type eq "home" or primary eq true]', true],
    ['emails[not (type eq "work")]', true],
    ['emails[not (type eq "work") and primary eq true]', false],
    ["emails[primary pr]", true],
    ["emails[display pr]", false],
    ['ims[type eq "xmpp" and value co "@foo.com"]', false],
    ['addresses[type eq "work"]', false],
    ["phoneNumbers[type pr]", false],
    ['badges[value gt 5 and label eq "Gold"]', true],
    ['badges[value gt 5 and label eq "gold"]', false],
    ['emails[TYPE eq "WORK"]', true],
    // Entra ID's form is the same filter.
    ['emails[type eq "work"].value eq "bjensen@example.com"', true],
    ['emails[type eq "home"].value eq "bjensen@example.com"', false],
  ]);

  it("a value filter on a simple attribute is invalidFilter", () => {
    invalid('userName[value eq "x"]', '"userName" is not a complex attribute');
  });
});

describe("pr: false for null, empty string, empty array and empty complex values (RFC 7644 §3.4.2.2)", () => {
  table([
    ["title pr", true],
    ["nickName pr", false],
    ["phoneNumbers pr", false],
    ["locale pr", false],
    ["emails pr", true],
    ["emails.value pr", true],
    ["active pr", true],
    ["verified pr", true],
    ["age pr", true],
    ["manager pr", true],
  ]);

  it('null, {} and {givenName: ""} are not present', () => {
    const user = {
      ...barbara,
      title: null,
      name: {},
      addresses: [{}],
      ims: [{ value: "" }],
      x509Certificates: [null],
    };
    expect(test("title pr", user)).toBe(false);
    expect(test("name pr", user)).toBe(false);
    expect(test("addresses pr", user)).toBe(false);
    expect(test("ims pr", user)).toBe(false);
    expect(test("x509Certificates pr", user)).toBe(false);
    expect(test("name pr", { ...barbara, name: { givenName: "" } })).toBe(false);
  });

  it("eq null means absent; ne null means present", () => {
    expect(test("nickName eq null")).toBe(true);
    expect(test("locale eq null")).toBe(true);
    expect(test("title eq null")).toBe(false);
    expect(test("title ne null")).toBe(true);
    expect(test("nickName ne null")).toBe(false);
  });
});

describe("extensions live under their URN key (RFC 7643 §3.3)", () => {
  table([
    [`${ENTERPRISE_URN}:employeeNumber eq "701984"`, true],
    ['employeeNumber eq "701984"', true],
    [`${ENTERPRISE_URN}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    ['manager.value sw "26118915"', true],
    [`${ENTERPRISE_URN.toLowerCase()}:EMPLOYEENUMBER eq "701984"`, true],
    [`${USER_URN}:userName eq "bjensen@example.com"`, true],
    [`${ENTERPRISE_URN}:userName eq "bjensen@example.com"`, false],
    [`${TEST_URN}:age ge 18`, true],
  ]);

  it("finds attributes under differently-cased resource keys", () => {
    const { [ENTERPRISE_URN]: enterprise, userName, ...rest } = barbara;
    const shouting = { ...rest, USERNAME: userName, [ENTERPRISE_URN.toUpperCase()]: enterprise };
    expect(test('userName eq "bjensen@example.com"', shouting)).toBe(true);
    expect(test('employeeNumber eq "701984"', shouting)).toBe(true);
  });
});

describe("attributes not in the schema: compared by the literal's JSON type, never an error", () => {
  table([
    ['favoriteColor eq "teal"', true],
    ['favoriteColor co "EA"', true],
    ["favoriteColor eq 5", false],
    ["luckyNumber gt 5", true],
    ["luckyNumber eq 7", true],
    ['luckyNumber eq "7"', false],
    ["isAdmin eq false", true],
    ['missingThing eq "x"', false],
    ['missingThing ne "x"', true],
    ["missingThing pr", false],
    ['urn:example:unknown:1.0:Thing:attr eq "x"', false],
    ['emails.unknownSub eq "x"', false],
    ['emails[unknownSub eq "x"]', false],
    ['constructor eq "x"', false],
    ["hasOwnProperty pr", false],
    ['toString eq "x"', false],
  ]);
});

describe("logical operators (RFC 7644 §3.4.2.2 Table 4)", () => {
  const t = "title pr";
  const f = "nickName pr";
  table([
    [`${t} and ${t}`, true],
    [`${t} and ${f}`, false],
    [`${f} and ${t}`, false],
    [`${f} and ${f}`, false],
    [`${t} or ${f}`, true],
    [`${f} or ${t}`, true],
    [`${f} or ${f}`, false],
    [`not (${t})`, false],
    [`not (${f})`, true],
    [`${f} or ${t} and ${t}`, true],
    [`(${f} or ${t}) and ${f}`, false],
    [`not (${f} or ${f}) and ${t}`, true],
  ]);
});

describe("Group resources (RFC 7643 §4.2)", () => {
  const group = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    id: "e9e30dba-f08f-4109-8486-d5c6a331660a",
    displayName: "Tour Guides",
    members: [
      { value: "2819c223-7f76-453a-919d-413861904646", display: "Babs Jensen", type: "User" },
      { value: "902c246b-6245-4190-8e05-00816be7344a", display: "Mandy Pepperidge", type: "User" },
    ],
  };
  it.each([
    ['displayName eq "tour guides"', true],
    ['members[value eq "902c246b-6245-4190-8e05-00816be7344a"]', true],
    // RFC 7643 §8.7.1 declares Group members.value caseExact false.
    ['members.value eq "902C246B-6245-4190-8E05-00816BE7344A"', true],
    ['members.value eq "902c246b"', false],
    ['members.display co "mandy"', true],
    ['members eq "2819c223-7f76-453a-919d-413861904646"', true],
  ] as Row[])("%s → %s", (text, expected) => {
    expect(matches(parseFilter(text), group, groups)).toBe(expected);
  });
});

describe("errors depend on the filter and schema only", () => {
  it("compileFilter throws before any resource is seen", () => {
    expect(() => compileFilter(parseFilter('active gt "x"'), users)).toThrow(FilterError);
  });

  it("the error names the position of the offending expression", () => {
    let thrown: unknown;
    try {
      compileFilter(parseFilter('userName eq "a" and active lt "x"'), users);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as FilterError).position).toBe(20);
    expect((thrown as FilterError).detail).toMatch(/ at 20$/);
  });

  it("matches caches the compiled filter per resource type", () => {
    const filter = parseFilter('userName eq "bjensen@example.com"');
    expect(matches(filter, barbara, users)).toBe(true);
    expect(matches(filter, barbara, users)).toBe(true);
    expect(matches(filter, { displayName: "x" }, groups)).toBe(false);
  });
});
