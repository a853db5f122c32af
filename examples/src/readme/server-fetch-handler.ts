/** The server README's Fetch handler: one module exporting the handler for Bun, Workers and Next.js. */
import { AuthenticationError } from "@scimkit/server";

/** Stands in for your token check; the Fetch example (examples/src/fetch-server.ts) compares digests. */
async function verifyBearerToken(request: Request) {
  if (request.headers.get("authorization") !== "Bearer fetch-readme-token") {
    throw new AuthenticationError("a valid bearer token is required", 'Bearer realm="scim"');
  }
  return { principal: "provisioning" };
}

// #region readme
import { createScimServer, MemoryStore } from "@scimkit/server";
import { toFetchHandler } from "@scimkit/server/fetch";

const scim = createScimServer({
  basePath: "/scim/v2",
  store: new MemoryStore(), // or your store
  authenticate: verifyBearerToken, // throws AuthenticationError (401) unless the request's token is valid
});
export default { fetch: toFetchHandler(scim) }; // Bun, Workers
// Next.js app/scim/v2/[...path]/route.ts
export const GET = toFetchHandler(scim),
  POST = GET,
  PUT = GET,
  PATCH = GET,
  DELETE = GET;
// #endregion readme
