/** The error example of packages/filter/README.md; the test checks what it prints. */
import { expect, it, vi } from "vitest";

const printed: unknown[] = [];
const log = vi.spyOn(console, "log").mockImplementation((value: unknown) => {
  printed.push(value);
});

// #region readme
import { FilterError, parseFilter } from "@scimkit/filter";

try {
  parseFilter('userName "bjensen"');
} catch (error) {
  if (error instanceof FilterError) {
    console.log(error.detail); // 'expected comparison operator after "userName", found "bjensen" at 9'
    console.log(error.position); // 9
    console.log(error.toJSON()); // { schemas: [...Error], status: "400", scimType: "invalidFilter", detail: ... }
  }
}
// #endregion readme

log.mockRestore();

it("a FilterError says what was expected and where (RFC 7644 §3.12 invalidFilter)", () => {
  expect(printed).toEqual([
    'expected comparison operator after "userName", found "bjensen" at 9',
    9,
    expect.objectContaining({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "400",
      scimType: "invalidFilter",
    }),
  ]);
});
