import { ScimError } from "@scimkit/core";
import { assertSafeJsonText } from "./json-guard.js";

/** Media types accepted for request bodies (RFC 7644 §3.1 plus plain JSON, which IdPs send). */
const ACCEPTED_MEDIA_TYPES = new Set(["application/scim+json", "application/json"]);

/**
 * Rejects a body whose `Content-Type` is neither `application/scim+json` nor `application/json`
 * (parameters like `charset=utf-8` are ignored) with 415. A missing `Content-Type` is read as JSON:
 * some clients omit it and the body must still be valid JSON.
 */
export function assertJsonContentType(headers: Headers): void {
  const header = headers.get("content-type");
  if (header === null || header.trim() === "") return;
  const mediaType = header.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!ACCEPTED_MEDIA_TYPES.has(mediaType)) {
    throw new ScimError(
      415,
      undefined,
      `Content-Type "${mediaType}" is not supported; send application/scim+json`,
    );
  }
}

/** 413 for a body over the limit (RFC 7644 §3.12 lists 413 "Payload Too Large"). */
export function payloadTooLarge(limit: number): ScimError {
  return new ScimError(413, undefined, `request body exceeds the limit of ${limit} bytes`);
}

/**
 * Reads a request body as text, never buffering more than `limit` bytes: a `Content-Length` over
 * the limit is rejected before reading, and a streamed body is cut off as soon as it passes it.
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return decodeUtf8(joinChunks(chunks, total));
}

/** Joins the chunks with web-standard APIs only (no `Buffer`): the Fetch core runs on Workers too. */
function joinChunks(chunks: readonly Uint8Array[], byteLength: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(byteLength);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/**
 * Decodes a body as UTF-8, the only encoding of JSON between systems (RFC 8259 §8.1). A byte
 * sequence that is not UTF-8 is a 400 `invalidSyntax`: replacing it with U+FFFD would store
 * something the client never sent. A leading byte order mark is dropped, as §8.1 allows.
 */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw ScimError.badRequest("invalidSyntax", "the request body is not valid UTF-8 (RFC 8259 §8.1)");
  }
}

/**
 * Parses a JSON body; malformed JSON is 400 `invalidSyntax` (RFC 7644 §3.12), and so is hostile
 * nesting (see {@link assertSafeJsonText}).
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "")
    throw ScimError.badRequest("invalidSyntax", "the request body is empty; a JSON object is required");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "malformed";
    throw ScimError.badRequest("invalidSyntax", `the request body is not valid JSON: ${reason}`);
  }
  // After JSON.parse, so malformed JSON keeps its own error; JSON.parse itself is iterative.
  assertSafeJsonText(text);
  return parsed;
}

/** Requires the body to be a JSON object. */
export function expectObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw ScimError.badRequest("invalidSyntax", `${what} must be a JSON object`);
  }
  return body as Record<string, unknown>;
}

/** Requires `schemas` to list `urn` (RFC 7644 §3.3, §3.5.2, §3.7: message schemas are REQUIRED). */
export function expectMessageSchema(body: Record<string, unknown>, urn: string): void {
  const schemas = body.schemas;
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === "string" && s.toLowerCase() === urn.toLowerCase())
  ) {
    throw ScimError.badRequest("invalidSyntax", `"schemas" must contain "${urn}"`);
  }
}
