// The server kit as a Workers-style module would use it: the Fetch handler over the memory store,
// bearer authentication, no Node built-ins (this file is bundled for a neutral platform).
import { AuthenticationError, createScimServer, MemoryStore } from "@scimkit/server";
import { toFetchHandler } from "@scimkit/server/fetch";

const scim = createScimServer({
  basePath: "/scim/v2",
  store: new MemoryStore(),
  authenticate: (request) => {
    if (request.headers.get("authorization") !== `Bearer ${globalThis.SCIM_TOKEN}`) {
      throw new AuthenticationError("a valid bearer token is required");
    }
    return { principal: "worker" };
  },
});
globalThis.scimWorker = { fetch: toFetchHandler(scim) };
