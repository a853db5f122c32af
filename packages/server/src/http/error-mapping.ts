import { ScimError } from "@scimkit/core";
import type { ScimLogger } from "../config.js";

/**
 * Maps anything thrown while handling a request to a `ScimError`. A `ScimError` passes through;
 * anything else is a bug: it is logged with its stack and becomes a 500 whose body reveals nothing
 * of the internals (RFC 7644 §3.12 still requires the error JSON).
 */
export function toScimError(error: unknown, logger: ScimLogger, where: string): ScimError {
  if (ScimError.is(error)) return error;
  logger.error(`unexpected error while handling ${where}`, {
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return new ScimError(500, undefined, "internal server error");
}
