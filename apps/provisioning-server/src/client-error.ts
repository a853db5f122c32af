import type { Socket } from "node:net";

/**
 * Node's HTTP parser rejects some requests before Express sees them (a request line or headers over
 * `maxHeaderSize`, malformed HTTP) and by default answers with an empty body. This answers them
 * with the RFC 7644 §3.12 error JSON instead, so every bad request gets a SCIM error.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const reason = tooLarge ? "Request Header Fields Too Large" : "Bad Request";
  const body = JSON.stringify({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    status: String(status),
    detail: tooLarge ? "the request line or headers are too large" : "the request is not valid HTTP",
  });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/scim+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
