/**
 * The ts blocks of packages/filter/README.md run here as regions (the error and evaluation
 * examples import the same names, so they live in filter-readme-errors/-evaluate.test.ts); the
 * test checks that each prints what its comment says.
 */
import { expect, it, vi } from "vitest";

const printed: unknown[] = [];
const log = vi.spyOn(console, "log").mockImplementation((value: unknown) => {
  printed.push(value);
});

// #region readme
import { parseFilter } from "@scimkit/filter";

const filter = parseFilter('userType eq "Employee" and emails[type eq "work" and value co "@example.com"]');
console.log(filter.kind); // "and"
if (filter.kind === "and") console.log(filter.left);
// { kind: "compare", path: { attribute: "userType" }, op: "eq", value: "Employee", span: { start: 0, end: 22 } }
// #endregion readme

// #region readme
const manager = parseFilter(
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915"',
);
if (manager.kind === "compare") console.log(manager.path);
// { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attribute: "manager", subAttribute: "value" }
// #endregion readme

const text = 'userName eq "bjensen"';
// #region readme
parseFilter(text, {
  extensions: [], // interop extensions to accept, by name (default none: the RFC grammar)
  maxLength: 4096, // longer input is rejected before parsing
  maxDepth: 32, // nesting of "(", "not (" and "[" — deeper input is a 400, never a stack overflow
});
// #endregion readme

// #region readme
console.log(parseFilter("externalId eq jyoung", { extensions: ["entra-unquoted-value"] }).kind === "compare"); // true

// #endregion readme

// #region readme
import { compareValues } from "@scimkit/filter";

const dateTime = { type: "dateTime", caseExact: false } as const;
console.log(compareValues("2011-05-13T04:42:34Z", "2011-05-13T06:42:34+02:00", dateTime)); // 0
console.log(compareValues("Alice", "alice", { type: "string", caseExact: true })); // -1

// #endregion readme

// #region readme
import { and, co, eq, not, pr, stringifyFilter, valuePath } from "@scimkit/filter";

const input = 'x" or userName pr or userName eq "x';
console.log(stringifyFilter(eq("userName", input)));
// userName eq "x\" or userName pr or userName eq \"x"  — one string literal

const notWork = not(valuePath("emails", and(eq("type", "work"), co("value", "@example.com"))));
console.log(stringifyFilter(and(pr("title"), notWork))); // title pr and not (emails[type eq "work" and value co "@example.com"])

// #endregion readme

// #region readme
import { parsePath } from "@scimkit/filter";

console.log(parsePath('members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName'));
// { attribute: "members", filter: { kind: "compare", ... }, subAttribute: "displayName", span: { start: 0, end: 68 } }
console.log(parsePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"));
// { schema: "urn:...:enterprise:2.0:User", attribute: "manager", subAttribute: "value", span: ... }
// #endregion readme

log.mockRestore();

it("filter README blocks print what their comments say", () => {
  expect(printed).toEqual([
    "and",
    {
      kind: "compare",
      path: { attribute: "userType" },
      op: "eq",
      value: "Employee",
      span: { start: 0, end: 22 },
    },
    {
      schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      attribute: "manager",
      subAttribute: "value",
    },
    true,
    0,
    -1,
    'userName eq "x\\" or userName pr or userName eq \\"x"',
    'title pr and not (emails[type eq "work" and value co "@example.com"])',
    expect.objectContaining({
      attribute: "members",
      filter: expect.objectContaining({ kind: "compare" }),
      subAttribute: "displayName",
      span: { start: 0, end: 68 },
    }),
    expect.objectContaining({
      schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      attribute: "manager",
      subAttribute: "value",
    }),
  ]);
});

it("the options block accepts the documented defaults, and a longer or deeper filter is a 400", () => {
  expect(() => parseFilter("a".repeat(4097), { maxLength: 4096 })).toThrow(
    expect.objectContaining({ status: 400 }),
  );
  expect(() => parseFilter(`${"not (".repeat(33)}x pr${")".repeat(33)}`, { maxDepth: 32 })).toThrow(
    expect.objectContaining({ status: 400 }),
  );
});
