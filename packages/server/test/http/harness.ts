import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createDefaultRegistry } from "@scimkit/core";
import express from "express";
import { scimRouter } from "../../src/adapters/express.js";
import { toFetchHandler } from "../../src/adapters/fetch.js";
import type { ScimServerConfig } from "../../src/config.js";
import { createScimServer, type ScimServer } from "../../src/server.js";
import { SqliteStore } from "../../src/store/sql/sqlite/index.js";

/** The adapters every HTTP test runs against. */
export const ADAPTERS = ["express", "fetch"] as const;
export type AdapterName = (typeof ADAPTERS)[number];

/** The mount path used by the tests: the kit must work below any base path. */
export const MOUNT = "/scim/v2";

export interface RunningServer {
  /** Absolute base URL of the SCIM service, e.g. `http://127.0.0.1:1234/scim/v2`. */
  readonly baseUrl: string;
  readonly scim: ScimServer;
  close(): Promise<void>;
}

/** Serves a Fetch handler over node:http (the bridge Bun/Deno/Workers do natively). */
function serveFetch(handler: (request: Request) => Promise<Response>): Server {
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const init: RequestInit & { duplex?: "half" } = { method: req.method ?? "GET", headers };
    if (hasBody) {
      init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
      init.duplex = "half";
    }
    const response = await handler(new Request(`http://${req.headers.host}${req.url}`, init));
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
      res.setHeader(name, value);
    });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

/**
 * `SCIM_TEST_STORE=sqlite` runs the HTTP suites over an in-memory SqliteStore instead of the
 * default MemoryStore, to check the kit end to end on a SQL store.
 */
function withTestStore(config: ScimServerConfig): ScimServerConfig {
  if (config.store || process.env.SCIM_TEST_STORE !== "sqlite") return config;
  const registry = config.registry ?? createDefaultRegistry();
  return { ...config, registry, store: new SqliteStore({ filename: ":memory:", registry }) };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts a SCIM server on 127.0.0.1 (port 0) through the named adapter. */
export async function startServer(
  adapter: AdapterName,
  given: ScimServerConfig = {},
): Promise<RunningServer> {
  const logger = given.logger ?? { error: () => {} };
  const config = withTestStore(given);
  let scim: ScimServer;
  let http: Server;
  if (adapter === "express") {
    scim = createScimServer({ ...config, logger });
    const app = express();
    app.use(MOUNT, scimRouter(scim));
    http = createServer(app);
  } else {
    scim = createScimServer({ ...config, logger, basePath: MOUNT });
    http = serveFetch(toFetchHandler(scim));
  }
  const port = await listen(http);
  return {
    baseUrl: `http://127.0.0.1:${port}${MOUNT}`,
    scim,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** A parsed HTTP exchange. */
export interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  readonly body: any;
  readonly text: string;
}

/** Sends a request and parses a JSON answer. `body` objects are sent as application/scim+json. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Exchange> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers = { "Content-Type": "application/scim+json", ...headers };
  }
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
export const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

/** Creates a user and returns the response body. */
export async function createUser(baseUrl: string, userName: string, extra: Record<string, unknown> = {}) {
  const response = await call(baseUrl, "POST", "/Users", { schemas: [USER], userName, ...extra });
  if (response.status !== 201)
    throw new Error(`create user ${userName}: ${response.status} ${response.text}`);
  return response.body;
}

/** Asserts the RFC 7644 §3.12 error shape. */
export function isScimError(exchange: Exchange, status: number, scimType?: string): boolean {
  const body = exchange.body;
  return (
    exchange.status === status &&
    Array.isArray(body?.schemas) &&
    body.schemas[0] === ERROR &&
    body.status === String(status) &&
    (scimType === undefined || body.scimType === scimType) &&
    (exchange.headers.get("content-type") ?? "").startsWith("application/scim+json")
  );
}
