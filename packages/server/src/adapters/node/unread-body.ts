import type { IncomingMessage } from "node:http";

/** Bounds on what is read and thrown away of a request body the answer did not need. */
export interface UnreadBodyLimits {
  /** Bytes discarded before the connection is closed gracefully. Default 64 MiB. */
  readonly maxDrainBytes?: number;
  /** Milliseconds spent discarding before the connection is closed gracefully. Default 10000. */
  readonly maxDrainMilliseconds?: number;
  /**
   * After the graceful close (our side's FIN), how long the rest is still read and discarded so
   * the client can read the answer; then the socket is destroyed. Default 5000.
   */
  readonly lingerMilliseconds?: number;
}

const DEFAULTS = { maxDrainBytes: 64 * 1024 * 1024, maxDrainMilliseconds: 10_000, lingerMilliseconds: 5000 };

/**
 * Called once the answer is written while the request body is still arriving (a 413, or a 401
 * before the body was read). Closing the socket at once would make the kernel reset the connection
 * while the client is still sending, and a reset discards the answer the client has not read yet:
 * that is how clients lost the 413. Instead the rest of the body is read and discarded, so a client
 * that finishes sending reads the answer and may reuse the connection. Past either bound the
 * connection is closed in stages (RFC 9112 §9.6): first our write side, while reading on for
 * `lingerMilliseconds`, then the socket.
 */
export function discardUnreadBody(req: IncomingMessage, limits: UnreadBodyLimits = {}): void {
  if (req.complete || req.destroyed) return;
  const { maxDrainBytes, maxDrainMilliseconds, lingerMilliseconds } = { ...DEFAULTS, ...limits };
  const socket = req.socket;
  let discarded = 0;
  const stop = () => {
    clearTimeout(deadline);
    req.off("data", count).off("end", stop).off("close", stop);
  };
  const closeInStages = () => {
    stop();
    socket.end();
    const linger = setTimeout(() => socket.destroy(), lingerMilliseconds);
    linger.unref();
    socket.once("close", () => clearTimeout(linger));
  };
  const count = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxDrainBytes) closeInStages();
  };
  const deadline = setTimeout(closeInStages, maxDrainMilliseconds);
  deadline.unref();
  req.on("data", count).once("end", stop).once("close", stop);
  req.resume();
}
