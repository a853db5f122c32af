/** Options for {@link parseFilter} and {@link parsePath}. */
export interface ParseOptions {
  /**
   * Follow the RFC 7644 grammar exactly and reject the named interop extensions (see the README):
   * `entra-value-path-comparison` (`emails[type eq "work"].value eq "x"`),
   * `entra-unquoted-value` (`externalId eq jyoung`) and `case-insensitive-literals`
   * (`active eq True`). Default `false`.
   */
  readonly strict?: boolean;
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
