/**
 * One SCIM instance over PostgreSQL; start as many as you like against the same database and
 * schema behind a load balancer. State lives only in PostgreSQL.
 */
// #region readme
import { createScimServer } from "@scimkit/server";
import { bearerAuthentication, staticTokenVerifier } from "@scimkit/server/auth";
import { scimRouter } from "@scimkit/server/express";
import { PostgresStore } from "@scimkit/server/postgres";
import express, { type Express } from "express";

export async function createPostgresScimApp(options: {
  connectionString: string;
  schema: string;
  token: string;
}): Promise<{ app: Express; close: () => Promise<void> }> {
  // Applies pending migrations first; instances starting together serialize on a lock.
  const store = await PostgresStore.open({
    connectionString: options.connectionString,
    schema: options.schema,
    maxConnections: 10, // per instance: instances × maxConnections must fit max_connections
  });
  const scim = createScimServer({
    store,
    authenticate: bearerAuthentication({
      verifiers: [staticTokenVerifier({ token: options.token, tenantId: "default" })],
    }),
  });
  return { app: express().use("/scim/v2", scimRouter(scim)), close: () => store.close() };
}
// #endregion readme
