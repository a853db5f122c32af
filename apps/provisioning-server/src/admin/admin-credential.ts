import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Checks `Authorization: Bearer <ADMIN_TOKEN>`. Both sides are hashed first so the comparison is
 * constant-time whatever the length of what the client sent.
 */
export class AdminCredential {
  readonly #digest: Buffer;

  constructor(adminToken: string) {
    this.#digest = digest(adminToken);
  }

  /** Whether `token` is the admin token. */
  matches(token: string): boolean {
    return timingSafeEqual(digest(token), this.#digest);
  }

  /** Whether the request carries the admin token as a bearer token. */
  accepts(req: Request): boolean {
    const match = /^Bearer ([\x21-\x7e]+)$/i.exec(req.get("authorization") ?? "");
    return match?.[1] !== undefined && this.matches(match[1]);
  }

  /** Express middleware: 401 (JSON) unless the request carries the admin token. */
  requireBearer() {
    return (req: Request, res: Response, next: NextFunction) => {
      if (this.accepts(req)) return next();
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="admin"')
        .set("Cache-Control", "no-store")
        .json({ error: "unauthorized", message: "send Authorization: Bearer <ADMIN_TOKEN>" });
    };
  }
}
