/** The server README's Configuration listing, with every option set, so it type-checks and runs. */
import { createDefaultRegistry } from "@scimkit/core";
import { createScimServer, MemoryStore, type RequestOutcome, scryptPasswordHasher } from "@scimkit/server";
import { bearerAuthentication, staticTokenVerifier } from "@scimkit/server/auth";

const token = "configuration-readme-token"; // e.g. from the environment
const registry = createDefaultRegistry();
const store = new MemoryStore({ registry });
/** What the hooks below reported, for the test. */
export const reported: { outcomes: RequestOutcome[]; changes: string[] } = { outcomes: [], changes: [] };
const log = {
  info: (outcome: RequestOutcome) => {
    reported.outcomes.push(outcome);
  },
};
const audit = {
  write: (event: { action: string }) => {
    reported.changes.push(event.action);
  },
};

// #region readme
const scim = createScimServer({
  registry, // default createDefaultRegistry(): User (+ Enterprise User) and Group
  store, // default new MemoryStore({ registry })
  limits: {
    maxResults: 1000,
    defaultPageSize: 100,
    bulkMaxOperations: 1000,
    bulkMaxPayloadSize: 1_048_576,
    maxBodyBytes: 1_048_576,
    filterMaxLength: 4096,
    filterMaxDepth: 32,
  },
  interop: "strict", // or ["entra"], { disable: ["booleanStrings"] }; default entra + okta
  unknownAttributes: "reject", // or "ignore"
  passwords: "hash", // or "reject" (400 invalidValue) or "drop"; see "Passwords" below
  passwordHasher: scryptPasswordHasher({ logCost: 15 }), // default: scrypt on Node, else PBKDF2
  patchResponse: { groups: "noContent", others: "resource" }, // the default; see "PATCH answers" below
  basePath: "/scim/v2", // only needed by the Fetch adapter
  authenticate: bearerAuthentication({ verifiers: [staticTokenVerifier({ token, tenantId: "acme" })] }), // or (request, ctx) => …, throwing AuthenticationError for 401
  onResponse: (outcome) => log.info(outcome), // request id, method, path, status, duration, tenant, actor
  resolveTenant: (_request, ctx) => ctx.tenantId, // after authenticate: its tenantId, else "default"
  onChange: (event) => audit.write(event), // after each successful write
  logger: console,
});

// #endregion readme

export { scim };
