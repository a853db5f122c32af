import type { BearerTokenVerifier, VerifiedCredential } from "./bearer-token-verifier.js";
import type { Credential } from "./credential.js";
import type { CredentialStore } from "./credential-store.js";
import { InvalidTokenError } from "./token-errors.js";
import { tokenIdOf, tokenMatchesHash } from "./token-secret.js";

/** Options of {@link storedTokenVerifier}. */
export interface StoredTokenVerifierOptions {
  readonly store: CredentialStore;
  /**
   * How long a looked-up credential is reused before the store is asked again, in milliseconds
   * (default 2000). A revocation reaches every process within this time; keep it well under 5 s.
   * 0 asks the store on every request.
   */
  readonly cacheTtlMs?: number;
  /** Write `lastUsedAt` at most once per this many milliseconds per token (default 60000). */
  readonly touchIntervalMs?: number;
  /** Where failures of the background `lastUsedAt` write go (default: ignored). */
  readonly onTouchError?: (error: unknown) => void;
  /** The clock, for tests. */
  readonly now?: () => number;
}

interface CacheEntry {
  readonly credential: Credential | undefined;
  readonly fetchedAt: number;
}

const MAX_CACHE_ENTRIES = 10_000;

/**
 * Verifies the tokens `issueToken` makes (`scimkit_<id>_<secret>`): finds the credential by id,
 * compares the token's SHA-256 with the stored hash in constant time, then checks revocation and
 * expiry. Lookups are cached for `cacheTtlMs` (unknown ids too, so a flood of made-up ids costs no
 * more than one query per id and interval).
 *
 * @example
 * const authenticate = bearerAuthentication({ verifiers: [storedTokenVerifier({ store: credentials })] });
 */
export function storedTokenVerifier(options: StoredTokenVerifierOptions): BearerTokenVerifier {
  const { store } = options;
  const cacheTtlMs = Math.max(0, options.cacheTtlMs ?? 2000);
  const touchIntervalMs = Math.max(0, options.touchIntervalMs ?? 60_000);
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const lastTouched = new Map<string, number>();

  async function lookup(id: string, at: number): Promise<Credential | undefined> {
    const cached = cache.get(id);
    if (cached && at - cached.fetchedAt < cacheTtlMs) return cached.credential;
    const credential = await store.findById(id);
    if (cacheTtlMs > 0) {
      if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
      cache.set(id, { credential, fetchedAt: at });
    }
    return credential;
  }

  function touch(id: string, at: number): void {
    const last = lastTouched.get(id);
    if (last !== undefined && at - last < touchIntervalMs) return;
    if (lastTouched.size >= MAX_CACHE_ENTRIES) lastTouched.clear();
    lastTouched.set(id, at);
    // Not awaited: the request does not wait for bookkeeping, and a failed write only loses a timestamp.
    store.touch(id, new Date(at).toISOString()).catch((error: unknown) => options.onTouchError?.(error));
  }

  return {
    claims: (token) => tokenIdOf(token) !== undefined,
    async verify(token): Promise<VerifiedCredential> {
      const id = tokenIdOf(token);
      if (id === undefined) throw new InvalidTokenError("not an issued token");
      const at = now();
      const credential = await lookup(id, at);
      // Same answer for an unknown id and a wrong secret: the id alone proves nothing.
      if (!credential || !tokenMatchesHash(token, credential.secretHash))
        throw new InvalidTokenError("unknown token");
      if (credential.revokedAt !== undefined) throw new InvalidTokenError("the token was revoked");
      if (credential.expiresAt !== undefined && Date.parse(credential.expiresAt) <= at)
        throw new InvalidTokenError("the token has expired");
      touch(id, at);
      return { principal: credential.id, tenantId: credential.tenantId, scope: credential.scope };
    },
  };
}
