import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import {
  createScimServer,
  type ResourceStore,
  type ScimServer,
  type ScimServerConfig,
} from "@scimkit/server";
import { scimErrorHandler, scimNotFound, scimRouter } from "@scimkit/server/express";
import express, { type Express } from "express";
import type { Accounts } from "./accounts/accounts.js";
import type { SessionStore } from "./accounts/sessions.js";
import type { AdminCredential } from "./admin/admin-credential.js";
import { adminApi } from "./admin/api.js";
import { type AdminPagesParts, adminPages } from "./admin/pages/router.js";
import type { ProvisioningConfig } from "./config.js";
import type { ConnectionMonitor } from "./connections/connection-monitor.js";

/** What the app is built from. */
export interface AppParts {
  readonly config: Pick<ProvisioningConfig, "basePath">;
  readonly store: ResourceStore;
  readonly registry?: SchemaRegistry;
  /** Authentication, `/ServiceProviderConfig` schemes and the other server hooks. */
  readonly server: Pick<
    ScimServerConfig,
    "authenticate" | "authenticationSchemes" | "onResponse" | "logger" | "rateLimit"
  >;
  /** The admin API and page, present only when `ADMIN_TOKEN` is set (else `/api/*` and `/admin` are 404). */
  readonly admin?: {
    readonly credential: AdminCredential;
    readonly accounts: Accounts;
    readonly sessions: SessionStore;
    /** The store whose change journal feeds `/api/events`. */
    readonly journalStore: ResourceStore;
    /**
     * The `/admin` pages: the admin token (for the login form), tokens, connection status, logged-out
     * sessions, app config.
     */
    readonly pages: Pick<
      AdminPagesParts,
      "adminToken" | "credentials" | "connections" | "sessionRevocations" | "appConfig"
    >;
  };
  /** Records each tenant's last IdP request and last SCIM error for the connection page. */
  readonly connectionMonitor?: ConnectionMonitor;
}

/** How long `/readyz` waits for the database before it says "not ready". */
const READINESS_TIMEOUT_MS = 2_000;

const NOT_READY = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
  status: "503",
  detail: "the database is not reachable",
};

/** Whether the store's database answers within {@link READINESS_TIMEOUT_MS} (stores without `ping` always do). */
async function databaseAnswers(store: ResourceStore): Promise<boolean> {
  if (!store.ping) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([store.ping().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Express app: `/healthz` (process) and `/readyz` (database) without auth, the SCIM service at
 * `/scim/v2` behind bearer authentication, and with `ADMIN_TOKEN` the admin API under `/api` and
 * the admin pages under `/admin`.
 */
export function createApp(parts: AppParts): { app: Express; scim: ScimServer } {
  const registry = parts.registry ?? createDefaultRegistry();
  const monitor = parts.connectionMonitor;
  const givenOnResponse = parts.server.onResponse;
  const onResponse =
    monitor && givenOnResponse
      ? (outcome: Parameters<typeof givenOnResponse>[0]) => {
          givenOnResponse(outcome);
          monitor.onResponse(outcome);
        }
      : (monitor?.onResponse ?? givenOnResponse);
  const scim = createScimServer({
    registry,
    store: parts.store,
    ...parts.server,
    ...(onResponse ? { onResponse } : {}),
  });
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const ready = await databaseAnswers(parts.store);
    res.status(ready ? 200 : 503).json(ready ? { status: "ready" } : NOT_READY);
  });
  app.use(parts.config.basePath, scimRouter(monitor ? monitor.watch(scim) : scim));
  if (parts.admin) {
    const { credential, accounts, sessions, journalStore, pages } = parts.admin;
    app.use("/api", adminApi({ credential, accounts, sessions, store: journalStore }));
    app.use(
      "/admin",
      adminPages({ ...pages, credential, accounts, store: journalStore, basePath: parts.config.basePath }),
    );
  }
  // Every other answer is SCIM error JSON too: 404/405 outside the mount, and no HTML error page.
  app.use(scimNotFound());
  app.use(scimErrorHandler({ logger: scim.runtime.logger }));
  return { app, scim };
}
