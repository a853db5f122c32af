/** The server README's Quick start, as a script: `SCIM_TOKEN=… node server-quick-start.ts`. */
// #region readme
import { createScimServer, MemoryStore } from "@scimkit/server";
import { bearerAuthentication, staticTokenVerifier } from "@scimkit/server/auth";
import { scimRouter } from "@scimkit/server/express";
import express from "express";

const token = process.env.SCIM_TOKEN; // the secret your identity provider sends
if (!token) throw new Error("set SCIM_TOKEN to the bearer token clients must send");

const scim = createScimServer({
  store: new MemoryStore(), // SqliteStore or PostgresStore keep the data (see "Stores")
  // Requests without `Authorization: Bearer <SCIM_TOKEN>` get 401 (RFC 6750 §3).
  authenticate: bearerAuthentication({
    verifiers: [staticTokenVerifier({ token, tenantId: "default" })],
  }),
});
const app = express();
app.use("/scim/v2", scimRouter(scim)); // any mount path works; Location and $ref follow it
app.listen(Number(process.env.PORT ?? 8080));
// #endregion readme
