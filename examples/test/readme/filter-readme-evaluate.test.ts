/** The evaluation example of packages/filter/README.md; the test checks what it prints. */
import { expect, it, vi } from "vitest";

const printed: unknown[] = [];
const log = vi.spyOn(console, "log").mockImplementation((value: unknown) => {
  printed.push(value);
});

// #region readme
import { createDefaultRegistry } from "@scimkit/core";
import { compileFilter, matches, parseFilter } from "@scimkit/filter";

const users = createDefaultRegistry().resourceType("User");
const user = {
  userName: "bjensen@example.com",
  emails: [
    { value: "bjensen@example.com", type: "work" },
    { value: "babs@jensen.org", type: "home" },
  ],
};

console.log(matches(parseFilter('userName eq "BJENSEN@example.com"'), user, users)); // true (caseExact: false)
console.log(matches(parseFilter('emails[type eq "home" and value co "@example.com"]'), user, users)); // false: one value must match both
console.log(matches(parseFilter('emails.type eq "home" and emails.value co "@example.com"'), user, users)); // true

const isWork = compileFilter(parseFilter('emails[type eq "work"]'), users); // resolve once, run many times
console.log([user].filter(isWork).length); // 1
// #endregion readme

log.mockRestore();

it("evaluates as the comments say (RFC 7644 §3.4.2.2)", () => {
  expect(printed).toEqual([true, false, true, 1]);
});
