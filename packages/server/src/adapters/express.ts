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
 * Reads a Node request body into memory, refusing to buffer more than `cap` bytes: past it reading
 * stops (the stream is paused, not destroyed, so the 413 the core then answers still reaches the
 * client). Buffering here avoids a web stream per request, which Node 20 makes costly.
 */
function readNodeBody(req: ExpressRequest, cap: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = () => {
      req.off("data", onData).off("end", finish).off("error", onError);
      resolve(new Uint8Array(Buffer.concat(chunks)));
    };
    const onError = (error: Error) => {
      req.off("data", onData).off("end", finish).off("error", onError);
      reject(error);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      total += bytes.length;
      if (total > cap) {
        req.pause();
        finish();
      }
    };
    req.on("data", onData).on("end", finish).on("error", onError);
  });
}

/** The body for the core. When a body parser (e.g. `express.json()`) ran first, its value is re-serialised. */
async function bodyOf(req: ExpressRequest, headers: Headers, cap: number): Promise<BodyInit | undefined> {
  if (BODYLESS.has(req.method)) return undefined;
  if (req.body !== undefined && req.readableEnded) {
    headers.delete("content-length");
    if (typeof req.body === "string") return req.body;
    return Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : JSON.stringify(req.body);
  }
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  // Over the cap by its own declaration: leave the body unread, the core answers 413 from the header.
  if (Number.isFinite(declared) && declared > cap) return undefined;
  return readNodeBody(req, cap);
}

/**
 * Converts an Express request to a web `Request`. The query string stays in the URL and the core
 * parses it into its own typed object: Express 5's `req.query` is a getter that is never read here.
 * `maxBodyBytes` caps how much of the body is buffered.
 */
export async function toWebRequest(
  req: ExpressRequest,
  maxBodyBytes = Number.POSITIVE_INFINITY,
): Promise<Request> {
  const origin = `${req.protocol}://${req.get("host") ?? "localhost"}`;
  const headers = headersOf(req);
  const body = await bodyOf(req, headers, maxBodyBytes);
  const init: RequestInit = { method: req.method, headers };
  if (body !== undefined) init.body = body;
  return new Request(`${origin}${req.originalUrl}`, init);
}

/** Writes the core's plain response straight to Node: no web `Response` in between. */
function send(response: ScimResponse, res: ExpressResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  // The rest of an oversized body is never read: close instead of draining it for keep-alive.
  if (response.status === 413) res.setHeader("Connection", "close");
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
      const { maxBodyBytes, bulkMaxPayloadSize } = server.runtime.limits;
      const request = await toWebRequest(req, Math.max(maxBodyBytes, bulkMaxPayloadSize));
      send(await server.handle(request, { baseUrl, ...extra }), res);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
