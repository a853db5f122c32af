import type { RunReport } from "../runner.js";
import { formatTally, LEVEL_COLUMNS, summarise, totals } from "./summary.js";
import { escapeMarkup as x } from "./xml-escape.js";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #d8dee4;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}.skip{color:#6e7781}
.badge{display:inline-block;padding:.1rem .6rem;border-radius:1rem;color:#fff}
.ok{background:#1a7f37}.bad{background:#cf222e}
code{font-size:12px}.reason{white-space:pre-wrap;font-size:12px;color:#57606a}
`;

/** Renders a standalone HTML page (inline CSS, no scripts, no external assets). */
export function renderHtml(report: RunReport): string {
  const total = totals(report.results);
  const summaryRows = summarise(report.results)
    .map(
      (row) =>
        `<tr><td>${x(row.section)}</td>${LEVEL_COLUMNS.map((level) => `<td>${x(formatTally(row.levels[level]))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const sections = [...new Set(report.results.map((result) => result.section))]
    .map((section) => {
      const rows = report.results
        .filter((result) => result.section === section)
        .map(
          (result) =>
            `<tr><td class="${result.status}">${result.status.toUpperCase()}</td><td>${x(result.level)}</td><td><code>${x(result.id)}</code><br>${x(result.title)}${result.reason ? `<div class="reason">${x(result.reason)}</div>` : ""}</td><td>${x(result.citation)}</td><td>${result.durationMs} ms</td></tr>`,
        )
        .join("\n");
      return `<h2 id="${x(section)}">${x(section)}</h2>\n<table><thead><tr><th>Result</th><th>Level</th><th>Check</th><th>Source</th><th>Time</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SCIM conformance: ${x(report.target)}</title><style>${STYLE}</style></head>
<body>
<h1>SCIM conformance report <span class="badge ${report.ok ? "ok" : "bad"}">${report.ok ? "PASSED" : "FAILED"}</span></h1>
<p>Target <code>${x(report.target)}</code> · profile <code>${x(report.profile)}</code> · ${x(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s · ${report.requests} requests</p>
<p>${total.pass} passed, ${total.fail} failed (${total.requiredFailed} required), ${total.skip} skipped. Cleanup removed ${report.cleanup.deleted} resources${report.cleanup.leftOver.length > 0 ? `; left over: ${x(report.cleanup.leftOver.join(", "))}` : ""}.</p>
<table><thead><tr><th>Section</th>${LEVEL_COLUMNS.map((level) => `<th>${level}</th>`).join("")}</tr></thead><tbody>
${summaryRows}
</tbody></table>
${sections}
</body></html>
`;
}
