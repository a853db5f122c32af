import { ScimError } from "@scimkit/core";
import { describe, expect, it } from "vitest";
import { assertSafeJsonText } from "../../src/http/json-guard.js";
import { parseJsonBody } from "../../src/http/request-body.js";

function errorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

describe("hostile JSON bodies become SCIM errors, never a crash (RFC 7644 §3.12)", () => {
  it("nesting deeper than the limit is 400 invalidSyntax with the position", () => {
    const text = `{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const error = errorOf(() => parseJsonBody(text));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidSyntax");
    expect(error.detail).toMatch(/deeper than 64 levels at 68$/);
  });

  it("brackets inside strings do not count as nesting", () => {
    expect(() => assertSafeJsonText(JSON.stringify({ v: "[".repeat(500) }))).not.toThrow();
  });

  it("a NUL character is 400 invalidValue", () => {
    const error = errorOf(() => parseJsonBody('{"userName":"a\\u0000b"}'));
    expect([error.status, error.scimType]).toEqual([400, "invalidValue"]);
  });

  it("an escaped backslash before u0000 is text, not NUL", () => {
    expect(parseJsonBody('{"userName":"a\\\\u0000"}')).toEqual({ userName: "a\\u0000" });
  });

  it("unpaired surrogate escapes are 400 invalidValue; paired ones are text", () => {
    expect(errorOf(() => parseJsonBody('{"v":"\\ud800x"}')).scimType).toBe("invalidValue");
    expect(errorOf(() => parseJsonBody('{"v":"\\udc00"}')).scimType).toBe("invalidValue");
    expect(parseJsonBody('{"v":"\\ud83d\\ude00"}')).toEqual({ v: "😀" });
  });
});
