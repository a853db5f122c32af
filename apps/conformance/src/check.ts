import type { RunContext } from "./context.js";

/**
 * How binding a check is. `MUST` and `IDP` checks are required: a failure makes the run fail.
 * `SHOULD` covers RFC SHOULD/MAY rules and optional behaviour; a failure is reported, not fatal.
 */
export type CheckLevel = "MUST" | "IDP" | "SHOULD";

/** The sections of the harness, in the order they run. */
export const SECTIONS = [
  "discovery",
  "users",
  "filters",
  "paging",
  "patch",
  "groups",
  "etags",
  "bulk",
  "errors",
  "robustness",
  "concurrency",
  "entra",
  "okta",
] as const;

/** One section of the harness. */
export type Section = (typeof SECTIONS)[number];

/** What a finished check reports. */
export type CheckStatus = "pass" | "fail" | "skip";

/** The outcome of one check run. */
export interface CheckOutcome {
  status: CheckStatus;
  /** Why it failed or was skipped; optional detail for a pass. */
  reason?: string;
}

/** One conformance check. */
export interface Check {
  /** Stable id, `<section>.<name>`, used in reports and `--only`. */
  id: string;
  section: Section;
  level: CheckLevel;
  /** One line that says what is checked. */
  title: string;
  /** Where the rule comes from: an RFC section or an IdP document. */
  citation: string;
  /**
   * Set when a real identity provider requires the opposite of this RFC rule. When the run's profile
   * includes that IdP, the check is reported at SHOULD level: a server that serves the IdP cannot
   * satisfy both, so the failure is shown but does not fail the run.
   */
  relaxedFor?: { idp: "entra" | "okta"; why: string };
  /** Runs the check. Throw {@link CheckFailure} / {@link CheckSkipped} or return an outcome. */
  run(ctx: RunContext): Promise<CheckOutcome | undefined>;
}

/** Thrown by a check (or an assertion inside it) to fail with a reason. */
export class CheckFailure extends Error {
  override readonly name = "CheckFailure";
}

/** Thrown by a check to skip itself, e.g. when the server does not advertise a feature. */
export class CheckSkipped extends Error {
  override readonly name = "CheckSkipped";
}

/** A passing outcome. */
export function pass(reason?: string): CheckOutcome {
  return reason === undefined ? { status: "pass" } : { status: "pass", reason };
}

/** True when a failure of a check at this level fails the run. */
export function isRequired(level: CheckLevel): boolean {
  return level !== "SHOULD";
}

/**
 * Declares a check. Sugar that keeps check tables readable.
 *
 * @example
 * defineCheck({ id: "users.get", section: "users", level: "MUST", title: "GET returns the user",
 *   citation: "RFC 7644 §3.4.1", run: async (ctx) => { ... } });
 */
export function defineCheck(check: Check): Check {
  return check;
}
