import type { AccessScope } from "../context.js";
import type { CredentialSummary } from "./credential.js";
import { summarizeCredential } from "./credential.js";
import type { CredentialStore } from "./credential-store.js";
import { generateToken } from "./token-secret.js";

/** What to issue. */
export interface IssueTokenOptions {
  readonly tenantId: string;
  readonly name?: string;
  /** Default `write` (read and write). */
  readonly scope?: AccessScope;
  /** Lifetime in seconds; unset means the token never expires (revoke it instead). */
  readonly expiresInSeconds?: number;
  /** The clock, for tests. */
  readonly now?: () => Date;
}

/** A new token: the secret (shown once) and what was stored. */
export interface IssuedToken {
  /** The bearer token. Not stored anywhere: hand it to the client now. */
  readonly token: string;
  readonly credential: CredentialSummary;
}

/**
 * Issues a bearer token for a tenant: generates it, stores its hash and returns the secret once.
 * Rotation is issuing a second token, moving clients to it, then revoking the first: both work in
 * between.
 *
 * @example
 * const { token, credential } = await issueToken(credentials, { tenantId: "acme", scope: "read" });
 */
export async function issueToken(store: CredentialStore, options: IssueTokenOptions): Promise<IssuedToken> {
  const now = options.now?.() ?? new Date();
  const { id, token, secretHash } = generateToken();
  const expiresInSeconds = options.expiresInSeconds;
  if (expiresInSeconds !== undefined && !(Number.isFinite(expiresInSeconds) && expiresInSeconds > 0)) {
    throw new RangeError(`expiresInSeconds must be a positive number, got ${expiresInSeconds}`);
  }
  const credential = {
    id,
    tenantId: options.tenantId,
    scope: options.scope ?? "write",
    secretHash,
    createdAt: now.toISOString(),
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(expiresInSeconds !== undefined
      ? { expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString() }
      : {}),
  } as const;
  await store.insert(credential);
  return { token, credential: summarizeCredential(credential) };
}
