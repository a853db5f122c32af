import type { RequestOutcome, ScimLogger } from "@scimkit/server";
import { type DestinationStream, pino } from "pino";

/** The request log of the SCIM service and the logger of its unexpected errors. */
export interface RequestLog {
  /** The `onResponse` hook: one JSON line per answered request. */
  readonly onResponse: (outcome: RequestOutcome) => void;
  /** The server's logger (500s, database outages), as JSON lines too. */
  readonly logger: ScimLogger;
}

/**
 * Field names that must never carry a value into a log line, wherever they appear: the log only
 * ever receives the fields below, but a future detail object must not leak a credential either.
 */
const REDACTED_PATHS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "token",
  "*.token",
  "password",
  "*.password",
];

/**
 * JSON lines (pino) on `destination` (default stdout): per request `requestId`, `tenant`, `actor`
 * (a token id, `env:SCIM_TOKEN` or a JWT `sub`/`client_id`, never a secret), `method`, `path`
 * (without the query, whose filter values may be personal data), `status` and `durationMs`.
 * Nothing of the request's headers or body is logged, so tokens and passwords cannot appear.
 */
export function createRequestLog(
  // Synchronous: the lines of the last requests are written before a shutdown exits the process.
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
): RequestLog {
  const log = pino({ base: null, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, destination);
  return {
    onResponse: (outcome) => {
      const line = {
        requestId: outcome.requestId,
        tenant: outcome.tenantId ?? null,
        actor: outcome.principal ?? null,
        method: outcome.method,
        path: outcome.path,
        status: outcome.status,
        durationMs: Math.round(outcome.durationMs * 100) / 100,
      };
      if (outcome.status >= 500) log.error(line, "request");
      else log.info(line, "request");
    },
    logger: {
      error: (message, details) => log.error(details ?? {}, message),
      warn: (message, details) => log.warn(details ?? {}, message),
      info: (message, details) => log.info(details ?? {}, message),
    },
  };
}
