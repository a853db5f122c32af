/**
 * Runs bundled scripts in a fresh context holding only web globals plus `extra`, and returns the
 * context's global object so the caller can reach what the scripts put there.
 */
export function runWithWebGlobalsOnly(
  scripts: readonly string[],
  extra?: Record<string, unknown>,
): Record<string, unknown>;
