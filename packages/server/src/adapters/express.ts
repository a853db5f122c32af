/**
 * The Express 5 adapter: `scimRouter(server)` mounts a SCIM server at any path.
 *
 * @module @scimkit/server/express
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { ScimError } from "@scimkit/core";
import type {
  ErrorRequestHandler,
  Request as ExpressRequest,
  Response as ExpressResponse,
  NextFunction,
  RequestHandler,
} from "express";
import type { ScimLogger } from "../config.js";
import type { RequestContext } from "../context.js";
import { toScimError } from "../http/error-mapping.js";
import { REQUEST_ID_HEADER, requestIdOf } from "../http/request-id.js";
import {
  errorResponse,
  isBodyless,
  methodNotAllowed,
  SCIM_CONTENT_TYPE,
  type ScimResponse,
} from "../http/scim-response.js";
import type { ScimServer } from "../server.js";
import { NodeHeaders } from "./node/lazy-headers.js";
import { lazyBodilessRequest } from "./node/lazy-request.js";
import { requestUrlOf } from "./node/request-url.js";
import { discardUnreadBody, type UnreadBodyLimits } from "./node/unread-body.js";

export { answerClientError, answerConnect } from "./node/client-error.js";
export type { UnreadBodyLimits } from "./node/unread-body.js";

/** Options of {@link scimRouter}. */
export interface ScimRouterOptions {
  /** Adds to the request context (tenant, principal); `baseUrl` defaults to the mount URL. */
  readonly context?: (req: ExpressRequest) => Partial<RequestContext> | Promise<Partial<RequestContext>>;
  /**
   * How much of a body the answer did not need (a 413, a 401 before reading) is still read and
   * thrown away so the client can read the answer; see {@link UnreadBodyLimits}.
   */
  readonly unreadBody?: UnreadBodyLimits;
}

/** The methods a SCIM service answers (RFC 7644 §3.2); the `Allow` of a 405 for any other. */
const SCIM_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Methods a web `Request` cannot carry (the Fetch standard forbids them): they can never reach the
 * core, so the adapter answers them itself. Node hands CONNECT to the server's `connect` event.
 */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

const BODYLESS = new Set(["GET", "HEAD"]);

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
 * `maxBodyBytes` caps how much of the body is buffered. A request whose target or `Host` cannot
 * form a URL is a 400 `ScimError` (see `requestUrlOf`).
 */
export async function toWebRequest(
  req: ExpressRequest,
  maxBodyBytes = Number.POSITIVE_INFINITY,
  url: URL = requestUrlOf(req, req.protocol, req.originalUrl),
): Promise<Request> {
  // Copied now: undici reads a Headers object's list directly when it builds the Request.
  const headers = new NodeHeaders(req.headers).materialize();
  const body = await bodyOf(req, headers, maxBodyBytes);
  const init: RequestInit = { method: req.method, headers };
  if (body !== undefined) init.body = body;
  return new Request(url, init);
}

/**
 * Writes the core's plain response straight to Node: no web `Response` in between. When the answer
 * goes out before the request body was read to its end, the rest is drained within bounds so the
 * client can read the answer (see {@link discardUnreadBody}).
 */
function send(
  response: ScimResponse,
  req: IncomingMessage,
  res: ServerResponse,
  limits?: UnreadBodyLimits,
): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (isBodyless(response)) res.end();
  else {
    res.setHeader("Content-Type", SCIM_CONTENT_TYPE);
    res.end(JSON.stringify(response.body));
  }
  discardUnreadBody(req, limits);
}

/** The SCIM error answer the adapter gives itself (before the core or instead of it), with a request id. */
function adapterError(req: IncomingMessage, error: ScimError | ScimResponse): ScimResponse {
  const response = error instanceof ScimError ? errorResponse(error) : error;
  let requestId: string;
  try {
    requestId = requestIdOf(new Headers({ [REQUEST_ID_HEADER]: String(req.headers["x-request-id"] ?? "") }));
  } catch {
    requestId = requestIdOf(new Headers());
  }
  return { ...response, headers: { ...response.headers, [REQUEST_ID_HEADER]: requestId } };
}

/**
 * Whether the client went away before its request was read (an aborted upload): nobody is left to
 * answer, and it is no server fault, so nothing is logged as an error.
 */
function clientAborted(req: IncomingMessage, error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    req.destroyed || code === "ECONNRESET" || code === "ECONNABORTED" || code === "ERR_STREAM_PREMATURE_CLOSE"
  );
}

/**
 * An Express 5 handler serving a SCIM server; mount it at any path with `app.use(path, …)` or a
 * router's `use`.
 *
 * @example
 * const app = express();
 * app.use("/scim/v2", scimRouter(createScimServer({ store: new MemoryStore() })));
 */
export function scimRouter(server: ScimServer, options: ScimRouterOptions = {}): RequestHandler {
  // A plain handler, not a nested `Router`: mounted with `app.use(path, …)` Express still sets
  // `req.baseUrl`, and a second router layer per request cost more than the core's routing.
  return async (req: ExpressRequest, res: ExpressResponse) => {
    const reply = (response: ScimResponse) => send(response, req, res, options.unreadBody);
    try {
      const checked = checkedUrlOf(req, req.protocol, req.originalUrl);
      if (!(checked instanceof URL)) {
        reply(checked);
        return;
      }
      const url = checked;
      const extra = options.context ? await options.context(req) : {};
      const baseUrl = `${url.origin}${req.baseUrl}`;
      const { maxBodyBytes, bulkMaxPayloadSize } = server.runtime.limits;
      // GET and HEAD carry no body: the core gets a Request whose undici object is built only if
      // something beyond method, URL and headers is read (most of a GET's cost otherwise), and
      // headers that read Node's parsed ones until more than get/has is asked (see NodeHeaders).
      const request = BODYLESS.has(req.method)
        ? lazyBodilessRequest(req.method, url, new NodeHeaders(req.headers))
        : await toWebRequest(req, Math.max(maxBodyBytes, bulkMaxPayloadSize), url);
      reply(await server.handle(request, { baseUrl, ...extra }));
    } catch (error) {
      if (clientAborted(req, error)) {
        server.runtime.logger.info?.("the client closed the connection before its request was read", {
          method: req.method,
        });
        return;
      }
      // Answered here, never handed to Express's default handler (an HTML page with a stack).
      const where = `${req.method} ${req.originalUrl.split("?")[0]}`;
      reply(adapterError(req, toScimError(error, server.runtime.logger, where)));
    }
  };
}

/**
 * The answer to a request no route may see: a method a web `Request` cannot carry (405), or a
 * request target and `Host` that form no URL (400). `undefined` for a well-formed request.
 */
function rejectionOf(req: IncomingMessage, protocol: string, target: string): ScimResponse | undefined {
  const checked = checkedUrlOf(req, protocol, target);
  return checked instanceof URL ? undefined : checked;
}

/** The URL a well-formed request names, or the answer to one no route may see (see {@link rejectionOf}). */
function checkedUrlOf(req: IncomingMessage, protocol: string, target: string): URL | ScimResponse {
  const method = (req.method ?? "").toUpperCase();
  if (FORBIDDEN_METHODS.has(method)) return adapterError(req, methodNotAllowed(method, SCIM_METHODS));
  try {
    return requestUrlOf(req, protocol, target);
  } catch (error) {
    if (ScimError.is(error)) return adapterError(req, error);
    throw error;
  }
}

/** A Node request listener: what `http.createServer` takes, and what an Express app is. */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Wraps the request listener of a Node server that serves SCIM (typically the Express app) so that
 * a request whose `Host` or request target is malformed (RFC 9110 §7.2, RFC 9112 §3.2) is a SCIM
 * 400, and TRACE/TRACK a SCIM 405, whatever path it names and before anything else runs. Express
 * cannot do this itself: a target it cannot parse skips every middleware and gets its HTML 404.
 * `scimRouter` checks the same on its own, for apps that only mount it.
 *
 * @example
 * const app = express();
 * app.use("/scim/v2", scimRouter(server));
 * http.createServer(scimRequestGuard(app)).listen(8080);
 */
export function scimRequestGuard(
  listener: NodeRequestListener,
  options: Pick<ScimRouterOptions, "unreadBody"> = {},
): NodeRequestListener {
  return (req, res) => {
    const protocol = (req.socket as TLSSocket).encrypted ? "https" : "http";
    const rejected = rejectionOf(req, protocol, req.url ?? "");
    if (rejected) send(rejected, req, res, options.unreadBody);
    else listener(req, res);
  };
}

/**
 * The last handler of an Express app serving SCIM: anything no route answered is a SCIM 404
 * (RFC 7644 §3.12), or a 405 when the method is not one SCIM uses. Mount it after everything else.
 *
 * @example
 * app.use("/scim/v2", scimRouter(server));
 * app.use(scimNotFound());
 * app.use(scimErrorHandler());
 */
export function scimNotFound(options: Pick<ScimRouterOptions, "unreadBody"> = {}): RequestHandler {
  return (req, res) => {
    const method = req.method.toUpperCase();
    const answer = (SCIM_METHODS as readonly string[]).includes(method)
      ? errorResponse(ScimError.notFound(`no SCIM endpoint at "${req.path}"`))
      : methodNotAllowed(method, SCIM_METHODS);
    send(adapterError(req, answer), req, res, options.unreadBody);
  };
}

/**
 * An Express error handler that answers SCIM error JSON instead of Express's HTML page with a stack:
 * a client error another middleware reports (`status` 4xx, e.g. `express.json()`'s 400 or 413) keeps
 * its status with a generic detail; anything else is logged and answered 500 "internal server
 * error". An aborted upload is answered nothing and logged without a stack.
 */
export function scimErrorHandler(
  options: { readonly logger?: ScimLogger } & Pick<ScimRouterOptions, "unreadBody"> = {},
): ErrorRequestHandler {
  const logger = options.logger ?? console;
  return (error: unknown, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    if (clientAborted(req, error)) {
      logger.info?.("the client closed the connection before its request was read", { method: req.method });
      return;
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const status = Number((error as { status?: unknown } | null)?.status);
    const scimError =
      Number.isInteger(status) && status >= 400 && status < 500
        ? new ScimError(
            status,
            status === 400 ? "invalidSyntax" : undefined,
            `the request was rejected (${status})`,
          )
        : toScimError(error, logger, `${req.method} ${req.path}`);
    send(adapterError(req, scimError), req, res, options.unreadBody);
  };
}
