import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const TOKEN_PREFIX = "scimkit";
/** `scimkit_<24 hex id>_<43 base64url secret>`: the id finds the row, the secret proves possession. */
const TOKEN_PATTERN = /^scimkit_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;

/** A freshly generated token and what the store keeps of it. */
export interface GeneratedToken {
  readonly id: string;
  /** The whole bearer token; shown to the caller once, never stored. */
  readonly token: string;
  readonly secretHash: string;
}

/** Generates a token: a 96-bit random id and a 256-bit random secret. */
export function generateToken(): GeneratedToken {
  const id = randomBytes(12).toString("hex");
  const token = `${TOKEN_PREFIX}_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, token, secretHash: hashToken(token) };
}

/** The id inside a token of this format, or undefined when the text is not one. */
export function tokenIdOf(token: string): string | undefined {
  return TOKEN_PATTERN.exec(token)?.[1];
}

/** Lowercase hex SHA-256 of a token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Whether `token` hashes to `secretHash`, compared in constant time: both sides are 32-byte digests,
 * so the time taken reveals neither how much matched nor the token's length.
 */
export function tokenMatchesHash(token: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, "hex");
  const actual = createHash("sha256").update(token, "utf8").digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
