import {
  constantTimeEqual,
  type PasswordHasher,
  parsePhc,
  preparePassword,
  toBase64,
} from "./password-hasher.js";

/** Options of {@link pbkdf2PasswordHasher}. */
export interface Pbkdf2Options {
  /** HMAC-SHA-256 iterations for new hashes. Default 600000 (OWASP's figure for PBKDF2-SHA256). */
  readonly iterations?: number;
}

const ID = "pbkdf2-sha256";
const encoder = new TextEncoder();

async function derive(clearText: string, salt: Uint8Array, iterations: number, bytes: number) {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(preparePassword(clearText)),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

/**
 * PBKDF2-HMAC-SHA-256 through Web Crypto: runs wherever `crypto.subtle` does (Node, Workers,
 * Deno, Bun), for runtimes without scrypt. Encodes as `$pbkdf2-sha256$i=600000$<salt>$<hash>`.
 *
 * @example
 * createScimServer({ passwordHasher: pbkdf2PasswordHasher() });
 */
export function pbkdf2PasswordHasher(options: Pbkdf2Options = {}): PasswordHasher {
  const iterations = options.iterations ?? 600_000;
  return {
    async hash(clearText) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const hash = await derive(clearText, salt, iterations, 32);
      return `$${ID}$i=${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
    },
    async verify(clearText, encoded) {
      const parsed = parsePhc(encoded);
      const rounds = Number(parsed?.params.get("i"));
      if (!parsed || parsed.id !== ID || !Number.isSafeInteger(rounds) || rounds < 1) return false;
      return constantTimeEqual(await derive(clearText, parsed.salt, rounds, parsed.hash.length), parsed.hash);
    },
  };
}
