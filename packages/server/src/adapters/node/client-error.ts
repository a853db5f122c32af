import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  405: "Method Not Allowed",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/** Writes a complete SCIM error answer (RFC 7644 §3.12) on a raw socket and closes it. */
function endWithScimError(socket: Duplex, status: number, detail: string, extraHeaders = ""): void {
  const body = JSON.stringify({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    status: String(status),
    detail,
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/scim+json\r\n${extraHeaders}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** What Node's parser reports, and the answer each gets. */
function answerFor(code: string | undefined): { status: number; detail: string } {
  if (code === "HPE_HEADER_OVERFLOW")
    return { status: 431, detail: "the request line or headers are too large" };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT" || code === "ERR_HTTP_HEADERS_TIMEOUT")
    return { status: 408, detail: "the request was not received in time" };
  return { status: 400, detail: "the request is not valid HTTP" };
}

/**
 * Node's HTTP parser rejects some requests before Express sees them (a request line or headers over
 * `maxHeaderSize`, malformed HTTP, an unknown method, a timeout) and by default answers with an
 * empty body. This answers them with the RFC 7644 §3.12 error JSON instead, so every bad request
 * gets a SCIM error. A connection the client reset has nobody left to answer: it is closed quietly.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET" || error.code === "EPIPE") {
    socket.destroy();
    return;
  }
  const { status, detail } = answerFor(error.code);
  endWithScimError(socket, status, detail);
}

/**
 * `CONNECT` asks for a tunnel, which a SCIM service never offers. Node hands it to the server's
 * `connect` event (never to Express) and, with no listener, drops the connection without a word:
 * this answers 405 with `Allow` instead (RFC 9110 §15.5.6).
 */
export function answerConnect(_req: IncomingMessage, socket: Duplex): void {
  socket.on("error", () => socket.destroy());
  endWithScimError(
    socket,
    405,
    "method CONNECT is not supported here; use GET, HEAD, POST, PUT, PATCH, DELETE",
    "Allow: GET, HEAD, POST, PUT, PATCH, DELETE\r\n",
  );
}
