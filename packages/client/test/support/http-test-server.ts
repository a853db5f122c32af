import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the test server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/scim/v2/Users?count=10`. */
  url: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

/** What a scripted handler answers. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string. */
  body?: unknown;
  /** Close the socket without answering (a network error for the client). */
  destroy?: boolean;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
}

export interface HttpTestServer {
  /** `http://127.0.0.1:<port>/scim/v2`. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1:0 whose answers a test scripts, for behaviour the server kit
 * cannot be made to show on demand (429 with Retry-After, 503 storms, proxies' HTML errors).
 */
export async function startHttpTestServer(
  handler: (request: RecordedRequest, index: number) => ScriptedResponse | Promise<ScriptedResponse>,
): Promise<HttpTestServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    const answer = await handler(recorded, requests.length - 1);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.destroy) {
      req.socket.destroy();
      return;
    }
    const body =
      answer.body === undefined
        ? ""
        : typeof answer.body === "string"
          ? answer.body
          : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(typeof answer.body === "string" ? {} : { "content-type": "application/scim+json" }),
      ...answer.headers,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** An RFC 7644 §3.12 error body. */
export function scimError(status: number, scimType: string | undefined, detail: string): ScriptedResponse {
  return {
    status,
    body: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: String(status),
      ...(scimType ? { scimType } : {}),
      detail,
    },
  };
}
