/**
 * The admin page's logged-out sessions (the `admin_session_revocations` table on SQLite and
 * PostgreSQL). The session cookies are signed and stateless, so logging out must be recorded
 * somewhere every server process reads: a copied cookie would otherwise keep working until it
 * expires. A revocation is kept until the session's own expiry, after which the cookie is refused
 * anyway and the row is purged.
 *
 * The session id stored here is no credential on its own: a cookie also needs the MAC keyed by
 * `ADMIN_TOKEN`. It still never goes into logs or error messages.
 */
export interface SessionRevocations {
  /**
   * Records that session `sessionId` (expiring at `expiresAt`, Unix seconds) was logged out, and
   * purges the revocations of sessions that expired by `now` (Unix seconds). Revoking twice is harmless.
   */
  revoke(sessionId: string, expiresAt: number, now: number): Promise<void>;
  /** Whether session `sessionId` was logged out (and its revocation not purged yet). */
  isRevoked(sessionId: string): Promise<boolean>;
}

/** Revocations kept in memory (`STORE=memory`, where there is only one process). */
export class MemorySessionRevocations implements SessionRevocations {
  /** Session id → expiry (Unix seconds). */
  readonly #expiries = new Map<string, number>();

  async revoke(sessionId: string, expiresAt: number, now: number): Promise<void> {
    for (const [id, expiry] of this.#expiries) if (expiry <= now) this.#expiries.delete(id);
    this.#expiries.set(sessionId, expiresAt);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return this.#expiries.has(sessionId);
  }
}
