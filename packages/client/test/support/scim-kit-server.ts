import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createScimServer, type ScimServer, type ScimServerConfig } from "@scimkit/server";
import { toFetchHandler } from "@scimkit/server/fetch";

/** The server kit served over real HTTP on 127.0.0.1:0. */
export interface RunningScimKit {
  /** `http://127.0.0.1:<port>/scim/v2`. */
  readonly baseUrl: string;
  readonly server: ScimServer;
  /** `METHOD path?query` of every request received, in order. */
  readonly requests: string[];
  /** TCP connections accepted so far: stays low when the client keeps connections alive. */
  readonly connections: () => number;
  close(): Promise<void>;
}

const BASE_PATH = "/scim/v2";

async function toWebRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const method = req.method ?? "GET";
  const body =
    method === "GET" || method === "HEAD" || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  return new Request(`${origin}${req.url ?? "/"}`, { method, headers, body });
}

/**
 * Starts `createScimServer` (in-memory store by default) behind the Fetch adapter and a plain
 * `node:http` server. Node's server keeps connections alive, so long paging runs reuse sockets.
 */
export async function startScimKit(config: ScimServerConfig = {}): Promise<RunningScimKit> {
  const server = createScimServer({ basePath: BASE_PATH, ...config });
  const handle = toFetchHandler(server);
  const requests: string[] = [];
  let origin = "";
  const http: Server = createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    try {
      const response = await handle(await toWebRequest(req, origin));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  let connections = 0;
  http.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}${BASE_PATH}`,
    server,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
