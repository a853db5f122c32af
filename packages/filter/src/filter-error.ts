import { ScimError } from "@scimkit/core";

/** Which grammar failed: a filter (RFC 7644 §3.4.2.2) or a PATCH path (RFC 7644 §3.5.2). */
export type FilterErrorType = "invalidFilter" | "invalidPath";

/**
 * A filter or path that cannot be parsed or evaluated: a 400 `ScimError` whose `detail` ends with
 * `at <position>`, the 0-based offset into the source text where the problem was found.
 *
 * @example
 * try {
 *   parseFilter('userName "x"');
 * } catch (error) {
 *   if (error instanceof FilterError) console.log(error.detail, error.position);
 *   // expected comparison operator after "userName", found "x" at 9   9
 * }
 */
export class FilterError extends ScimError {
  /** 0-based offset into the source text. */
  readonly position: number;

  constructor(scimType: FilterErrorType, message: string, position: number) {
    super(400, scimType, `${message} at ${position}`);
    this.position = position;
  }
}
