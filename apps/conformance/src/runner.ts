import {
  type Check,
  CheckFailure,
  type CheckLevel,
  type CheckOutcome,
  CheckSkipped,
  type CheckStatus,
  isRequired,
  SECTIONS,
  type Section,
} from "./check.js";
import { type CleanupSummary, RunContext, type RunOptions } from "./context.js";

/** Which checks a run selects: RFC only, RFC plus one IdP, or everything. */
export type Profile = "rfc" | "entra" | "okta" | "all";

/** The result of one check in a report. */
export interface CheckResult {
  id: string;
  section: Section;
  level: CheckLevel;
  title: string;
  citation: string;
  status: CheckStatus;
  /** True when a failure fails the run. */
  required: boolean;
  reason?: string;
  durationMs: number;
}

/** Everything a run produced; the source of every report format. */
export interface RunReport {
  target: string;
  profile: Profile;
  sections: Section[];
  startedAt: string;
  durationMs: number;
  requests: number;
  results: CheckResult[];
  cleanup: CleanupSummary;
  /** True when no required check failed. */
  ok: boolean;
}

/** Options of {@link runConformance}. */
export interface RunConformanceOptions extends RunOptions {
  profile?: Profile;
  /** Restrict to these sections (intersected with the profile). */
  only?: Section[];
  /** The checks to choose from; defaults to every built-in check. */
  checks: Check[];
  /** Called before and after every check, for progress output. */
  onProgress?: (event: ProgressEvent) => void;
}

/** Progress notifications while the run goes. */
export type ProgressEvent =
  | { type: "section"; section: Section; checks: number }
  | { type: "result"; result: CheckResult; index: number; total: number };

/** The sections a profile selects: IdP sections only with their profile (or `all`). */
export function sectionsForProfile(profile: Profile): Section[] {
  return SECTIONS.filter((section) => {
    if (section === "entra") return profile === "entra" || profile === "all";
    if (section === "okta") return profile === "okta" || profile === "all";
    return true;
  });
}

/** Picks the checks of the selected sections, in section order. */
export function selectChecks(checks: Check[], profile: Profile, only?: Section[]): Check[] {
  const sections = sectionsForProfile(profile).filter((section) => !only || only.includes(section));
  return sections.flatMap((section) => checks.filter((check) => check.section === section));
}

/**
 * Runs the selected checks one after another against `baseUrl`, then removes what the run created.
 *
 * @example
 * const report = await runConformance({ baseUrl: "http://127.0.0.1:3000/scim/v2", token: "t", checks: allChecks });
 * if (!report.ok) process.exitCode = 1;
 */
export async function runConformance(options: RunConformanceOptions): Promise<RunReport> {
  const profile = options.profile ?? "all";
  const ctx = new RunContext(options);
  const selected = selectChecks(options.checks, profile, options.only);
  const started = Date.now();
  const results: CheckResult[] = [];
  let currentSection: Section | undefined;
  for (const [index, check] of selected.entries()) {
    if (check.section !== currentSection) {
      currentSection = check.section;
      const count = selected.filter((candidate) => candidate.section === currentSection).length;
      options.onProgress?.({ type: "section", section: check.section, checks: count });
    }
    const result = await runOne(check, ctx, profile);
    results.push(result);
    options.onProgress?.({ type: "result", result, index: index + 1, total: selected.length });
  }
  const cleanup = await ctx.cleanup();
  return {
    target: ctx.http.baseUrl,
    profile,
    sections: [...new Set(selected.map((check) => check.section))],
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: ctx.http.requestCount,
    results,
    cleanup,
    ok: results.every((result) => result.status !== "fail" || !result.required),
  };
}

/** The level a check runs at under `profile`: RFC rules an included IdP contradicts become SHOULD. */
export function effectiveLevel(check: Check, profile: Profile): CheckLevel {
  const relaxed = check.relaxedFor && (profile === "all" || profile === check.relaxedFor.idp);
  return relaxed ? "SHOULD" : check.level;
}

async function runOne(check: Check, ctx: RunContext, profile: Profile): Promise<CheckResult> {
  const started = performance.now();
  const outcome = await outcomeOf(check, ctx);
  const level = effectiveLevel(check, profile);
  if (level !== check.level && outcome.status === "fail" && check.relaxedFor) {
    outcome.reason = `${outcome.reason ?? "failed"} [relaxed from ${check.level} under profile ${profile}: ${check.relaxedFor.why}]`;
  }
  return {
    id: check.id,
    section: check.section,
    level,
    title: check.title,
    citation: check.citation,
    status: outcome.status,
    required: isRequired(level),
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    durationMs: Math.round(performance.now() - started),
  };
}

async function outcomeOf(check: Check, ctx: RunContext): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: "fail", reason: `check timed out after ${ctx.checkTimeoutMs} ms` }),
      ctx.checkTimeoutMs,
    );
  });
  try {
    const run = check.run(ctx).then((outcome) => outcome ?? { status: "pass" as const });
    return await Promise.race([run, timeout]);
  } catch (error) {
    if (error instanceof CheckSkipped) return { status: "skip", reason: error.message };
    if (error instanceof CheckFailure) return { status: "fail", reason: error.message };
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: "fail", reason: `unexpected error: ${message}` };
  } finally {
    clearTimeout(timer);
  }
}
