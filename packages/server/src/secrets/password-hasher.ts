/**
 * Turns a clear-text secret into a self-describing, salted hash and checks a clear text against
 * one. The encoded form names the algorithm and its parameters (PHC string format, e.g.
 * `$scrypt$ln=15,r=8,p=3$<salt>$<hash>`), so stored hashes stay verifiable after the parameters
 * are raised.
 *
 * @example
 * const hasher = scryptPasswordHasher();
 * const stored = await hasher.hash("t1meMa$heen");
 * await hasher.verify("t1meMa$heen", stored); // true
 */
export interface PasswordHasher {
  /** A salted hash of `clearText` after {@link preparePassword}. */
  hash(clearText: string): Promise<string>;
  /**
   * Whether `clearText` is the secret behind `encoded`, compared in constant time. False for an
   * encoded string this hasher does not understand.
   */
  verify(clearText: string, encoded: string): Promise<boolean>;
}

/** Non-ASCII spaces that RFC 8265 §4.2.1 (OpaqueString) maps to U+0020. */
const WIDE_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;

/**
 * Prepares a password for hashing and comparison as RFC 7643 §4.1.1 and RFC 7644 §7.8 ask (the
 * PRECIS OpaqueString profile): non-ASCII spaces become U+0020, then Unicode NFC. So the same
 * password typed with a composed or a decomposed "é" has one hash.
 */
export function preparePassword(clearText: string): string {
  return clearText.replace(WIDE_SPACES, " ").normalize("NFC");
}

/** Unpadded standard base64, as the PHC string format writes salts and hashes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, "");
}

/** The inverse of {@link toBase64}; undefined when `text` is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.padEnd(Math.ceil(text.length / 4) * 4, "="));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Compares two byte strings in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** The fields of a PHC string `$id$k=v,k=v$salt$hash`, or undefined when it is not one. */
export function parsePhc(
  encoded: string,
): { id: string; params: Map<string, string>; salt: Uint8Array; hash: Uint8Array } | undefined {
  const parts = encoded.split("$");
  if (parts.length !== 5 || parts[0] !== "") return undefined;
  const [, id, paramText, saltText, hashText] = parts as [string, string, string, string, string];
  const params = new Map<string, string>();
  for (const pair of paramText.split(",")) {
    const [key, value] = pair.split("=");
    if (!key || value === undefined) return undefined;
    params.set(key, value);
  }
  const salt = fromBase64(saltText);
  const hash = fromBase64(hashText);
  if (!salt || !hash || hash.length === 0) return undefined;
  return { id, params, salt, hash };
}
