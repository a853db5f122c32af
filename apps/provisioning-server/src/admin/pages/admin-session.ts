import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SessionRevocations } from "./session-revocations.js";

/** The name of the admin page's session cookie. */
export const SESSION_COOKIE = "scimkit_admin";

/** How long a login lasts. */
export const SESSION_LIFETIME_SECONDS = 8 * 60 * 60;

/** A verified session: its random id (which the CSRF token is derived from) and expiry. */
export interface AdminSession {
  readonly id: string;
  /** Unix seconds. */
  readonly expiresAt: number;
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Signed session cookies for the admin page: `v1.<id>.<expires>.<HMAC-SHA256>`, keyed by a key
 * derived from `ADMIN_TOKEN`, so changing the token ends every session. A cookie carries its own
 * expiry, so no session table is needed to accept it. Logging out
 * ({@link AdminSessions.revoke}) records the session in a {@link SessionRevocations} store on the
 * app's database, and {@link AdminSessions.verify} refuses a revoked session in every server process
 * on that database. A copied cookie therefore stops working at logout, not only when it expires.
 */
export class AdminSessions {
  readonly #key: Buffer;
  readonly #revocations: SessionRevocations;
  readonly #now: () => number;

  constructor(adminToken: string, revocations: SessionRevocations, now: () => number = () => Date.now()) {
    // A derived key: the cookie's MAC never uses the admin token itself as the key.
    this.#key = createHmac("sha256", adminToken).update("scimkit admin page session v1").digest();
    this.#revocations = revocations;
    this.#now = now;
  }

  /** A new session and its cookie value. */
  create(): { session: AdminSession; cookieValue: string } {
    const session = {
      id: randomBytes(18).toString("base64url"),
      expiresAt: this.#nowSeconds() + SESSION_LIFETIME_SECONDS,
    };
    const payload = `v1.${session.id}.${session.expiresAt}`;
    return { session, cookieValue: `${payload}.${this.#mac(payload)}` };
  }

  /**
   * The session of a cookie value when its MAC matches (constant time), it has not expired and it
   * was not logged out. Only a cookie with a valid MAC costs a look-up in the revocation store.
   */
  async verify(cookieValue: string | undefined): Promise<AdminSession | undefined> {
    const match = /^(v1\.([A-Za-z0-9_-]{24})\.(\d{1,12}))\.([A-Za-z0-9_-]{43})$/.exec(cookieValue ?? "");
    if (!match) return undefined;
    const [, payload = "", id = "", expiresText = "", mac = ""] = match;
    if (!sameText(mac, this.#mac(payload))) return undefined;
    const expiresAt = Number(expiresText);
    if (expiresAt * 1000 <= this.#now()) return undefined;
    return (await this.#revocations.isRevoked(id)) ? undefined : { id, expiresAt };
  }

  /** Logs `session` out: its cookie is refused from now on, by every process on the database. */
  async revoke(session: AdminSession): Promise<void> {
    await this.#revocations.revoke(session.id, session.expiresAt, this.#nowSeconds());
  }

  /** The CSRF token of a session: every form carries it, and a POST without it is refused. */
  csrfToken(session: AdminSession): string {
    return this.#mac(`csrf.${session.id}`);
  }

  /** Whether `given` is the CSRF token of `session` (constant time). */
  checkCsrf(session: AdminSession, given: unknown): boolean {
    return typeof given === "string" && sameText(given, this.csrfToken(session));
  }

  #nowSeconds(): number {
    return Math.floor(this.#now() / 1000);
  }

  #mac(text: string): string {
    return createHmac("sha256", this.#key).update(text).digest("base64url");
  }
}

/** The value of cookie `name` in a `Cookie` header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
