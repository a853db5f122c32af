import type { PasswordHasher } from "./password-hasher.js";
import { pbkdf2PasswordHasher } from "./pbkdf2.js";
import { nodeCrypto, scryptPasswordHasher } from "./scrypt.js";

/**
 * The hasher used when the configuration names none: scrypt where the runtime has `node:crypto`
 * (Node, Bun, Deno), else PBKDF2-SHA-256 through Web Crypto (e.g. Workers without Node APIs).
 */
export function defaultPasswordHasher(): PasswordHasher {
  return nodeCrypto() ? scryptPasswordHasher() : pbkdf2PasswordHasher();
}
