import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  type Request as ExpressRequest,
  type Response as ExpressResponse,
  type NextFunction,
  Router,
} from "express";
import type { RequestContext } from "../context.js";
import { isBodyless, SCIM_CONTENT_TYPE, type ScimResponse } from "../http/scim-response.js";
import type { ScimServer } from "../server.js";

/** Options of {@link scimRouter}. */
export interface ScimRouterOptions {
  /** Adds to the request context (tenant, principal); `baseUrl` defaults to the mount URL. */
  readonly context?: (req: ExpressRequest) => Partial<RequestContext> | Promise<Partial<RequestContext>>;
}

const BODYLESS = new Set(["GET", "HEAD"]);

function headersOf(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/**
 * The body as the core reads it: a stream, so the core's size limit stops reading early. When a
 * body parser ran before this router (e.g. `express.json()`), its parsed value is re-serialised.
 */
function bodyOf(req: ExpressRequest, headers: Headers): BodyInit | undefined {
  if (BODYLESS.has(req.method)) return undefined;
  if (req.body !== undefined && req.readableEnded) {
    headers.delete("content-length");
    if (typeof req.body === "string") return req.body;
    return Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : JSON.stringify(req.body);
  }
  return Readable.toWeb(req) as unknown as ReadableStream<Uint8Array> & NodeReadableStream<Uint8Array>;
}

/**
 * Converts an Express request to a web `Request`. The query string stays in the URL and the core
 * parses it into its own typed object: Express 5's `req.query` is a getter that is never read here.
 */
export function toWebRequest(req: ExpressRequest): Request {
  const origin = `${req.protocol}://${req.get("host") ?? "localhost"}`;
  const headers = headersOf(req);
  const body = bodyOf(req, headers);
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers };
  if (body !== undefined) {
    init.body = body;
    init.duplex = "half";
  }
  return new Request(`${origin}${req.originalUrl}`, init);
}

/** Writes the core's plain response straight to Node: no web `Response` in between. */
function send(response: ScimResponse, res: ExpressResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (isBodyless(response)) {
    res.end();
    return;
  }
  res.setHeader("Content-Type", SCIM_CONTENT_TYPE);
  res.end(JSON.stringify(response.body));
}

/**
 * An Express 5 router serving a SCIM server; mount it at any path.
 *
 * @example
 * const app = express();
 * app.use("/scim/v2", scimRouter(createScimServer({ store: new MemoryStore() })));
 */
export function scimRouter(server: ScimServer, options: ScimRouterOptions = {}): Router {
  const router = Router();
  router.use(async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const extra = options.context ? await options.context(req) : {};
      const baseUrl = `${req.protocol}://${req.get("host") ?? "localhost"}${req.baseUrl}`;
      send(await server.handle(toWebRequest(req), { baseUrl, ...extra }), res);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
