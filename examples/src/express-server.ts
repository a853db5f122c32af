/** A SCIM endpoint on Express 5 over SQLite that serves only requests carrying the bearer token. */
// #region readme
import { createScimServer } from "@scimkit/server";
import { bearerAuthentication, staticTokenVerifier } from "@scimkit/server/auth";
import { scimRouter } from "@scimkit/server/express";
import { SqliteStore } from "@scimkit/server/sqlite";
import express, { type Express } from "express";

export function createScimApp(options: { token: string; databaseFile: string }): Express {
  const scim = createScimServer({
    store: new SqliteStore({ filename: options.databaseFile }),
    // Requests without `Authorization: Bearer <token>` get 401; the token is kept as a SHA-256 digest.
    authenticate: bearerAuthentication({
      verifiers: [staticTokenVerifier({ token: options.token, tenantId: "default" })],
    }),
  });
  return express().use("/scim/v2", scimRouter(scim));
}
// #endregion readme
