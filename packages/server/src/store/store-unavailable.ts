/**
 * Whether an error says the database cannot be reached right now (as opposed to a bug or bad
 * input): the server answers these with 503 so clients retry, instead of a 500.
 *
 * Recognised: SQLSTATE class 08 (connection exception), 57P01–57P03 (the server is shutting down,
 * crashed or still starting), 53300 (too many connections); Node socket errors; the messages
 * node-postgres uses for a connection that ended or a pool that timed out waiting for one; and
 * SQLite's `SQLITE_BUSY`/`SQLITE_LOCKED` (another process held the file's lock past the busy
 * timeout: the database is busy, not broken).
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string") {
    if (code.startsWith("08") || UNAVAILABLE_SQLSTATES.has(code) || SOCKET_ERRORS.has(code)) return true;
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return true;
  }
  return typeof message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

const SOCKET_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Query read timeout/,
];

/**
 * Whether an unavailable-database error is a timeout (no answer in time, or no connection free in
 * time) rather than a connection that was refused or ended: trying again would wait as long again.
 */
export function isStoreTimeout(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === "ETIMEDOUT") return true;
  return typeof message === "string" && TIMEOUT_MESSAGES.some((pattern) => pattern.test(message));
}

const TIMEOUT_MESSAGES = [/^timeout exceeded when trying to connect/, /^Query read timeout/];
