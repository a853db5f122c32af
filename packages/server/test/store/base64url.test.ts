import { describe, expect, it } from "vitest";
import { decodeBase64Url, encodeBase64Url } from "../../src/store/base64url.js";
import { decodeCursor, encodeCursor } from "../../src/store/cursor.js";

describe("base64url codec (RFC 4648 §5) without Buffer", () => {
  const samples = [
    "",
    "f",
    "fo",
    "foo",
    "foob",
    "fooba",
    '["Zoë 👩‍💻",42]',
    "\u00ff\u00fe?>",
    "x".repeat(70_000),
  ];

  it("encodes like Node's base64url and decodes back", () => {
    for (const text of samples) {
      const encoded = encodeBase64Url(text);
      expect(encoded).toBe(Buffer.from(text, "utf8").toString("base64url"));
      expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeBase64Url(encoded)).toBe(text);
    }
  });

  it("accepts padding on input", () => {
    expect(decodeBase64Url("Zm9vYg==")).toBe("foob");
  });

  it("rejects characters outside the alphabet, impossible lengths and invalid UTF-8", () => {
    expect(() => decodeBase64Url("Zm9v+g")).toThrow();
    expect(() => decodeBase64Url("Zm9v/g")).toThrow();
    expect(() => decodeBase64Url("Zm9vY")).toThrow();
    expect(() => decodeBase64Url("_w")).toThrow(); // 0xff alone is not UTF-8
  });
});

describe("cursor codec (RFC 9865 §2: cursors use only unreserved characters)", () => {
  it("round-trips keys of every sort type", () => {
    for (const key of ["Zoë", "", 3.5, true, null]) {
      const cursor = encodeCursor({ key, seq: 7 });
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toEqual({ key, seq: 7 });
    }
  });

  it("answers 400 invalidCursor for a cursor it did not issue", () => {
    for (const cursor of ["bogus", "W10", encodeBase64Url('["a"]'), encodeBase64Url("[{},1]"), "%%%"]) {
      expect(() => decodeCursor(cursor)).toThrow(
        expect.objectContaining({ status: 400, scimType: "invalidCursor" }),
      );
    }
  });
});
