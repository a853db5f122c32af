import { DEFAULT_TENANT, type RequestContext, type ResourceStore } from "@scimkit/server";
import { AuditLog } from "@scimkit/server/audit";
import { type CredentialStore, issueToken, summarizeCredential } from "@scimkit/server/auth";
import { RoleMapping } from "@scimkit/server/roles";
import express, { type Request, type Response, type Router } from "express";
import type { Accounts } from "../../accounts/accounts.js";
import type { AppConfig } from "../../config/app-config.js";
import type { ConnectionStore } from "../../connections/connection-status.js";
import type { AdminCredential } from "../admin-credential.js";
import {
  type AdminSession,
  AdminSessions,
  cookieValue,
  SESSION_COOKIE,
  SESSION_LIFETIME_SECONDS,
} from "./admin-session.js";
import { type ActivityView, dashboardPage, type GroupView, type TenantSummary } from "./dashboard-view.js";
import type { SafeHtml } from "./html.js";
import { loginPage } from "./login-view.js";
import { recentActivity } from "./recent-activity.js";
import type { SessionRevocations } from "./session-revocations.js";
import { type NewSecret, tenantPage } from "./tenant-view.js";

/** What the admin pages read and change. */
export interface AdminPagesParts {
  /** `ADMIN_TOKEN`: checks bearer tokens and the login form, and keys the session cookies. */
  readonly adminToken: string;
  readonly credential: AdminCredential;
  readonly accounts: Accounts;
  /** The SCIM store: groups and the audit journal. */
  readonly store: ResourceStore;
  /** Where the tenants' SCIM tokens live (created, rotated and revoked on the connection page). */
  readonly credentials: CredentialStore;
  readonly connections: ConnectionStore;
  /** Logged-out sessions, on the app's database so every server process refuses their cookies. */
  readonly sessionRevocations: SessionRevocations;
  readonly appConfig: AppConfig;
  /** The SCIM mount path, e.g. `/scim/v2`. */
  readonly basePath: string;
}

/** Who is looking: a bearer-token client, or a browser with a session cookie (whose POSTs need the CSRF token). */
type Viewer = { readonly kind: "bearer" } | { readonly kind: "session"; readonly session: AdminSession };

/** A tenant in a URL: one printable word, as the admin API accepts. */
const TENANT = /^[\x21-\x7e]{1,200}$/;
/** A tenant created on the page: a plain name that reads well in URLs and logs. */
const NEW_TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const USERS_SHOWN = 200;
const GROUPS_SHOWN = 200;
const ACTIVITY_SHOWN = 50;

/** Headers on every admin page: no scripts at all, no framing, nothing cached or leaked in a Referer. */
function securityHeaders(_req: Request, res: Response, next: () => void) {
  res.set({
    "Content-Security-Policy":
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
  });
  next();
}

const send = (res: Response, status: number, page: SafeHtml) =>
  res.status(status).type("html").send(page.text);

function contextFor(tenant: string): RequestContext {
  return { tenantId: tenant, baseUrl: "", attributes: new Map() };
}

const formField = (req: Request, name: string): string | undefined => {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
};

/** The label of a journal resource: the userName or displayName it was written with, else its id. */
function labelOf(changes: readonly { path: string; before: unknown; after: unknown }[], id: string): string {
  const named = changes.find((change) => change.path === "userName" || change.path === "displayName");
  const name = named?.after ?? named?.before;
  return typeof name === "string" && name !== "" ? name : id;
}

/**
 * `/admin`: the server-rendered admin page (users, groups, role mapping, activity) and each tenant's
 * connection page (endpoint, tokens, IdP steps, connection status). Accepts
 * `Authorization: Bearer <ADMIN_TOKEN>` or the session cookie set by the login form. Form POSTs from a
 * cookie session need the session's CSRF token; the cookie is also `SameSite=Strict`. Logging out
 * revokes the session in `parts.sessionRevocations`, so a copy of its cookie is refused too.
 */
export function adminPages(parts: AdminPagesParts): Router {
  const router = express.Router();
  const sessions = new AdminSessions(parts.adminToken, parts.sessionRevocations);
  const audit = new AuditLog(parts.store);
  const roleMapping = new RoleMapping(parts.appConfig.roles);
  router.use(securityHeaders);
  router.use(express.urlencoded({ extended: false, limit: "8kb", parameterLimit: 20 }));

  const unauthorized = (res: Response, message?: string) => {
    res.set("WWW-Authenticate", 'Bearer realm="admin"');
    send(res, 401, loginPage(message));
  };

  /** The viewer of an authenticated request; otherwise answers 401 (or 403 for a bad CSRF token). */
  async function viewerOf(req: Request, res: Response): Promise<Viewer | undefined> {
    if (req.get("authorization") !== undefined) {
      if (parts.credential.accepts(req)) return { kind: "bearer" };
      unauthorized(res, "The Authorization header does not carry the admin token.");
      return undefined;
    }
    const session = await sessions.verify(cookieValue(req.get("cookie"), SESSION_COOKIE));
    if (!session) {
      unauthorized(res);
      return undefined;
    }
    if (req.method === "POST" && !sessions.checkCsrf(session, formField(req, "_csrf"))) {
      res
        .status(403)
        .type("text")
        .send("The form's CSRF token is missing or does not match your session; reload the page.");
      return undefined;
    }
    return { kind: "session", session };
  }

  const frameOf = (viewer: Viewer) =>
    viewer.kind === "session" ? { csrfToken: sessions.csrfToken(viewer.session) } : {};

  function tenantParam(req: Request, res: Response): string | undefined {
    const tenant = req.params.tenant;
    if (typeof tenant === "string" && TENANT.test(tenant)) return tenant;
    res.status(400).type("text").send("A tenant is one printable word without spaces.");
    return undefined;
  }

  router.get("/login", (_req, res) => send(res, 200, loginPage()));

  router.post("/login", (req, res) => {
    const token = formField(req, "token") ?? "";
    if (!parts.credential.matches(token)) return unauthorized(res, "That is not the admin token.");
    const { cookieValue: value } = sessions.create();
    const attributes = [
      `${SESSION_COOKIE}=${value}`,
      "Path=/admin",
      "HttpOnly",
      "SameSite=Strict",
      `Max-Age=${SESSION_LIFETIME_SECONDS}`,
      ...(req.secure ? ["Secure"] : []),
    ];
    res.set("Set-Cookie", attributes.join("; "));
    res.redirect(303, "/admin");
  });

  router.post("/logout", async (req, res) => {
    const viewer = await viewerOf(req, res);
    if (!viewer) return;
    // Revoked before the cookie is cleared: if the database fails, the answer is an error rather
    // than a logout that a copied cookie would survive.
    if (viewer.kind === "session") await sessions.revoke(viewer.session);
    res.set("Set-Cookie", `${SESSION_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.redirect(303, "/admin/login");
  });

  router.get("/", async (req, res) => {
    const viewer = await viewerOf(req, res);
    if (!viewer) return;
    const tenantQuery = typeof req.query.tenant === "string" ? req.query.tenant : DEFAULT_TENANT;
    if (!TENANT.test(tenantQuery))
      return res.status(400).type("text").send("A tenant is one printable word.");
    const search = typeof req.query.q === "string" ? req.query.q.trim().slice(0, 200) : "";
    const tenant = tenantQuery;
    const [tenants, accounts, groups, activity] = await Promise.all([
      tenantSummaries(tenant),
      parts.accounts.list(tenant, { count: USERS_SHOWN, ...(search ? { prefix: search } : {}) }),
      groupViews(tenant),
      activityViews(tenant),
    ]);
    send(
      res,
      200,
      dashboardPage(frameOf(viewer), {
        tenants,
        tenant,
        search,
        columns: Object.keys(parts.appConfig.accounts.columns),
        accounts,
        groups,
        roleConfig: parts.appConfig.roles,
        activity,
      }),
    );
  });

  // The "new tenant" form: a tenant exists once it has a token, so this only opens its page.
  router.get("/tenants", async (req, res) => {
    if (!(await viewerOf(req, res))) return;
    const tenant = typeof req.query.tenant === "string" ? req.query.tenant.trim() : "";
    if (!NEW_TENANT.test(tenant))
      return res
        .status(400)
        .type("text")
        .send("A tenant name is 1–63 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    res.redirect(303, `/admin/tenants/${encodeURIComponent(tenant)}`);
  });

  router.get("/tenants/:tenant", async (req, res) => {
    const viewer = await viewerOf(req, res);
    if (!viewer) return;
    const tenant = tenantParam(req, res);
    if (tenant === undefined) return;
    const revoked = typeof req.query.revoked === "string" ? req.query.revoked.slice(0, 100) : undefined;
    await renderTenant(req, res, viewer, tenant, {
      ...(revoked
        ? { notice: `Token ${revoked} is revoked. Requests that use it get 401 within a few seconds.` }
        : {}),
    });
  });

  router.post("/tenants/:tenant/tokens", async (req, res) => {
    const viewer = await viewerOf(req, res);
    if (!viewer) return;
    const tenant = tenantParam(req, res);
    if (tenant === undefined) return;
    const name = (formField(req, "name") ?? "").trim().slice(0, 100);
    const scope = formField(req, "scope") === "read" ? "read" : "write";
    const issued = await issueToken(parts.credentials, {
      tenantId: tenant,
      scope,
      ...(name ? { name } : {}),
    });
    await renderTenant(req, res, viewer, tenant, { newSecret: issued });
  });

  router.post("/tenants/:tenant/tokens/:id/rotate", async (req, res) => {
    const viewer = await viewerOf(req, res);
    if (!viewer) return;
    const tenant = tenantParam(req, res);
    if (tenant === undefined) return;
    const old = await parts.credentials.findById(String(req.params.id));
    if (!old || old.tenantId !== tenant)
      return res.status(404).type("text").send("No such token in this tenant.");
    if (old.revokedAt !== undefined)
      return res.status(409).type("text").send("The token is revoked; create a new one instead.");
    // Rotation keeps the old token working until it is revoked, so the IdP never loses access.
    const issued = await issueToken(parts.credentials, {
      tenantId: tenant,
      scope: old.scope,
      ...(old.name !== undefined ? { name: old.name } : {}),
    });
    await renderTenant(req, res, viewer, tenant, { newSecret: { ...issued, replaces: old.id } });
  });

  router.post("/tenants/:tenant/tokens/:id/revoke", async (req, res) => {
    const viewer = await viewerOf(req, res);
    if (!viewer) return;
    const tenant = tenantParam(req, res);
    if (tenant === undefined) return;
    const credential = await parts.credentials.findById(String(req.params.id));
    if (!credential || credential.tenantId !== tenant)
      return res.status(404).type("text").send("No such token in this tenant.");
    await parts.credentials.revoke(credential.id, new Date().toISOString());
    res.redirect(
      303,
      `/admin/tenants/${encodeURIComponent(tenant)}?revoked=${encodeURIComponent(credential.id)}#tokens`,
    );
  });

  async function renderTenant(
    req: Request,
    res: Response,
    viewer: Viewer,
    tenant: string,
    extra: { newSecret?: NewSecret; notice?: string },
  ) {
    const [connection, tokens] = await Promise.all([
      parts.connections.get(tenant),
      parts.credentials.list({ tenantId: tenant }),
    ]);
    send(
      res,
      200,
      tenantPage(frameOf(viewer), {
        tenant,
        endpointUrl: `${req.protocol}://${req.get("host") ?? "localhost"}${parts.basePath}`,
        connection,
        tokens: tokens.map(summarizeCredential),
        columns: parts.appConfig.accounts.columns,
        now: new Date(),
        ...extra,
      }),
    );
  }

  async function tenantSummaries(current: string): Promise<TenantSummary[]> {
    const [credentials, connected] = await Promise.all([
      parts.credentials.list(),
      parts.connections.tenants(),
    ]);
    const now = Date.now();
    const names = new Set([DEFAULT_TENANT, current, ...connected, ...credentials.map((c) => c.tenantId)]);
    return Promise.all(
      [...names].sort().map(async (tenant) => ({
        tenant,
        connection: await parts.connections.get(tenant),
        activeTokens: credentials.filter(
          (c) =>
            c.tenantId === tenant &&
            c.revokedAt === undefined &&
            (c.expiresAt === undefined || Date.parse(c.expiresAt) > now),
        ).length,
      })),
    );
  }

  async function groupViews(tenant: string): Promise<GroupView[]> {
    const ctx = contextFor(tenant);
    const page = await parts.store.list(ctx, "Group", {
      sort: { by: { attribute: "displayName" }, order: "ascending" },
      count: GROUPS_SHOWN,
      withMembers: true,
    });
    const userNames = new Map<string, string>();
    const userNameOf = async (id: string) => {
      let name = userNames.get(id);
      if (name === undefined) {
        const user = await parts.store.get(ctx, "User", id, { withMembers: false });
        name = typeof user?.data.userName === "string" ? user.data.userName : id;
        userNames.set(id, name);
      }
      return name;
    };
    return Promise.all(
      page.resources.map(async (group) => {
        const displayName = typeof group.data.displayName === "string" ? group.data.displayName : "";
        const externalId = typeof group.data.externalId === "string" ? group.data.externalId : null;
        const members = Array.isArray(group.data.members) ? group.data.members : [];
        const labels: string[] = [];
        for (const member of members) {
          const value = (member as { value?: unknown }).value;
          if (typeof value === "string") labels.push(await userNameOf(value));
        }
        return {
          id: group.id,
          displayName,
          externalId,
          members: labels.sort(),
          roles: roleMapping.rolesOfGroup({
            displayName,
            ...(externalId !== null ? { externalId } : {}),
          }),
        };
      }),
    );
  }

  async function activityViews(tenant: string): Promise<ActivityView[]> {
    const events = await recentActivity(audit, tenant, ACTIVITY_SHOWN);
    return events.map((event) => ({
      time: event.time,
      action: event.action,
      resourceType: event.resourceType,
      resource: labelOf(event.changes, event.resourceId),
      changedPaths: event.changes.map((change) => change.path),
      requestId: event.requestId,
      actor: event.actor,
    }));
  }

  return router;
}
