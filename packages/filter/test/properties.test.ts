import type { AttributePath } from "@scimkit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ComparisonOperator, ComparisonValue, Filter } from "../src/ast.js";
import { and, not, or } from "../src/builder.js";
import { matches } from "../src/evaluate.js";
import { parseFilter } from "../src/parser.js";
import { stringifyFilter } from "../src/stringify.js";
import { testRegistry } from "./fixtures/registry.js";
import { stripSpans } from "./support/strip-spans.js";

const SPAN = { start: 0, end: 0 };
const unlimited = { maxLength: Number.MAX_SAFE_INTEGER, maxDepth: 10_000 };

// ---- An arbitrary over every AST the grammar can express -------------------------------------

const attrName = fc.oneof(
  { weight: 9, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/) },
  { weight: 1, arbitrary: fc.constantFrom("$ref", "not", "and", "or", "pr", "eq", "true", "null") },
);
const schemaUrn = fc.constantFrom(
  "urn:ietf:params:scim:schemas:core:2.0:User",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  "urn:example:a.b-c_d:1.0",
);
const absolutePath: fc.Arbitrary<AttributePath> = fc
  .record({
    schema: fc.option(schemaUrn, { nil: undefined }),
    attribute: attrName,
    sub: fc.option(attrName, { nil: undefined }),
  })
  .map(({ schema, attribute, sub }) => ({
    ...(schema === undefined ? {} : { schema }),
    attribute,
    ...(sub === undefined ? {} : { subAttribute: sub }),
  }));
const relativePath: fc.Arbitrary<AttributePath> = attrName.map((attribute) => ({ attribute }));

const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('"', "\\", '" or x pr or "', "]", ")", "\u0000\u001f", "\ud800", "é😀"),
);
const number = fc
  .oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .filter((n) => !Object.is(n, -0));
const literal = (op: ComparisonOperator): fc.Arbitrary<ComparisonValue> => {
  if (op === "co" || op === "sw" || op === "ew") return text;
  if (op === "gt" || op === "ge" || op === "lt" || op === "le") return fc.oneof(text, number);
  return fc.oneof(text, number, fc.boolean(), fc.constant(null));
};
const operator = fc.constantFrom<ComparisonOperator>("eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le");

const leaf = (path: fc.Arbitrary<AttributePath>): fc.Arbitrary<Filter> =>
  fc.oneof(
    fc
      .tuple(path, operator)
      .chain(([p, op]) =>
        literal(op).map((value): Filter => ({ kind: "compare", path: p, op, value, span: SPAN })),
      ),
    path.map((p): Filter => ({ kind: "present", path: p, span: SPAN })),
  );

const tree = (base: fc.Arbitrary<Filter>, allowValuePath: boolean): fc.Arbitrary<Filter> =>
  fc.letrec<{ filter: Filter }>((tie) => ({
    filter: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      base,
      fc
        .tuple(fc.constantFrom<"and" | "or">("and", "or"), tie("filter"), tie("filter"))
        .map(([kind, left, right]): Filter => ({ kind, left, right, span: SPAN })),
      tie("filter").map((inner): Filter => ({ kind: "not", filter: inner, span: SPAN })),
      ...(allowValuePath
        ? [
            fc.tuple(absolutePath, tree(leaf(relativePath), false)).map(
              ([p, inner]): Filter => ({
                kind: "valuePath",
                path: { ...(p.schema === undefined ? {} : { schema: p.schema }), attribute: p.attribute },
                filter: inner,
                span: SPAN,
              }),
            ),
          ]
        : []),
    ),
  })).filter;

const anyFilter = tree(leaf(absolutePath), true);

describe("property: parse(stringify(ast)) equals ast, apart from spans", () => {
  it("holds for generated ASTs", () => {
    fc.assert(
      fc.property(anyFilter, (ast) => {
        const printed = stringifyFilter(ast);
        expect(stripSpans(parseFilter(printed, unlimited))).toEqual(stripSpans(ast));
        // Canonical text is a fixed point.
        expect(stringifyFilter(parseFilter(printed, unlimited))).toBe(printed);
      }),
      { numRuns: 400 },
    );
  });
});

// ---- Evaluator properties on type-correct filters over the test User schema -----------------

const users = testRegistry().resourceType("User");
const word = fc.constantFrom("a", "A", "ab", "Ab", "b", "", "ba");
const instant = fc.constantFrom(
  "2011-05-13T04:42:34Z",
  "2011-05-13T06:42:34+02:00",
  "2012-01-01T00:00:00Z",
  "2010-12-31",
);

/** [path, values it may hold, operators that are valid for its type] */
const typed: [string, fc.Arbitrary<ComparisonValue>, ComparisonOperator[]][] = [
  ["userName", word, ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]],
  ["title", word, ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]],
  ["emails.value", word, ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]],
  ["emails", word, ["eq", "ne", "co", "sw", "ew"]],
  ["emails.type", word, ["eq", "ne", "sw"]],
  ["tags", word, ["eq", "ne", "co", "gt", "lt"]],
  ["favoriteColor", word, ["eq", "ne", "co", "sw", "gt", "le"]],
  ["active", fc.boolean(), ["eq", "ne"]],
  ["emails.primary", fc.boolean(), ["eq", "ne"]],
  ["age", fc.integer({ min: -2, max: 2 }), ["eq", "ne", "gt", "ge", "lt", "le"]],
  ["meta.lastModified", instant, ["eq", "ne", "gt", "ge", "lt", "le"]],
];

const typedLeaf: fc.Arbitrary<Filter> = fc.oneof(
  fc
    .constantFrom(...typed)
    .chain(([path, values, ops]) =>
      fc
        .tuple(fc.constantFrom(...ops), fc.oneof({ weight: 9, arbitrary: values }, fc.constant(null)))
        .map(([op, value]) =>
          parseFilter(
            `${path} ${op} ${JSON.stringify(value)}`.replace(/ (co|sw|ew|gt|ge|lt|le) null$/, " eq null"),
          ),
        ),
    ),
  fc.constantFrom(...typed).map(([path]) => parseFilter(`${path} pr`)),
  fc
    .tuple(fc.constantFrom("work", "home"), word)
    .map(([type, value]) =>
      parseFilter(`emails[type eq ${JSON.stringify(type)} and value sw ${JSON.stringify(value)}]`),
    ),
);
const typedFilter = tree(typedLeaf, false);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const email = fc.record({
  value: maybe(word),
  type: maybe(fc.constantFrom("work", "home")),
  primary: maybe(fc.boolean()),
});
const resource: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    userName: maybe(word),
    title: maybe(fc.oneof(word, fc.constant(null))),
    active: maybe(fc.boolean()),
    emails: maybe(fc.array(email, { maxLength: 3 })),
    favoriteColor: maybe(fc.oneof(word, fc.integer())),
    meta: maybe(fc.record({ lastModified: maybe(instant) })),
    ext: maybe(
      fc.record({
        age: maybe(fc.integer({ min: -2, max: 2 })),
        tags: maybe(fc.array(word, { maxLength: 3 })),
      }),
    ),
  })
  .map(({ ext, ...rest }) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) out[key] = value;
    if (ext) out["urn:example:params:scim:schemas:extension:test:2.0:User"] = ext;
    return out;
  });

describe("property: logical operators evaluate as boolean algebra (RFC 7644 §3.4.2.2 Table 4)", () => {
  it("not (x) is the negation of x", () => {
    fc.assert(
      fc.property(typedFilter, resource, (x, r) => {
        expect(matches(not(x), r, users)).toBe(!matches(x, r, users));
      }),
      { numRuns: 500 },
    );
  });

  it("a and b matches exactly when both match; a or b when either does", () => {
    fc.assert(
      fc.property(typedFilter, typedFilter, resource, (a, b, r) => {
        const ma = matches(a, r, users);
        const mb = matches(b, r, users);
        expect(matches(and(a, b), r, users)).toBe(ma && mb);
        expect(matches(or(a, b), r, users)).toBe(ma || mb);
      }),
      { numRuns: 500 },
    );
  });

  it("on a single-valued attribute, x ne v is the negation of x eq v", () => {
    fc.assert(
      fc.property(typedLeaf, resource, (leafFilter, r) => {
        if (leafFilter.kind !== "compare" || (leafFilter.op !== "eq" && leafFilter.op !== "ne")) return;
        if (users.resolve(leafFilter.path)?.attribute.multiValued) return;
        const flipped: Filter = { ...leafFilter, op: leafFilter.op === "eq" ? "ne" : "eq" };
        expect(matches(flipped, r, users)).toBe(!matches(leafFilter, r, users));
      }),
      { numRuns: 500 },
    );
  });

  it("on a multi-valued complex attribute, a.b op v equals a[b op v] (RFC 7644 §3.4.2.2: any value)", () => {
    const subLeaf = fc
      .tuple(
        fc.constantFrom<[string, fc.Arbitrary<ComparisonValue>, ComparisonOperator[]]>(
          ["value", word, ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]],
          ["type", word, ["eq", "ne", "sw"]],
          ["primary", fc.boolean(), ["eq", "ne"]],
        ),
        fc.nat(),
      )
      .chain(([[sub, values, ops], pick]) =>
        values.map((value) => ({ sub, op: ops[pick % ops.length]!, value: JSON.stringify(value) })),
      );
    fc.assert(
      fc.property(subLeaf, resource, ({ sub, op, value }, r) => {
        const dotted = matches(parseFilter(`emails.${sub} ${op} ${value}`), r, users);
        expect(dotted).toBe(matches(parseFilter(`emails[${sub} ${op} ${value}]`), r, users));
      }),
      { numRuns: 500 },
    );
  });

  it("the printed filter evaluates like the original", () => {
    fc.assert(
      fc.property(typedFilter, resource, (x, r) => {
        expect(matches(parseFilter(stringifyFilter(x), unlimited), r, users)).toBe(matches(x, r, users));
      }),
      { numRuns: 300 },
    );
  });
});
