import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import {
  createScimServer,
  type ResourceStore,
  type ScimServer,
  type ScimServerConfig,
} from "@scimkit/server";
import { scimErrorHandler, scimNotFound, scimRouter } from "@scimkit/server/express";
import express, { type Express } from "express";
import type { ProvisioningConfig } from "./config.js";

/** What the app is built from. */
export interface AppParts {
  readonly config: Pick<ProvisioningConfig, "basePath">;
  readonly store: ResourceStore;
  readonly registry?: SchemaRegistry;
  /** Authentication, `/ServiceProviderConfig` schemes and the other server hooks. */
  readonly server: Pick<ScimServerConfig, "authenticate" | "authenticationSchemes" | "onResponse" | "logger">;
}

/** The Express app: `/healthz` without auth, the SCIM service at `/scim/v2` behind bearer authentication. */
export function createApp(parts: AppParts): { app: Express; scim: ScimServer } {
  const registry = parts.registry ?? createDefaultRegistry();
  const scim = createScimServer({ registry, store: parts.store, ...parts.server });
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.use(parts.config.basePath, scimRouter(scim));
  // Every other answer is SCIM error JSON too: 404/405 outside the mount, and no HTML error page.
  app.use(scimNotFound());
  app.use(scimErrorHandler({ logger: scim.runtime.logger }));
  return { app, scim };
}
