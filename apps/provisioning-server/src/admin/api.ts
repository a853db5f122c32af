import { DEFAULT_TENANT, type ResourceStore } from "@scimkit/server";
import { EventFeed, InvalidCursorError } from "@scimkit/server/events";
import express, { type Request, type Response, type Router } from "express";
import type { Accounts } from "../accounts/accounts.js";
import type { SessionStore } from "../accounts/sessions.js";
import type { AdminCredential } from "./admin-credential.js";

/** What the admin API reads. */
export interface AdminApiParts {
  readonly credential: AdminCredential;
  readonly accounts: Accounts;
  readonly sessions: SessionStore;
  /** The store with the change journal (identity events). */
  readonly store: ResourceStore;
}

const TENANT = /^[\x21-\x7e]{1,200}$/;

function tenantOf(req: Request, res: Response): string | undefined {
  const value = req.query.tenant;
  if (value === undefined) return DEFAULT_TENANT;
  if (typeof value === "string" && TENANT.test(value)) return value;
  res.status(400).json({ error: "invalid_tenant", message: "tenant must be one printable word" });
  return undefined;
}

function singleQuery(req: Request, name: string): string | undefined | null {
  const value = req.query[name];
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : null;
}

const notFound = (res: Response, what: string) => res.status(404).json({ error: "not_found", message: what });

/**
 * `/api`: accounts with their columns, roles and permissions, their sessions, and the identity
 * event feed. Every route needs the admin credential.
 */
export function adminApi(parts: AdminApiParts): Router {
  const router = express.Router();
  const feed = new EventFeed(parts.store);
  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  router.use(parts.credential.requireBearer());

  router.get("/accounts", async (req, res) => {
    const tenant = tenantOf(req, res);
    if (tenant === undefined) return;
    const userName = singleQuery(req, "userName");
    if (userName === undefined || userName === null || userName === "")
      return res.status(400).json({ error: "invalid_request", message: "give ?userName=<userName>" });
    const account = await parts.accounts.findByUserName(tenant, userName);
    if (!account) return notFound(res, `no account with userName ${JSON.stringify(userName)}`);
    res.json(account);
  });

  router.get("/accounts/:id", async (req, res) => {
    const tenant = tenantOf(req, res);
    if (tenant === undefined) return;
    const account = await parts.accounts.get(tenant, req.params.id as string);
    if (!account) return notFound(res, "no such account (never created, or deleted)");
    res.json(account);
  });

  router.get("/accounts/:id/sessions", async (req, res) => {
    const tenant = tenantOf(req, res);
    if (tenant === undefined) return;
    res.json({ sessions: await parts.sessions.list(tenant, req.params.id as string) });
  });

  // Opens a session as the app's login would; tests use it to check that offboarding ends sessions.
  router.post("/accounts/:id/sessions", async (req, res) => {
    const tenant = tenantOf(req, res);
    if (tenant === undefined) return;
    const account = await parts.accounts.get(tenant, req.params.id as string);
    if (!account) return notFound(res, "no such account (never created, or deleted)");
    if (!account.active)
      return res.status(409).json({ error: "inactive", message: "the account is inactive" });
    res.status(201).json(await parts.sessions.start(tenant, account.id));
  });

  router.get("/events", async (req, res) => {
    const after = singleQuery(req, "after");
    const limitText = singleQuery(req, "limit");
    const tenant = singleQuery(req, "tenant");
    if (after === null || limitText === null || tenant === null)
      return res
        .status(400)
        .json({ error: "invalid_request", message: "after, limit and tenant are single values" });
    if (limitText !== undefined && !/^\d{1,4}$/.test(limitText))
      return res
        .status(400)
        .json({ error: "invalid_request", message: "limit must be a whole number 1–1000" });
    try {
      const page = await feed.list({
        ...(after !== undefined ? { after } : {}),
        ...(tenant !== undefined ? { tenant } : {}),
        ...(limitText !== undefined ? { limit: Number(limitText) } : {}),
      });
      res.json(page);
    } catch (error) {
      if (error instanceof InvalidCursorError)
        return res.status(400).json({ error: "invalid_cursor", message: error.message });
      throw error;
    }
  });

  router.use((_req, res) => notFound(res, "no such admin API route"));
  return router;
}
