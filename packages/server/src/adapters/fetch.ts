/**
 * The Fetch adapter: a SCIM server as a `(Request) => Promise<Response>` handler for Workers,
 * Deno, Bun and Next.js route handlers. Uses web APIs only.
 *
 * @module @scimkit/server/fetch
 */
import type { RequestContext } from "../context.js";
import type { ScimServer } from "../server.js";

/** Options of {@link toFetchHandler}. */
export interface FetchHandlerOptions {
  /**
   * Derives the request context: e.g. the public `baseUrl` behind a proxy, or the tenant.
   * By default the server uses the request's origin plus `config.basePath`.
   */
  readonly context?: (request: Request) => Partial<RequestContext> | Promise<Partial<RequestContext>>;
}

/** A web-standard handler: Hono, Next.js route handlers, Bun.serve, Deno.serve, Workers. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Exposes a SCIM server as a Fetch handler.
 *
 * @example
 * const server = createScimServer({ basePath: "/scim/v2" });
 * Bun.serve({ fetch: toFetchHandler(server) });
 * // Next.js app/scim/v2/[...path]/route.ts:
 * export const GET = toFetchHandler(server), POST = GET, PUT = GET, PATCH = GET, DELETE = GET;
 */
export function toFetchHandler(server: ScimServer, options: FetchHandlerOptions = {}): FetchHandler {
  return async (request) => server.fetch(request, options.context ? await options.context(request) : {});
}
