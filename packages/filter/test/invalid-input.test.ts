import { ScimError } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import { FilterError } from "../src/filter-error.js";
import { FILTER_EXTENSIONS, type FilterExtension } from "../src/options.js";
import { parseFilter } from "../src/parser.js";

/** [input, expected error position, fragment the detail must contain] */
type Case = [string, number, string];

// RFC 7644 §3.4.2.2: "Providers MUST decline to filter results if the specified filter operation is
// not recognized and return an HTTP 400 error with a "scimType" error of "invalidFilter"".
const invalidFilters: Case[] = [
  // empty and whitespace
  ["", 0, "empty filter"],
  ["   ", 3, "empty filter"],
  // missing or unknown operators
  ["userName", 8, 'expected comparison operator after "userName"'],
  ['userName "bjensen"', 9, 'expected comparison operator after "userName"'],
  ['userName regex "x"', 9, 'unsupported operator "regex"'],
  ['userName equals "x"', 9, 'unsupported operator "equals"'],
  ['userName == "x"', 9, 'unexpected character "="'],
  ['userName = "x"', 9, 'unexpected character "="'],
  ['userName != "x"', 9, 'unexpected character "!"'],
  ['userName eqq "x"', 9, 'unsupported operator "eqq"'],
  ['userName e "x"', 9, 'unsupported operator "e"'],
  ["userName 5", 9, "expected comparison operator"],
  ["userName (", 9, "expected comparison operator"],
  // missing or malformed values
  ["userName eq", 11, "expected a value"],
  ["userName eq ", 12, "expected a value"],
  ["userName eq bjensen;", 12, "strings are quoted"],
  ["userName eq urn:x:bjensen", 12, "strings are quoted"],
  ["userName eq 'bjensen'", 12, 'unexpected character "\'"'],
  ['userName eq "bjensen', 12, "unterminated string"],
  ['userName eq "a\\', 12, "unterminated string"],
  ['userName eq "a\\x"', 14, 'invalid escape "\\x"'],
  ['userName eq "a\\u12"', 14, "invalid \\u escape"],
  ['userName eq "a\\uZZZZ"', 14, "invalid \\u escape"],
  ['userName eq "tab\there"', 16, "control character"],
  ["userName eq (", 12, "expected a value"],
  ["userName eq )", 12, "expected a value"],
  ["age eq 01", 7, "invalid number"],
  ["age eq 1.", 9, "after the decimal point"],
  ["age eq .5", 7, "expected a value"],
  ["age eq -", 8, "expected a digit"],
  ["age eq +1", 7, 'unexpected character "+"'],
  ["age eq 1e", 9, "exponent"],
  ["age eq 1e+", 10, "exponent"],
  ["age eq 12abc", 7, "invalid number"],
  ["age eq 1.2.3", 7, "invalid number"],
  ["age eq 1e400", 7, "number out of range"],
  ["age gt -1e309", 7, "number out of range"],
  // operator / value combinations that mean nothing
  ["title co 5", 9, 'operator "co" needs a string value'],
  ["title sw true", 9, 'operator "sw" needs a string value'],
  ["title ew null", 9, 'operator "ew" needs a string value'],
  ["active gt true", 10, 'operator "gt" needs a string or number value'],
  ["title lt null", 9, 'operator "lt" needs a string or number value'],
  ["title pr 5", 9, 'expected "and", "or" or end of input'],
  // logical operators
  ['userName eq "a" and', 19, "unexpected end of filter"],
  ['userName eq "a" or', 18, "unexpected end of filter"],
  ['and userName eq "a"', 0, 'unexpected "and"'],
  ['userName eq "a" and or title pr', 20, 'unexpected "or"'],
  ['userName eq "a" title pr', 16, 'expected "and", "or" or end of input'],
  ['userName eq "a" nand title pr', 16, 'expected "and", "or" or end of input'],
  ['userName eq "a" && title pr', 16, 'unexpected character "&"'],
  ['not userName eq "a"', 4, 'expected "(" after "not"'],
  ["not ()", 5, "expected an attribute path"],
  ["not (title pr", 13, 'expected ")"'],
  // grouping
  ["(", 1, "unexpected end of filter"],
  ["()", 1, 'expected an attribute path, "(" or "not ("'],
  ["(title pr", 9, 'expected ")"'],
  ["title pr)", 8, 'unbalanced ")"'],
  ["((title pr)", 11, 'expected ")"'],
  ["(title pr]", 9, 'expected "and", "or" or ")"'],
  ['title pr and (userName eq "a" or', 32, "unexpected end of filter"],
  // value paths
  ["emails[", 7, "unexpected end of filter"],
  ['emails[type eq "work"', 21, 'expected "]" to close "emails["'],
  ["emails[]", 7, 'expected an attribute path, "(" or "not ("'],
  ['emails[type eq "work")', 21, 'expected "and", "or" or "]"'],
  ['emails[type eq "work"]]', 22, 'unbalanced "]"'],
  ['emails[type[value eq "x"]]', 11, "value filters do not nest"],
  ['emails[emails.type eq "work"]', 7, 'inside "emails[...]" name a sub-attribute'],
  ['emails[urn:x:y:type eq "work"]', 7, 'inside "emails[...]" name a sub-attribute'],
  ['emails.value[type eq "work"]', 12, '"[" must follow an attribute name'],
  ['emails[type eq "work"] .value eq "a"', 23, 'expected "and", "or" or end of input'],
  ['emails["work"]', 7, 'expected an attribute path, "(" or "not ("'],
  // attribute paths
  ['1abc eq "x"', 0, "invalid number"],
  ['-abc eq "x"', 1, "expected a digit"],
  ['.userName eq "x"', 0, "expected an attribute name"],
  ['user name eq "x"', 5, 'unsupported operator "name"'],
  ['name.givenName.first eq "x"', 14, "sub-attributes nest one level deep"],
  ['name. eq "x"', 5, 'expected a sub-attribute name after "."'],
  ['name.1st eq "x"', 5, 'invalid sub-attribute name "1st"'],
  ['urn:ietf:params:scim:schemas:core:2.0:User: eq "x"', 43, 'expected an attribute name after ":"'],
  ['urn:ietf:params:scim:schemas:core:2.0:User:1x eq "x"', 43, 'invalid attribute name "1x"'],
  ['user$name eq "x"', 0, 'invalid attribute name "user$name"'],
  ['user/name eq "x"', 0, 'invalid attribute name "user/name"'],
  ['userName eq "x" é', 16, 'unexpected character "é"'],
  ['userName\u00a0eq "x"', 8, "unexpected character"],
  ['@userName eq "x"', 0, 'unexpected character "@"'],
  ['userName eq "x";', 15, 'unexpected character ";"'],
];

describe("RFC 7644 §3.4.2.2: invalid filters fail with invalidFilter and a position", () => {
  it("has at least 60 cases", () => {
    expect(invalidFilters.length).toBeGreaterThanOrEqual(60);
  });

  it.each(invalidFilters)("%j fails at %i", (text, position, fragment) => {
    let thrown: unknown;
    try {
      parseFilter(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FilterError);
    const error = thrown as FilterError;
    expect(ScimError.is(error)).toBe(true);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidFilter");
    expect(error.detail).toContain(fragment);
    expect(error.detail.endsWith(` at ${position}`)).toBe(true);
    expect(error.position).toBe(position);
    expect(error.toJSON()).toMatchObject({ status: "400", scimType: "invalidFilter" });
  });
});

// The RFC grammar is the default: these are errors unless the named interop extension is listed.
const extensionOnly: [string, number, string, FilterExtension | undefined][] = [
  // Issue 11: `tru` was read as the unquoted string "tru" by default.
  ["userName eq tru", 12, "strings are quoted", "entra-unquoted-value"],
  ["userName eq bjensen", 12, 'extension "entra-unquoted-value"', "entra-unquoted-value"],
  ["externalId eq jyoung", 14, 'extension "entra-unquoted-value"', "entra-unquoted-value"],
  ['emails[type eq "work"].value eq "x"', 22, "entra-value-path-comparison", "entra-value-path-comparison"],
  ["active eq True", 10, "JSON literals are lowercase", undefined],
];

describe("interop extensions are opt-in by name: the default is the RFC 7644 §3.4.2.2 grammar", () => {
  it.each(extensionOnly)("%j fails at %i by default", (text, position, fragment, extension) => {
    let thrown: unknown;
    try {
      parseFilter(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FilterError);
    const error = thrown as FilterError;
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidFilter");
    expect(error.detail).toContain(fragment);
    expect(error.detail.endsWith(` at ${position}`)).toBe(true);
    expect(error.position).toBe(position);
    if (extension) expect(() => parseFilter(text, { extensions: [extension] })).not.toThrow();
    else expect(() => parseFilter(text, { extensions: [...FILTER_EXTENSIONS] })).toThrow(FilterError);
  });

  it.each([
    ['emails[type eq "work"].', 23, "expected a sub-attribute name"],
    ['emails[type eq "work"].value', 28, "expected comparison operator"],
    ['emails[type eq "work"].1x eq "a"', 23, 'invalid sub-attribute name "1x"'],
  ] as const)("with entra-value-path-comparison on, %j still fails at %i", (text, position, fragment) => {
    let thrown: unknown;
    try {
      parseFilter(text, { extensions: ["entra-value-path-comparison"] });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as FilterError).detail).toContain(fragment);
    expect((thrown as FilterError).position).toBe(position);
    expect(() => parseFilter(text)).toThrow(/not RFC 7644 filter syntax/);
  });

  it("an unknown extension name is a configuration error (TypeError), not a 400", () => {
    expect(() => parseFilter('userName eq "x"', { extensions: ["lenient" as FilterExtension] })).toThrow(
      TypeError,
    );
  });
});
