import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createDefaultRegistry } from "@scimkit/core";
import { AuditLog, startAuditRetention } from "@scimkit/server/audit";
import { answerClientError, answerConnect, scimRequestGuard } from "@scimkit/server/express";
import { createRoles, RoleMapping, rolesChangedDeriver } from "@scimkit/server/roles";
import { Accounts } from "./accounts/accounts.js";
import { offboardingStore } from "./accounts/offboarding.js";
import { AdminCredential } from "./admin/admin-credential.js";
import { createApp } from "./app.js";
import { createAuthentication } from "./authentication.js";
import { loadAppConfig } from "./config/app-config.js";
import { type ProvisioningConfig, redactedDatabaseUrl } from "./config.js";
import { ConnectionMonitor } from "./connections/connection-monitor.js";
import { createRequestLog, type RequestLog } from "./request-log.js";
import { openStores } from "./store-factory.js";

/** A running provisioning server. */
export interface RunningProvisioningServer {
  /** The SCIM base URL, e.g. `http://localhost:8080/scim/v2`. */
  readonly url: string;
  /**
   * Graceful stop: stops accepting connections at once, lets the requests in flight finish (for at
   * most `graceMs`, default the configured `SHUTDOWN_GRACE_MS`), then closes the remaining
   * connections and the database. Resolves with the number of requests cut off by the grace limit.
   */
  close(graceMs?: number): Promise<{ readonly abandoned: number }>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The setting that chose the database, for start-up messages (never with a password). */
function databaseSetting(config: ProvisioningConfig): string {
  switch (config.store) {
    case "memory":
      return "STORE=memory";
    case "sqlite":
      return `DATABASE_FILE ${JSON.stringify(config.databaseFile)}`;
    case "postgres": {
      const schema = config.databaseSchema
        ? ` (DATABASE_SCHEMA ${JSON.stringify(config.databaseSchema)})`
        : "";
      return `DATABASE_URL ${redactedDatabaseUrl(config.databaseUrl ?? "")}${schema}`;
    }
  }
}

/**
 * Opens the store and listens. Logs the SCIM URL, and the bearer token only when it was
 * generated (a configured token is never logged).
 */
export async function startProvisioningServer(
  config: ProvisioningConfig,
  log: (line: string) => void = console.log,
  requestLog: RequestLog = createRequestLog(),
): Promise<RunningProvisioningServer> {
  const registry = createDefaultRegistry();
  // Checked before anything opens: a bad SCIMKIT_CONFIG stops the start with the key it names.
  const appConfig = loadAppConfig(config.appConfigFile, registry);
  // account.roles_changed is derived in each write's transaction, so it commits with the change.
  const stores = await openStores(config, registry, appConfig.accounts.columns, {
    derive: [rolesChangedDeriver(new RoleMapping(appConfig.roles))],
  }).catch((error: unknown) => {
    throw new Error(`${databaseSetting(config)}: cannot open the database: ${messageOf(error)}`, {
      cause: error,
    });
  });
  const roles = createRoles({ store: stores.store, config: appConfig.roles });
  const accounts = new Accounts({
    store: stores.store,
    roles,
    columns: stores.accountColumns,
  });
  const oidcVerifiers = [];
  if (config.oidc) {
    // Loaded only when configured: jose is needed for OIDC alone.
    const { oidcTokenVerifier } = await import("@scimkit/server/auth/oidc");
    oidcVerifiers.push(
      oidcTokenVerifier({
        issuer: config.oidc.issuer,
        audience: config.oidc.audience,
        tenantClaim: config.oidc.tenantClaim,
        readScope: config.oidc.readScope,
        writeScope: config.oidc.writeScope,
        ...(config.oidc.jwksUri ? { jwksUri: config.oidc.jwksUri } : {}),
      }),
    );
  }
  const { authenticate, schemes } = createAuthentication(
    config,
    stores.credentials,
    oidcVerifiers,
    config.oidc?.issuer,
  );
  const { app } = createApp({
    config,
    // SCIM writes go through the offboarding store: deactivating or deleting ends sessions.
    store: offboardingStore(stores.store, stores.sessions),
    registry,
    server: {
      authenticate,
      authenticationSchemes: schemes,
      // JSON request lines on stdout (request id, tenant, actor, status, duration; never a secret).
      onResponse: requestLog.onResponse,
      logger: requestLog.logger,
      // RATE_LIMIT_PER_MINUTE: per credential, counted in the database so every process shares it.
      ...(config.rateLimitPerMinute !== undefined
        ? { rateLimit: { limiter: stores.rateLimiter(config.rateLimitPerMinute) } }
        : {}),
    },
    connectionMonitor: new ConnectionMonitor({
      store: stores.connections,
      credentials: stores.credentials,
      onError: (error) =>
        requestLog.logger.error("recording the IdP connection status failed", {
          error: error instanceof Error ? error.message : String(error),
        }),
    }),
    ...(config.adminToken
      ? {
          admin: {
            credential: new AdminCredential(config.adminToken),
            accounts,
            sessions: stores.sessions,
            journalStore: stores.store,
            pages: {
              adminToken: config.adminToken,
              credentials: stores.credentials,
              connections: stores.connections,
              sessionRevocations: stores.adminSessionRevocations,
              appConfig,
            },
          },
        }
      : {}),
  });
  // 64 KiB of headers leaves room for long filters and JWTs; beyond it the client gets a SCIM 431.
  // A missing Host is answered by the SCIM adapter (a SCIM 400), not by Node's empty 400.
  // scimRequestGuard: a malformed Host or request target is a SCIM 400 (TRACE a 405) on every path.
  const server = createServer({ maxHeaderSize: 64 * 1024, requireHostHeader: false }, scimRequestGuard(app));
  server.on("clientError", answerClientError);
  server.on("connect", answerConnect);
  // Responses not finished yet: on shutdown they still complete, each closing its connection after.
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  // Prepended so it sees each response before the app can finish it.
  server.prependListener("request", (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
    if (closing) res.shouldKeepAlive = false;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await stores.close();
    throw new Error(
      `cannot listen on HOST ${JSON.stringify(config.host)} PORT ${config.port}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  // AUDIT_RETENTION_DAYS: prune now and hourly; several processes pruning at once is harmless.
  const retention =
    config.auditRetentionDays !== undefined && stores.store.journal
      ? startAuditRetention(new AuditLog(stores.store), {
          retainMs: config.auditRetentionDays * 86_400_000,
          onPrune: (result) => {
            if ("error" in result)
              requestLog.logger.error("audit retention failed", {
                error: result.error instanceof Error ? result.error.message : String(result.error),
              });
            else if (result.removed > 0)
              requestLog.logger.info?.("audit retention", { removed: result.removed });
          },
        })
      : undefined;
  const { port } = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${host}:${port}${config.basePath}`;
  log(`SCIM endpoint: ${url} (store: ${config.store})`);
  if (config.tokenGenerated)
    log(`SCIM_TOKEN is not set; generated bearer token of tenant "default" (shown once): ${config.token}`);
  return {
    url,
    close: async (graceMs = config.shutdownGraceMs) => {
      closing = true;
      // A keep-alive client must not send its next request on a connection about to close.
      for (const res of inFlight) res.shouldKeepAlive = false;
      let abandoned = 0;
      await new Promise<void>((resolve) => {
        // close() stops listening now (new connections are refused) and calls back once every
        // connection has ended; idle keep-alive connections end at once.
        server.close(() => resolve());
        server.closeIdleConnections();
        const timer = setTimeout(() => {
          abandoned = inFlight.size;
          server.closeAllConnections();
        }, graceMs);
        server.once("close", () => clearTimeout(timer));
      });
      if (abandoned > 0) log(`shutdown: the grace period ended with ${abandoned} request(s) unfinished`);
      retention?.stop();
      await stores.close();
      return { abandoned };
    },
  };
}
