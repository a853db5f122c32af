/**
 * A SCIM endpoint for Fetch runtimes (Workers, Deno, Bun, Next.js route handlers): web-standard
 * `Request` in, `Response` out, and only web APIs in the request path, so it bundles for any of them.
 */
// #region readme
import { AuthenticationError, createScimServer, MemoryStore } from "@scimkit/server";
import { toFetchHandler } from "@scimkit/server/fetch";

/** SHA-256 digests compared in full, so the time taken reveals neither the token nor its length. */
async function sameToken(given: string, expectedDigest: Uint8Array): Promise<boolean> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(given)));
  let difference = 0;
  for (let i = 0; i < digest.length; i++) difference |= digest[i]! ^ expectedDigest[i]!;
  return difference === 0;
}

export async function createScimFetchHandler(token: string) {
  const expected = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
  const scim = createScimServer({
    basePath: "/scim/v2",
    store: new MemoryStore(), // swap in a store over your database
    authenticate: async (request) => {
      const header = request.headers.get("authorization") ?? "";
      const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
      if (!(await sameToken(given, expected))) {
        throw new AuthenticationError("a valid bearer token is required", 'Bearer realm="scim"');
      }
      return { principal: "provisioning" };
    },
  });
  return toFetchHandler(scim);
}

// A Workers-style module: `export default { fetch }`, with the token from the environment binding.
export default {
  async fetch(request: Request, env: { SCIM_TOKEN: string }): Promise<Response> {
    const handler = await createScimFetchHandler(env.SCIM_TOKEN);
    return handler(request);
  },
};
// #endregion readme
