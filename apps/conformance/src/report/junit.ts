import type { RunReport } from "../runner.js";
import { escapeMarkup as x } from "./xml-escape.js";

/**
 * Renders JUnit XML: one `<testsuite>` per section, one `<testcase>` per check. Failures of
 * SHOULD-level checks are reported as `<skipped>` with a note, so CI only goes red on required checks.
 */
export function renderJunit(report: RunReport): string {
  const sections = [...new Set(report.results.map((result) => result.section))];
  const suites = sections.map((section) => {
    const results = report.results.filter((result) => result.section === section);
    const failures = results.filter((result) => result.status === "fail" && result.required).length;
    const skipped = results.filter(
      (result) => result.status === "skip" || (result.status === "fail" && !result.required),
    ).length;
    const time = results.reduce((sum, result) => sum + result.durationMs, 0) / 1000;
    const cases = results.map((result) => {
      const name = `${result.id} [${result.level}] ${result.title}`;
      const open = `    <testcase classname="scimkit-conformance.${x(section)}" name="${x(name)}" time="${(result.durationMs / 1000).toFixed(3)}">`;
      const citation = `      <properties><property name="citation" value="${x(result.citation)}"/><property name="level" value="${result.level}"/></properties>`;
      let body = "";
      if (result.status === "fail" && result.required) {
        body = `\n      <failure message="${x(result.reason ?? "failed")}" type="${result.level}">${x(`${result.reason ?? ""}\n${result.citation}`)}</failure>`;
      } else if (result.status === "fail") {
        body = `\n      <skipped message="${x(`optional check failed: ${result.reason ?? ""}`)}"/>`;
      } else if (result.status === "skip") {
        body = `\n      <skipped message="${x(result.reason ?? "skipped")}"/>`;
      }
      return `${open}\n${citation}${body}\n    </testcase>`;
    });
    return `  <testsuite name="${x(section)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const tests = report.results.length;
  const failures = report.results.filter((result) => result.status === "fail" && result.required).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scimkit-conformance ${x(report.target)}" tests="${tests}" failures="${failures}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`;
}
