/**
 * A named interop extension of the RFC 7644 §3.4.2.2 filter grammar. The grammar is the RFC's unless
 * an extension is listed in {@link ParseOptions.extensions}:
 *
 * - `entra-value-path-comparison`: `emails[type eq "work"].value eq "x@example.com"`, read as
 *   `emails[type eq "work" and value eq "x@example.com"]`. Microsoft Entra ID requires endpoints to
 *   accept this query for uniqueness attributes (Entra's SCIM endpoint tutorial,
 *   use-scim-to-provision-users-and-groups, section "/Users").
 * - `entra-unquoted-value`: `externalId eq jyoung`, read as `externalId eq "jyoung"`. The same
 *   tutorial's "Query the service for a matching user" example sends this.
 */
export type FilterExtension = "entra-value-path-comparison" | "entra-unquoted-value";

/** Every {@link FilterExtension}. */
export const FILTER_EXTENSIONS: readonly FilterExtension[] = [
  "entra-value-path-comparison",
  "entra-unquoted-value",
];

/** Options for {@link parseFilter} and {@link parsePath}. */
export interface ParseOptions {
  /**
   * Interop extensions to accept, by name (see {@link FilterExtension}). Default none: exactly the
   * RFC 7644 grammar, so `userName eq tru` is an error, not the string "tru".
   *
   * @example
   * parseFilter("externalId eq jyoung", { extensions: ["entra-unquoted-value"] });
   */
  readonly extensions?: readonly FilterExtension[];
  /**
   * The longest input accepted, in UTF-16 code units. Default {@link DEFAULT_MAX_LENGTH}.
   * Long `and` / `or` chains parse to left-deep trees; this package prints and evaluates them in
   * loops, but code of your own that recurses over the AST should expect that depth.
   */
  readonly maxLength?: number;
  /**
   * The deepest nesting of `(`, `not (` and `[` accepted. Deeper input is a 400 error, never a stack
   * overflow. Default {@link DEFAULT_MAX_DEPTH}.
   */
  readonly maxDepth?: number;
}

/** Default {@link ParseOptions.maxLength}: 4096 characters. */
export const DEFAULT_MAX_LENGTH = 4096;

/** Default {@link ParseOptions.maxDepth}: 32 levels. */
export const DEFAULT_MAX_DEPTH = 32;
