/** The server README's authentication example: a static token and issued tokens over SQLite. */
// #region readme
import { createScimServer } from "@scimkit/server";
import {
  bearerAuthentication,
  describeAuthenticationSchemes,
  issueToken,
  SqliteCredentialStore,
  staticTokenVerifier,
  storedTokenVerifier,
} from "@scimkit/server/auth";
import { SqliteStore } from "@scimkit/server/sqlite";

const staticToken = process.env.SCIM_TOKEN;
if (!staticToken) throw new Error("set SCIM_TOKEN to the bearer token of tenant default");
const store = new SqliteStore({ filename: process.env.DATABASE_FILE ?? "scim.db" }); // its migrations create scim_credentials
const credentials = new SqliteCredentialStore(store.database);
const scim = createScimServer({
  store,
  authenticate: bearerAuthentication({
    verifiers: [
      staticTokenVerifier({ token: staticToken, tenantId: "default" }),
      storedTokenVerifier({ store: credentials, cacheTtlMs: 2000 }),
    ],
  }),
  authenticationSchemes: describeAuthenticationSchemes({ bearerTokens: true }),
});

// Issue (the secret is returned once), rotate (issue another, move clients, revoke the old one):
const { token, credential } = await issueToken(credentials, {
  tenantId: "acme",
  scope: "read",
  expiresInSeconds: 86_400,
});
await credentials.revoke(credential.id, new Date().toISOString());

// #endregion readme

export { credentials, scim, store, token };
