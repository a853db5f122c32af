/**
 * `npm run fetch-server`: serves the Fetch example from Node's own HTTP server (Node 20 has no
 * `serve(fetch)`), translating Node's request to a web `Request` and the `Response` back.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createScimFetchHandler } from "./fetch-server.js";

const token = process.env.SCIM_TOKEN;
if (!token) throw new Error("set SCIM_TOKEN to the bearer token clients will send");
const handler = await createScimFetchHandler(token);
const port = Number(process.env.PORT ?? 8080);

const server = createServer(async (req, res) => {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([name, value]) =>
      value === undefined
        ? []
        : [[name, Array.isArray(value) ? value.join(", ") : value] as [string, string]],
    ),
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
  const response = await handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(port, "127.0.0.1", () => {
  console.log(`SCIM at http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`);
});
