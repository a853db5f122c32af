import { ScimError, type ScimErrorType } from "@scimkit/core";

/** A keyset position: the sort key and sequence number of the last resource of a page. */
export interface KeysetPosition {
  readonly key: string | number | boolean | null;
  readonly seq: number;
}

/** RFC 9865 `invalidCursor` is not in RFC 7644's Table 9, so the type is widened here. */
const INVALID_CURSOR = "invalidCursor" as ScimErrorType;

/** Encodes a position as an opaque RFC 9865 cursor (base64url: only unreserved characters). */
export function encodeKeyset(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ k: position.key, s: position.seq }), "utf8").toString("base64url");
}

/** Decodes {@link encodeKeyset}; anything else is a 400 `invalidCursor` (RFC 9865 §2.1). */
export function decodeKeyset(cursor: string): KeysetPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      const { k, s } = parsed as Record<string, unknown>;
      const keyOk = k === null || typeof k === "string" || typeof k === "number" || typeof k === "boolean";
      if (keyOk && typeof s === "number" && Number.isSafeInteger(s)) return { key: k, seq: s };
    }
  } catch {
    // reported below as a SCIM error
  }
  throw new ScimError(400, INVALID_CURSOR, `cursor "${cursor}" is not a cursor this server issued`);
}
