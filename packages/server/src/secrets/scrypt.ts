import type * as NodeCrypto from "node:crypto";
import { type PasswordHasher, parsePhc, preparePassword, toBase64 } from "./password-hasher.js";

/** Options of {@link scryptPasswordHasher}; the defaults are one of OWASP's scrypt settings. */
export interface ScryptOptions {
  /** log2 of the CPU/memory cost N for new hashes. Default 15 (N = 32768, 32 MiB with r = 8). */
  readonly logCost?: number;
  /** Block size r. Default 8. */
  readonly blockSize?: number;
  /** Parallelisation p. Default 3. */
  readonly parallelism?: number;
}

const ID = "scrypt";

/**
 * `node:crypto` from the running runtime, found without an `import` statement so that bundles of
 * the portable entry points (e.g. for Workers) never reference it. Undefined where it is missing.
 */
export function nodeCrypto(): typeof NodeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = runtime?.getBuiltinModule?.("node:crypto") as typeof NodeCrypto | undefined;
  return typeof crypto?.scrypt === "function" ? crypto : undefined;
}

function derive(
  crypto: typeof NodeCrypto,
  clearText: string,
  salt: Uint8Array,
  bytes: number,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above scrypt's 128·N·r working set, which Node's 32 MiB default only just covers.
    const params = { ...cost, maxmem: 256 * cost.N * cost.r };
    crypto.scrypt(preparePassword(clearText), salt, bytes, params, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function encode(ln: number, r: number, p: number, salt: Uint8Array, hash: Uint8Array): string {
  return `$${ID}$ln=${ln},r=${r},p=${p}$${toBase64(salt)}$${toBase64(hash)}`;
}

/**
 * {@link scryptPasswordHasher}'s `hash`, blocking: for store migrations that run inside a
 * synchronous transaction (SQLite) and hash the secrets stored before hashing existed.
 */
export function scryptHashSync(clearText: string, options: ScryptOptions = {}): string {
  const crypto = nodeCrypto();
  if (!crypto) throw new Error("scryptHashSync needs node:crypto");
  const { ln, r, p } = costOf(options);
  const salt = crypto.randomBytes(16);
  const N = 2 ** ln;
  const hash = crypto.scryptSync(preparePassword(clearText), salt, 32, { N, r, p, maxmem: 256 * N * r });
  return encode(ln, r, p, salt, hash);
}

function costOf(options: ScryptOptions) {
  return { ln: options.logCost ?? 15, r: options.blockSize ?? 8, p: options.parallelism ?? 3 };
}

/**
 * scrypt (RFC 7914) from `node:crypto`, memory-hard and run off the event loop. Encodes as
 * `$scrypt$ln=15,r=8,p=3$<salt>$<hash>`; {@link PasswordHasher.verify} reads the parameters from
 * the stored string, so raising them later keeps old hashes verifiable.
 *
 * @throws {Error} when the runtime has no `node:crypto` scrypt (use `pbkdf2PasswordHasher` there).
 * @example
 * createScimServer({ passwordHasher: scryptPasswordHasher({ logCost: 16 }) });
 */
export function scryptPasswordHasher(options: ScryptOptions = {}): PasswordHasher {
  const crypto = nodeCrypto();
  if (!crypto) throw new Error("scryptPasswordHasher needs node:crypto; use pbkdf2PasswordHasher here");
  const { ln, r, p } = costOf(options);
  return {
    async hash(clearText) {
      const salt = crypto.randomBytes(16);
      return encode(ln, r, p, salt, await derive(crypto, clearText, salt, 32, { N: 2 ** ln, r, p }));
    },
    async verify(clearText, encoded) {
      const parsed = parsePhc(encoded);
      if (!parsed || parsed.id !== ID) return false;
      const [storedLn, storedR, storedP] = ["ln", "r", "p"].map((key) => Number(parsed.params.get(key)));
      const valid = [storedLn, storedR, storedP].every((n) => Number.isSafeInteger(n) && n! > 0);
      if (!valid || storedLn! > 24) return false;
      const actual = await derive(crypto, clearText, parsed.salt, parsed.hash.length, {
        N: 2 ** storedLn!,
        r: storedR!,
        p: storedP!,
      });
      return crypto.timingSafeEqual(actual, parsed.hash);
    },
  };
}
