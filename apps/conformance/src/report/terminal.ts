import type { ProgressEvent, RunReport } from "../runner.js";
import { formatTally, LEVEL_COLUMNS, summarise, totals } from "./summary.js";

/** Colours for a TTY; identity functions otherwise. */
export interface Palette {
  green(text: string): string;
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** ANSI colours when `enabled`, plain text otherwise. */
export function palette(enabled: boolean): Palette {
  const wrap = (code: string) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { green: wrap("32"), red: wrap("31"), dim: wrap("2"), bold: wrap("1") };
}

/** One progress line per event, printed while the run goes. */
export function formatProgress(event: ProgressEvent, colours: Palette): string {
  if (event.type === "section")
    return `\n${colours.bold(event.section)} ${colours.dim(`(${event.checks} checks)`)}`;
  const { result } = event;
  const mark =
    result.status === "pass"
      ? colours.green("✓")
      : result.status === "fail"
        ? colours.red("✗")
        : colours.dim("-");
  const level = colours.dim(`[${result.level}]`);
  let line = `  ${mark} ${result.id} ${level} ${colours.dim(`${result.durationMs} ms`)}`;
  if (result.status !== "pass" && result.reason) {
    const reason = `      ${result.reason}${result.status === "fail" ? `\n      (${result.citation})` : ""}`;
    line += `\n${result.status === "fail" ? colours.red(reason) : colours.dim(reason)}`;
  }
  return line;
}

/** The closing summary: a table by section and level, totals and the verdict. */
export function formatSummary(report: RunReport, colours: Palette): string {
  const rows = summarise(report.results);
  const header = ["section", ...LEVEL_COLUMNS];
  const body = rows.map((row) => [
    row.section,
    ...LEVEL_COLUMNS.map((level) => formatTally(row.levels[level])),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...body].map((cells) => cells[column]!.length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
  const total = totals(report.results);
  const verdict = report.ok
    ? colours.green(`PASSED: no required check failed`)
    : colours.red(`FAILED: ${total.requiredFailed} required check(s) failed`);
  return [
    "",
    colours.bold(line(header)),
    ...body.map(line),
    "",
    `${total.pass} passed, ${total.fail} failed, ${total.skip} skipped in ${(report.durationMs / 1000).toFixed(1)} s (${report.requests} requests).`,
    `Cleanup: removed ${report.cleanup.deleted} resources${report.cleanup.leftOver.length > 0 ? `; could not remove ${report.cleanup.leftOver.join(", ")}` : ""}.`,
    verdict,
    colours.dim(
      "Cells: passed/run, ✗ failed, ~ skipped. MUST and IDP failures fail the run; SHOULD failures are reported only.",
    ),
  ].join("\n");
}
