import { ScimError, type ScimErrorType } from "@scimkit/core";
import type { SortKey } from "./sort-order.js";

/** Position after the last resource of a page: its sort key and its insertion sequence. */
export interface CursorPosition {
  readonly key: SortKey;
  readonly seq: number;
}

/**
 * Encodes a keyset position as an RFC 9865 cursor: base64url, so it only uses RFC 3986
 * unreserved characters as the RFC requires.
 */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.seq]), "utf8").toString("base64url");
}

/** RFC 9865 §2.1 `invalidCursor`: not a member of RFC 7644's Table 9, so widened here. */
const INVALID_CURSOR = "invalidCursor" as ScimErrorType;

/** Decodes a cursor from {@link encodeCursor}; throws 400 `invalidCursor` for anything else. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === "number") {
      const key: unknown = parsed[0];
      if (key === null || ["string", "number", "boolean"].includes(typeof key)) {
        return { key: key as SortKey, seq: parsed[1] };
      }
    }
  } catch {
    // fall through to the SCIM error below
  }
  throw new ScimError(400, INVALID_CURSOR, `cursor "${cursor}" is not a cursor this server issued`);
}
