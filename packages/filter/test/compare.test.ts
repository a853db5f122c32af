import { describe, expect, it } from "vitest";
import { compareStrings, compareValues, foldCase, parseInstant, valuesEqual } from "../src/compare.js";
import { attribute } from "./fixtures/registry.js";

describe("compareStrings orders by code point (UTF-8 byte order)", () => {
  it("orders ASCII like <", () => {
    expect(compareStrings("a", "b")).toBeLessThan(0);
    expect(compareStrings("B", "a")).toBeLessThan(0);
    expect(compareStrings("ab", "a")).toBeGreaterThan(0);
    expect(compareStrings("same", "same")).toBe(0);
  });

  it("puts U+1F600 (a surrogate pair in UTF-16) after U+FF5E, unlike UTF-16 code-unit order", () => {
    const emoji = "😀"; // U+1F600
    const fullwidthTilde = "～"; // U+FF5E
    expect(emoji < fullwidthTilde).toBe(true); // code units: 0xD83D < 0xFF5E
    expect(compareStrings(emoji, fullwidthTilde)).toBeGreaterThan(0);
    expect(compareStrings("\ue000", "\ud7ff")).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from(emoji), Buffer.from(fullwidthTilde))).toBeGreaterThan(0);
  });
});

describe("parseInstant reads RFC 3339 / xsd:dateTime (RFC 7643 §2.3.5)", () => {
  it.each([
    ["2011-05-13T04:42:34Z", Date.UTC(2011, 4, 13, 4, 42, 34)],
    ["2011-05-13T06:42:34+02:00", Date.UTC(2011, 4, 13, 4, 42, 34)],
    ["2011-05-13t04:42:34z", Date.UTC(2011, 4, 13, 4, 42, 34)],
    ["2011-05-13T04:42:34", Date.UTC(2011, 4, 13, 4, 42, 34)],
    ["2011-05-13T04:42:34.5Z", Date.UTC(2011, 4, 13, 4, 42, 34, 500)],
    ["2011-05-13T04:42:34.123456789Z", Date.UTC(2011, 4, 13, 4, 42, 34, 123)],
    ["2011-05-13", Date.UTC(2011, 4, 13)],
  ])("%s", (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    "yesterday",
    "2011-05-13T04:42Z",
    "13/05/2011",
    "2011-13-01T00:00:00Z",
    "",
    "2011-05-13T04:42:34+0200",
  ])("rejects %j", (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});

describe("compareValues by attribute type", () => {
  it("strings honour caseExact (RFC 7643 §2.2)", () => {
    expect(compareValues("Alice", "alice", { type: "string", caseExact: false })).toBe(0);
    expect(compareValues("Alice", "alice", { type: "string", caseExact: true })).toBe(-1);
    expect(compareValues("b", "A", { type: "reference", caseExact: false })).toBe(1);
    expect(foldCase("ÉCOLE", false)).toBe("école");
  });

  it("numbers numerically, booleans false < true, dateTimes chronologically", () => {
    expect(compareValues(9, 42, { type: "integer", caseExact: false })).toBe(-1);
    expect(compareValues(2.5, 2.5, { type: "decimal", caseExact: false })).toBe(0);
    expect(compareValues(false, true, { type: "boolean", caseExact: false })).toBe(-1);
    expect(
      compareValues("2011-05-13T06:00:00+02:00", "2011-05-13T04:42:34Z", {
        type: "dateTime",
        caseExact: false,
      }),
    ).toBe(-1);
  });

  it("returns undefined for values that do not fit the type", () => {
    expect(compareValues("42", 42, { type: "integer", caseExact: false })).toBeUndefined();
    expect(compareValues("later", "2011-05-13", { type: "dateTime", caseExact: false })).toBeUndefined();
    expect(compareValues({}, {}, { type: "complex", caseExact: false })).toBeUndefined();
  });
});

describe("valuesEqual", () => {
  const email = attribute("emails", "complex", {
    multiValued: true,
    subAttributes: [
      attribute("value", "string"),
      attribute("type", "string"),
      attribute("primary", "boolean"),
    ],
  });

  it("compares complex values sub-attribute by sub-attribute, ignoring key case and nulls", () => {
    expect(
      valuesEqual(
        { value: "A@x.org", type: "work" },
        { Value: "a@X.org", TYPE: "Work", primary: null },
        email,
      ),
    ).toBe(true);
    expect(valuesEqual({ value: "a@x.org", type: "work" }, { value: "a@x.org", type: "home" }, email)).toBe(
      false,
    );
    expect(valuesEqual({ value: "a@x.org", extra: [1] }, { value: "a@x.org", extra: [1] }, email)).toBe(true);
    expect(valuesEqual({ value: "a@x.org" }, { value: "a@x.org", primary: true }, email)).toBe(false);
  });

  it("compares simple values by type", () => {
    expect(valuesEqual("X", "x", { type: "string", caseExact: false })).toBe(true);
    expect(valuesEqual("X", "x", { type: "string", caseExact: true })).toBe(false);
  });
});
