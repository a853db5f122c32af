import { ScimError } from "@scimkit/core";

/**
 * The magnitude integer parameters are clamped to. JavaScript numbers are exact up to here, and it
 * fits the 64-bit `LIMIT`/`OFFSET` of SQLite and PostgreSQL, so no store ever sees a value it
 * cannot hold (a `startIndex` of 1e20 reached SQL as a float and failed).
 */
export const MAX_INTEGER_PARAMETER = Number.MAX_SAFE_INTEGER;

/** A decimal number as JSON writes it (RFC 8259 §6), with an optional sign: no hex, no `Infinity`. */
const DECIMAL_NUMBER = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Reads an integer request parameter, given as URL text or as a JSON number (RFC 7644 §3.4.2.4,
 * §3.4.3, §3.7). Returns `undefined` when absent, clamps the value to ±{@link MAX_INTEGER_PARAMETER},
 * and throws 400 `invalidValue` for anything that is not a whole decimal number.
 */
export function integerParameter(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  let parsed = Number.NaN;
  if (typeof value === "number") parsed = value;
  else if (typeof value === "string" && DECIMAL_NUMBER.test(value.trim())) parsed = Number(value.trim());
  if (!Number.isInteger(parsed)) {
    throw ScimError.badRequest("invalidValue", `${name} must be an integer, got ${JSON.stringify(value)}`);
  }
  return Math.min(Math.max(parsed, -MAX_INTEGER_PARAMETER), MAX_INTEGER_PARAMETER);
}
