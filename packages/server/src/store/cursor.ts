import { ScimError } from "@scimkit/core";
import { decodeBase64Url, encodeBase64Url } from "./base64url.js";
import type { SortKey } from "./sort-order.js";

/**
 * Position after the last resource of a page: its sort key and its insertion sequence. The memory
 * and SQL stores both page by this keyset.
 */
export interface CursorPosition {
  readonly key: SortKey;
  readonly seq: number;
}

/**
 * Encodes a keyset position as an RFC 9865 cursor: base64url, so it only uses RFC 3986
 * unreserved characters as the RFC requires.
 */
export function encodeCursor(position: CursorPosition): string {
  return encodeBase64Url(JSON.stringify([position.key, position.seq]));
}

/** Decodes a cursor from {@link encodeCursor}; throws 400 `invalidCursor` for anything else. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(decodeBase64Url(cursor));
    if (Array.isArray(parsed) && parsed.length === 2 && Number.isSafeInteger(parsed[1])) {
      const key: unknown = parsed[0];
      if (key === null || ["string", "number", "boolean"].includes(typeof key)) {
        return { key: key as SortKey, seq: parsed[1] };
      }
    }
  } catch {
    // fall through to the SCIM error below
  }
  throw new ScimError(400, "invalidCursor", `cursor "${cursor}" is not a cursor this server issued`);
}
