import type { RunReport } from "../runner.js";
import { summarise, totals } from "./summary.js";

/** Serialises a run as JSON: the report plus per-section totals, for machines and CI artifacts. */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify({ tool: "scimkit-conformance", ...report, totals: totals(report.results), summary: summarise(report.results) }, null, 2)}\n`;
}
