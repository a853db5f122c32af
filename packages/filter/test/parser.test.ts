import { createDefaultRegistry } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import type { Filter } from "../src/ast.js";
import { matches } from "../src/evaluate.js";
import { FilterError } from "../src/filter-error.js";
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH, type ParseOptions } from "../src/options.js";
import { parseAttributePath, parseFilter, parsePath } from "../src/parser.js";
import { stringifyFilter } from "../src/stringify.js";
import { stripSpans } from "./support/strip-spans.js";

const shape = (text: string, options?: ParseOptions) => stripSpans(parseFilter(text, options));

/** Both Entra ID extensions, opted into by name (the default is the RFC grammar). */
const ENTRA: ParseOptions = { extensions: ["entra-value-path-comparison", "entra-unquoted-value"] };
const errorOf = (run: () => unknown): FilterError => {
  try {
    run();
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error("expected a FilterError");
};

describe("RFC 7644 §3.4.2.2 order of operations", () => {
  it('"and" binds tighter than "or"', () => {
    expect(stringifyFilter(parseFilter("a pr or b pr and c pr"))).toBe("a pr or b pr and c pr");
    const filter = parseFilter("a pr or b pr and c pr");
    expect(filter.kind).toBe("or");
    expect(filter.kind === "or" && filter.right.kind).toBe("and");
  });

  it("logical operators associate left", () => {
    const filter = parseFilter("a pr and b pr and c pr");
    expect(filter.kind === "and" && filter.left.kind).toBe("and");
    expect(filter.kind === "and" && filter.right.kind).toBe("present");
  });

  it("parentheses change the order (grouping first)", () => {
    const filter = parseFilter("(a pr or b pr) and c pr");
    expect(filter.kind).toBe("and");
    expect(filter.kind === "and" && filter.left.kind).toBe("or");
  });

  it('"not" applies to its parenthesised filter only', () => {
    const filter = parseFilter("not (a pr) and b pr");
    expect(filter.kind).toBe("and");
    expect(filter.kind === "and" && filter.left.kind).toBe("not");
  });

  it("redundant parentheses leave no trace in the AST", () => {
    expect(shape('((userName eq "a"))')).toEqual(shape('userName eq "a"'));
  });

  it("logical operators and `not` are case-insensitive", () => {
    expect(shape("a pr AND b pr Or NOT (c PR)")).toEqual(shape("a pr and b pr or not (c pr)"));
  });

  it("every comparison operator parses in any case", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"]) {
      for (const written of [op, op.toUpperCase(), op[0].toUpperCase() + op[1]]) {
        const filter = parseFilter(`title ${written} "x"`);
        expect(filter.kind === "compare" && filter.op).toBe(op);
      }
    }
  });
});

describe("compValue: JSON literals (RFC 7644 §3.4.2.2, RFC 8259)", () => {
  const literalOf = (text: string) => {
    const filter = parseFilter(`x eq ${text}`);
    if (filter.kind !== "compare") throw new Error("not a comparison");
    return filter.value;
  };

  it("true, false, null", () => {
    expect(literalOf("true")).toBe(true);
    expect(literalOf("false")).toBe(false);
    expect(literalOf("null")).toBeNull();
  });

  it("numbers per the JSON grammar", () => {
    expect(literalOf("0")).toBe(0);
    expect(literalOf("-12")).toBe(-12);
    expect(literalOf("3.25")).toBe(3.25);
    expect(literalOf("1e3")).toBe(1000);
    expect(literalOf("-1.5E-2")).toBe(-0.015);
    expect(literalOf("2e+2")).toBe(200);
    expect(Object.is(literalOf("-0"), 0)).toBe(true);
  });

  it('strings with every JSON escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 and surrogate pairs', () => {
    expect(literalOf('"O\\"Malley"')).toBe('O"Malley');
    expect(literalOf('"back\\\\slash"')).toBe("back\\slash");
    expect(literalOf('"a\\/b"')).toBe("a/b");
    expect(literalOf('"\\b\\f\\n\\r\\t"')).toBe("\b\f\n\r\t");
    expect(literalOf('"caf\\u00e9"')).toBe("café");
    expect(literalOf('"caf\\u00E9"')).toBe("café");
    expect(literalOf('"\\ud83d\\ude00"')).toBe("😀");
    expect(literalOf('"raw é 😀"')).toBe("raw é 😀");
    expect(literalOf('""')).toBe("");
  });

  it("strings may hold filter syntax without effect", () => {
    expect(literalOf('"a\\" or userName pr or \\"b"')).toBe('a" or userName pr or "b');
    expect(literalOf('"x) and (y"')).toBe("x) and (y");
  });

  it("JSON literals are lowercase: `True`, `FALSE`, `Null` are invalidFilter (RFC 7644 §3.4.2.2, RFC 8259 §3)", () => {
    expect(() => literalOf("True")).toThrow(/JSON literals are lowercase, found "True" at 5/);
    expect(() => literalOf("FALSE")).toThrow(/JSON literals are lowercase/);
    expect(() => literalOf("Null")).toThrow(/JSON literals are lowercase/);
  });
});

describe("attribute paths", () => {
  it("RFC 7644 §3.10: the URN prefix ends at the last colon, even though URNs contain dots", () => {
    const filter = parseFilter(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915"',
    );
    expect(filter.kind === "compare" && filter.path).toEqual({
      schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      attribute: "manager",
      subAttribute: "value",
    });
  });

  it("no schema is set when none is written", () => {
    const filter = parseFilter('name.givenName eq "Barbara"');
    expect(filter.kind === "compare" && filter.path).toEqual({
      attribute: "name",
      subAttribute: "givenName",
    });
    expect(filter.kind === "compare" && "schema" in filter.path).toBe(false);
  });

  it("ATTRNAME allows - _ and digits after the first letter, and $ref", () => {
    expect(shape('x-custom_attr2 eq "1"')).toMatchObject({ path: { attribute: "x-custom_attr2" } });
    expect(shape("groups.$ref pr")).toMatchObject({ path: { attribute: "groups", subAttribute: "$ref" } });
  });

  it("`not`, `and`, `or` and `pr` are usable attribute names where no operator is expected", () => {
    expect(shape('not eq "x"')).toMatchObject({ kind: "compare", path: { attribute: "not" } });
    expect(shape("pr pr")).toMatchObject({ kind: "present", path: { attribute: "pr" } });
    expect(shape('and eq "x" and or eq "y"')).toMatchObject({ kind: "and" });
  });

  it("parseAttributePath reads a bare attrPath", () => {
    expect(parseAttributePath("name.givenName")).toEqual({ attribute: "name", subAttribute: "givenName" });
    expect(() => parseAttributePath('userName eq "x"')).toThrow(/unexpected character " " at 8/);
    expect(errorOf(() => parseAttributePath("name[x]")).scimType).toBe("invalidPath");
    expect(errorOf(() => parseAttributePath("1x", "invalidFilter")).scimType).toBe("invalidFilter");
  });
});

describe("whitespace", () => {
  it("any run of spaces, tabs and newlines separates tokens (URL-decoded `+` is a space)", () => {
    expect(shape('  userName \t eq\n"x"  and\r\ntitle   pr ')).toEqual(shape('userName eq "x" and title pr'));
  });

  it('RFC 7644 §3.5.2.2 writes `eq"..."` without a space; punctuation needs none', () => {
    expect(shape('userName eq"x"')).toEqual(shape('userName eq "x"'));
    expect(shape('emails[type eq "work"]and(title pr)')).toEqual(
      shape('emails[type eq "work"] and (title pr)'),
    );
  });
});

describe("limits: length and nesting depth", () => {
  it(`rejects input longer than maxLength (default ${DEFAULT_MAX_LENGTH})`, () => {
    const long = `userName eq "${"a".repeat(DEFAULT_MAX_LENGTH)}"`;
    const error = errorOf(() => parseFilter(long));
    expect(error.detail).toMatch(/is \d+ characters long; the limit is 4096 at 4096$/);
    expect(parseFilter(long, { maxLength: 10_000 }).kind).toBe("compare");
    expect(() => parseFilter('userName eq "abc"', { maxLength: 10 })).toThrow(/the limit is 10 at 10/);
  });

  it(`rejects nesting deeper than maxDepth (default ${DEFAULT_MAX_DEPTH}) with an error, not a stack overflow`, () => {
    const nested = (depth: number) => `${"(".repeat(depth)}title pr${")".repeat(depth)}`;
    expect(parseFilter(nested(DEFAULT_MAX_DEPTH)).kind).toBe("present");
    const error = errorOf(() => parseFilter(nested(DEFAULT_MAX_DEPTH + 1)));
    expect(error.detail).toBe(`filter nests deeper than 32 levels at ${DEFAULT_MAX_DEPTH}`);
    const huge = errorOf(() => parseFilter(nested(200_000), { maxLength: 1_000_000 }));
    expect(huge.position).toBe(DEFAULT_MAX_DEPTH);
    expect(() => parseFilter(nested(5), { maxDepth: 4 })).toThrow(/deeper than 4 levels at 4/);
  });

  it("counts `not (` and `[` as nesting levels", () => {
    const nots = `${"not (".repeat(3)}title pr${")".repeat(3)}`;
    expect(() => parseFilter(nots, { maxDepth: 2 })).toThrow(/deeper than 2 levels at 14/);
    expect(() => parseFilter('(emails[type eq "x"])', { maxDepth: 1 })).toThrow(/deeper than 1 levels at 7/);
  });

  it("long and/or chains do not nest: 600 terms parse", () => {
    const chain = Array.from({ length: 600 }, (_, i) => `a${i} pr`).join(" and ");
    let filter: Filter = parseFilter(chain, { maxLength: 100_000 });
    let depth = 0;
    while (filter.kind === "and") {
      filter = filter.left;
      depth++;
    }
    expect(depth).toBe(599);
  });

  it("rejects a non-string with a 400", () => {
    expect(errorOf(() => parseFilter(undefined as unknown as string)).status).toBe(400);
  });
});

describe("extension entra-value-path-comparison (Microsoft Entra ID)", () => {
  it('`emails[type eq "work"].value eq "x"` parses as `emails[type eq "work" and value eq "x"]`', () => {
    const text = 'emails[type eq "work"].value eq "ryan@contoso.com"';
    expect(shape(text, ENTRA)).toEqual(
      shape('emails[type eq "work" and value eq "ryan@contoso.com"]', ENTRA),
    );
    expect(stringifyFilter(parseFilter(text, ENTRA))).toBe(
      'emails[type eq "work" and value eq "ryan@contoso.com"]',
    );
    expect(parseFilter(text, ENTRA).span).toEqual({ start: 0, end: text.length });
  });

  it("keeps the bracketed filter grouped when it is an `or`", () => {
    const filter = parseFilter('emails[type eq "work" or type eq "home"].value co "@x.org"', ENTRA);
    expect(stringifyFilter(filter)).toBe('emails[(type eq "work" or type eq "home") and value co "@x.org"]');
  });

  it("works with pr and inside logical expressions", () => {
    expect(stringifyFilter(parseFilter('emails[type eq "work"].value pr and userName eq "a"', ENTRA))).toBe(
      'emails[type eq "work" and value pr] and userName eq "a"',
    );
  });

  it("the RFC grammar (the default) rejects it, pointing at the sub-attribute", () => {
    const error = errorOf(() => parseFilter('emails[type eq "work"].value eq "x"'));
    expect(error.scimType).toBe("invalidFilter");
    expect(error.position).toBe(22);
    expect(error.detail).toContain("entra-value-path-comparison");
  });
});

describe("extension entra-unquoted-value (Microsoft Entra ID)", () => {
  it('`externalId eq jyoung` parses to the AST of `externalId eq "jyoung"`', () => {
    const text = "externalId eq jyoung";
    expect(shape(text, ENTRA)).toEqual(shape('externalId eq "jyoung"', ENTRA));
    expect(parseFilter(text, ENTRA)).toEqual({
      kind: "compare",
      path: { attribute: "externalId" },
      op: "eq",
      value: "jyoung",
      span: { start: 0, end: 20 },
    });
    expect(stringifyFilter(parseFilter(text, ENTRA))).toBe('externalId eq "jyoung"');
  });

  it("takes `.`, `@`, `+`, `-` and `_` and ends at whitespace, `)` or `]`", () => {
    expect(shape("userName eq john.doe@x.org and active eq true", ENTRA)).toEqual(
      shape('userName eq "john.doe@x.org" and active eq true', ENTRA),
    );
    expect(stringifyFilter(parseFilter("userName eq john.doe@x.org and active eq true", ENTRA))).toBe(
      'userName eq "john.doe@x.org" and active eq true',
    );
    expect(shape("emails[type eq work]", ENTRA)).toEqual(shape('emails[type eq "work"]', ENTRA));
    expect(shape("emails[type eq work and value sw j_doe+tag@x-y.org]", ENTRA)).toEqual(
      shape('emails[type eq "work" and value sw "j_doe+tag@x-y.org"]', ENTRA),
    );
    expect(shape("(userName eq bob) or title pr", ENTRA)).toEqual(shape('userName eq "bob" or title pr'));
    expect(stringifyFilter(parseFilter("emails[type eq work].value co x@y.com", ENTRA))).toBe(
      'emails[type eq "work" and value co "x@y.com"]',
    );
  });

  it("works after every comparison operator", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]) {
      expect(shape(`title ${op} Manager`, ENTRA)).toEqual(shape(`title ${op} "Manager"`, ENTRA));
    }
  });

  it("literals and numbers keep their meaning; a longer word is a string", () => {
    expect(shape("active eq true", ENTRA)).toEqual(shape("active eq true", ENTRA));
    expect(() => parseFilter("active eq True", ENTRA)).toThrow(/JSON literals are lowercase/);
    expect(shape("age eq 42", ENTRA)).toEqual(shape("age eq 42", ENTRA));
    expect(shape("x eq trueish", ENTRA)).toEqual(shape('x eq "trueish"', ENTRA));
    expect(shape("x eq null@x.org", ENTRA)).toEqual(shape('x eq "null@x.org"', ENTRA));
    expect(() => parseFilter("title co true", ENTRA)).toThrow(/operator "co" needs a string value/);
    expect(() => parseFilter("age eq 12abc", ENTRA)).toThrow(/invalid number/);
  });

  it("only a word that starts with a letter and ends at whitespace, `)`, `]` or the end", () => {
    expect(errorOf(() => parseFilter("userName eq bjensen;", ENTRA)).position).toBe(12);
    expect(errorOf(() => parseFilter("userName eq b:jensen", ENTRA)).detail).toContain("strings are quoted");
    expect(errorOf(() => parseFilter("userName eq .bjensen", ENTRA)).position).toBe(12);
    expect(errorOf(() => parseFilter("userName eq bj@ensen(", ENTRA)).position).toBe(12);
  });

  it("grammar words (and, or, not, pr) are never read as values, so a missing value is reported where it is", () => {
    expect(errorOf(() => parseFilter("x eq and y pr", ENTRA)).position).toBe(5);
    expect(errorOf(() => parseFilter("userName eq OR", ENTRA)).position).toBe(12);
    expect(errorOf(() => parseFilter("userName eq pr", ENTRA)).position).toBe(12);
  });

  it("the RFC grammar (the default) rejects it, pointing at the value", () => {
    const error = errorOf(() => parseFilter("externalId eq jyoung"));
    expect(error.scimType).toBe("invalidFilter");
    expect(error.position).toBe(14);
    expect(error.detail).toContain('"jyoung"');
    expect(error.detail).toContain("entra-unquoted-value");
    expect(errorOf(() => parseFilter("emails[type eq work]")).position).toBe(15);
    expect(errorOf(() => parsePath("emails[type eq work]")).scimType).toBe("invalidPath");
  });

  it("a long run of joined words is scanned once, and a long filter of them parses", () => {
    const word = `a${"@b".repeat(2000)}`;
    const filter = parseFilter(`x eq ${word}`, ENTRA);
    expect(filter.kind === "compare" && filter.value).toBe(word);
    expect(errorOf(() => parseFilter(`x eq ${word};`, ENTRA)).position).toBe(5);
    const chain = Array.from({ length: 500 }, (_, i) => `a${i} eq u${i}@x.org`).join(" or ");
    expect(stringifyFilter(parseFilter(chain, { maxLength: 100_000, ...ENTRA }))).toBe(
      Array.from({ length: 500 }, (_, i) => `a${i} eq "u${i}@x.org"`).join(" or "),
    );
  });
});

describe("parsePath", () => {
  it("accepts the same value filter grammar inside brackets", () => {
    const path = parsePath('emails[type eq "work" and not (primary eq false)].value');
    expect(path.attribute).toBe("emails");
    expect(path.subAttribute).toBe("value");
    expect(path.filter && stringifyFilter(path.filter)).toBe('type eq "work" and not (primary eq false)');
  });

  it("enforces the limits too", () => {
    expect(() => parsePath("a".repeat(5000))).toThrow(/limit is 4096/);
    expect(() => parsePath('members[((value eq "x"))]', { maxDepth: 2 })).toThrow(/path nests deeper than 2/);
  });
});

describe("long chains", () => {
  it("a 50,000-term chain parses, prints and evaluates without a stack overflow", () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `a${i} pr`).join(" or ");
    const filter = parseFilter(text, { maxLength: 1_000_000 });
    expect(stringifyFilter(filter)).toBe(text);
    const users = createDefaultRegistry().resourceType("User");
    expect(matches(filter, { a49999: "x" }, users)).toBe(true);
    expect(matches(filter, {}, users)).toBe(false);
  });
});
