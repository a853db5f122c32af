import type { RequestContext } from "../context.js";

/** A request as route handlers see it: routed, with its context, and its body read on demand. */
export interface RouteRequest {
  readonly method: string;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  readonly ctx: RequestContext;
  /** Reads and parses the JSON body (413/415/400 errors are thrown from here). */
  readonly body: () => Promise<unknown>;
}
