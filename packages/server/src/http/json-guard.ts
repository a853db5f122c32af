import { ScimError } from "@scimkit/core";

/** SCIM bodies are shallow (a bulk operation's data is about 6 levels deep); 64 leaves ample room. */
export const MAX_JSON_DEPTH = 64;

/**
 * Scans JSON text once, before it is parsed, for what the rest of the server must never see:
 * nesting deeper than `maxDepth` (recursive code downstream would overflow the stack), `\u0000`
 * (no identity attribute holds NUL, and PostgreSQL `jsonb` rejects it) and unpaired UTF-16
 * surrogate escapes (not valid Unicode text, RFC 8259 §8.2). Linear in the text length.
 */
export function assertSafeJsonText(text: string, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x22 /* " */) inString = false;
      else if (c === 0x5c /* \ */) i = checkEscape(text, i);
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) {
        throw ScimError.badRequest(
          "invalidSyntax",
          `the request body nests deeper than ${maxDepth} levels at ${i}`,
        );
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
}

/** Checks the escape starting at `i` (the backslash) and returns the index of its last character. */
function checkEscape(text: string, i: number): number {
  if (text.charCodeAt(i + 1) !== 0x75 /* u */) return i + 1;
  const code = Number.parseInt(text.slice(i + 2, i + 6), 16);
  if (code === 0)
    throw ScimError.badRequest("invalidValue", `a string holds a NUL character (\\u0000) at ${i}`);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next =
      text.slice(i + 6, i + 8) === "\\u" ? Number.parseInt(text.slice(i + 8, i + 12), 16) : Number.NaN;
    if (!(next >= 0xdc00 && next <= 0xdfff)) {
      throw ScimError.badRequest("invalidValue", `a string holds an unpaired surrogate escape at ${i}`);
    }
    return i + 11;
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    throw ScimError.badRequest("invalidValue", `a string holds an unpaired surrogate escape at ${i}`);
  }
  return i + 5;
}
