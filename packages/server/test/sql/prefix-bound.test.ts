import { describe, expect, it } from "vitest";
import { prefixUpperBound } from "../../src/store/sql/sql-dialect.js";

// `sw` on an indexed attribute is the range prefix <= value < prefixUpperBound(prefix) in code point
// order (RFC 7644 §3.4.2.2 "sw": the value starts with the prefix), so the bound must be exact.
describe("prefixUpperBound", () => {
  it("increments the last code point", () => {
    expect(prefixUpperBound("user12")).toBe("user13");
    expect(prefixUpperBound("a😀")).toBe("a😁");
  });

  it("skips the surrogate range, which no string holds", () => {
    expect(prefixUpperBound("a\ud7ff")).toBe("a\ue000");
  });

  it("drops trailing U+10FFFF, and has no bound for an empty or all-maximum prefix", () => {
    expect(prefixUpperBound("ab\u{10ffff}")).toBe("ac");
    expect(prefixUpperBound("\u{10ffff}\u{10ffff}")).toBeUndefined();
    expect(prefixUpperBound("")).toBeUndefined();
  });

  it("bounds exactly the strings that start with the prefix", () => {
    const prefix = "ab";
    const upper = prefixUpperBound(prefix)!;
    // JavaScript compares UTF-16 code units; these samples have no astral characters.
    for (const value of ["ab", "abz", "ab\uffff", "ac", "aa\uffff", "b", "a"]) {
      expect(value >= prefix && value < upper).toBe(value.startsWith(prefix));
    }
  });
});
