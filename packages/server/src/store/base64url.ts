/**
 * base64url without padding (RFC 4648 §5) over UTF-8 text, built on `btoa`/`atob` and
 * `TextEncoder`/`TextDecoder` so it runs wherever the Fetch core runs (no `Buffer`).
 */

/** Encodes UTF-8 text as unpadded base64url. */
export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  // Chunked so a long text never exceeds the argument limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes unpadded (or padded) base64url to UTF-8 text; throws on characters outside the alphabet. */
export function decodeBase64Url(encoded: string): string {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(encoded)) throw new SyntaxError("not base64url");
  const base64 = encoded.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}
