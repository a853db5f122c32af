import { createDefaultRegistry, type SchemaRegistry } from "@scimkit/core";
import { createScimServer, type ResourceStore, type ScimServer } from "@scimkit/server";
import { scimRouter } from "@scimkit/server/express";
import express, { type Express } from "express";
import { bearerTokenAuth } from "./bearer-auth.js";
import type { ProvisioningConfig } from "./config.js";

/** The Express app: `/healthz` without auth, the SCIM service at `/scim/v2` behind the bearer token. */
export function createApp(
  config: Pick<ProvisioningConfig, "token" | "basePath">,
  store: ResourceStore,
  registry: SchemaRegistry = createDefaultRegistry(),
): { app: Express; scim: ScimServer } {
  const scim = createScimServer({ registry, store, authenticate: bearerTokenAuth(config.token) });
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.use(config.basePath, scimRouter(scim));
  return { app, scim };
}
