/** The server README's rate-limit example: a per-credential limit counted in the SQLite file. */
// #region readme
import { createScimServer } from "@scimkit/server";
import { bearerAuthentication, staticTokenVerifier } from "@scimkit/server/auth";
import { SqliteRateLimiter } from "@scimkit/server/rate-limit";
import { SqliteStore } from "@scimkit/server/sqlite";

const token = process.env.SCIM_TOKEN;
if (!token) throw new Error("set SCIM_TOKEN to the bearer token of tenant default");
const store = new SqliteStore({ filename: process.env.DATABASE_FILE ?? "scim.db" }); // its migrations create scim_rate_limits
const scim = createScimServer({
  store,
  authenticate: bearerAuthentication({ verifiers: [staticTokenVerifier({ token, tenantId: "default" })] }),
  // Requests per credential and minute, counted in the database: shared by every process using it.
  rateLimit: {
    limiter: new SqliteRateLimiter(store.database, {
      limit: Number(process.env.RATE_LIMIT_PER_MINUTE ?? 600),
    }),
  },
});

// #endregion readme

export { scim, store };
