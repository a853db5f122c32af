import { connect } from "node:net";

/** One HTTP answer read off a raw socket. */
export interface RawAnswer {
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Everything received, status line included. */
  readonly raw: string;
}

/**
 * Sends bytes exactly as given (fetch would refuse a malformed Host or a TRACE) and reads until the
 * server closes the connection or the answer's Content-Length is complete.
 */
export function sendRaw(port: number, request: string | Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no complete answer within ${timeoutMs} ms; got ${JSON.stringify(received.toString())}`),
      );
    }, timeoutMs);
    const settle = () => {
      const parsed = parseAnswer(received);
      if (!parsed) return false;
      clearTimeout(timer);
      socket.destroy();
      resolve(parsed);
      return true;
    };
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      settle();
    });
    socket.on("close", () => {
      if (!settle()) {
        clearTimeout(timer);
        reject(
          new Error(`connection closed before a complete answer: ${JSON.stringify(received.toString())}`),
        );
      }
    });
    socket.on("error", () => undefined);
  });
}

/** Parses a complete answer with a Content-Length (every SCIM answer has one), else undefined. */
export function parseAnswer(received: Buffer): RawAnswer | undefined {
  const end = received.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [statusLine = "", ...lines] = received.subarray(0, end).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  const body = received.subarray(end + 4);
  if (body.length < length) return undefined;
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    text: body.subarray(0, length).toString("utf8"),
    raw: received.toString("latin1"),
  };
}
