import type { CheckLevel, CheckStatus, Section } from "../check.js";
import type { CheckResult } from "../runner.js";

/** Pass/fail/skip counts. */
export interface Tally {
  pass: number;
  fail: number;
  skip: number;
}

/** Counts per section and level, the shape every report's summary table is drawn from. */
export interface SummaryRow {
  section: Section;
  levels: Record<CheckLevel, Tally>;
}

const LEVELS: CheckLevel[] = ["MUST", "IDP", "SHOULD"];

function emptyTally(): Tally {
  return { pass: 0, fail: 0, skip: 0 };
}

/** Groups results by section (in run order) and level. */
export function summarise(results: CheckResult[]): SummaryRow[] {
  const rows = new Map<Section, SummaryRow>();
  for (const result of results) {
    let row = rows.get(result.section);
    if (!row) {
      row = {
        section: result.section,
        levels: { MUST: emptyTally(), IDP: emptyTally(), SHOULD: emptyTally() },
      };
      rows.set(result.section, row);
    }
    row.levels[result.level][result.status] += 1;
  }
  return [...rows.values()];
}

/** Totals over all results. */
export function totals(results: CheckResult[]): Record<CheckStatus, number> & { requiredFailed: number } {
  return {
    pass: results.filter((result) => result.status === "pass").length,
    fail: results.filter((result) => result.status === "fail").length,
    skip: results.filter((result) => result.status === "skip").length,
    requiredFailed: results.filter((result) => result.status === "fail" && result.required).length,
  };
}

/** The level columns in display order. */
export const LEVEL_COLUMNS = LEVELS;

/** `3/4 ✗1 ~0`-style cell text; `-` when the level has no checks in the section. */
export function formatTally(tally: Tally): string {
  const total = tally.pass + tally.fail + tally.skip;
  if (total === 0) return "-";
  let text = `${tally.pass}/${total - tally.skip}`;
  if (tally.fail > 0) text += ` ✗${tally.fail}`;
  if (tally.skip > 0) text += ` ~${tally.skip}`;
  return text;
}
