import { ScimError } from "@scimkit/core";
import type { ScimLogger } from "../config.js";
import { isStoreUnavailable } from "../store/store-unavailable.js";

/**
 * Maps anything thrown while handling a request to a `ScimError`. A `ScimError` passes through;
 * anything else is a bug: it is logged with its stack and becomes a 500 whose body reveals nothing
 * of the internals (RFC 7644 §3.12 still requires the error JSON). A database that cannot be reached
 * is not a bug: it becomes a 503 Service Unavailable (RFC 9110 §15.6.4) so clients retry,
 * still with the RFC 7644 §3.12 error JSON, and is logged without a stack.
 */
export function toScimError(error: unknown, logger: ScimLogger, where: string): ScimError {
  if (ScimError.is(error)) return error;
  if (isStoreUnavailable(error)) {
    logger.warn?.(`database unavailable while handling ${where}`, {
      error: error instanceof Error ? error.message : String(error),
    });
    return new ScimError(503, undefined, "the service's database is unavailable; retry later");
  }
  logger.error(`unexpected error while handling ${where}`, {
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return new ScimError(500, undefined, "internal server error");
}
