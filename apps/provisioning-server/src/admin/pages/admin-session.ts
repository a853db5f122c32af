import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

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
 * Signed, stateless session cookies for the admin page: `v1.<id>.<expires>.<HMAC-SHA256>`, keyed
 * by a key derived from `ADMIN_TOKEN`, so changing the token ends every session and no session
 * table is needed across processes. Logging out clears the cookie; the value stays valid until it
 * expires, which is why the lifetime is short.
 */
export class AdminSessions {
  readonly #key: Buffer;
  readonly #now: () => number;

  constructor(adminToken: string, now: () => number = () => Date.now()) {
    // A derived key: the cookie's MAC never uses the admin token itself as the key.
    this.#key = createHmac("sha256", adminToken).update("scimkit admin page session v1").digest();
    this.#now = now;
  }

  /** A new session and its cookie value. */
  create(): { session: AdminSession; cookieValue: string } {
    const session = {
      id: randomBytes(18).toString("base64url"),
      expiresAt: Math.floor(this.#now() / 1000) + SESSION_LIFETIME_SECONDS,
    };
    const payload = `v1.${session.id}.${session.expiresAt}`;
    return { session, cookieValue: `${payload}.${this.#mac(payload)}` };
  }

  /** The session of a cookie value when its MAC matches (constant time) and it has not expired. */
  verify(cookieValue: string | undefined): AdminSession | undefined {
    const match = /^(v1\.([A-Za-z0-9_-]{24})\.(\d{1,12}))\.([A-Za-z0-9_-]{43})$/.exec(cookieValue ?? "");
    if (!match) return undefined;
    const [, payload = "", id = "", expiresText = "", mac = ""] = match;
    if (!sameText(mac, this.#mac(payload))) return undefined;
    const expiresAt = Number(expiresText);
    return expiresAt * 1000 > this.#now() ? { id, expiresAt } : undefined;
  }

  /** The CSRF token of a session: every form carries it, and a POST without it is refused. */
  csrfToken(session: AdminSession): string {
    return this.#mac(`csrf.${session.id}`);
  }

  /** Whether `given` is the CSRF token of `session` (constant time). */
  checkCsrf(session: AdminSession, given: unknown): boolean {
    return typeof given === "string" && sameText(given, this.csrfToken(session));
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
