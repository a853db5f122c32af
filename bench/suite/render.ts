/**
 * Renders a results file of the suite into `docs/benchmarks.md` (tables, the issue 16 targets, a
 * before/after comparison) and `docs/benchmarks.svg` (a bar chart), with no browser involved.
 * Run: `npm run bench:render` (the newest full results, against the previous full results as
 * "before" when there are any) or `npm run bench:render -- <results.json> [--before <results.json>]`.
 * `npm run bench` calls it after a full run.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { SoakReport } from "../soak/report.js";
import type { ResultRow, Results } from "./run.js";

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, "..", "results");
const docsDir = join(here, "..", "..", "docs");

/** Scenario keys (run.ts) with what they send. */
export const SCENARIOS: Record<string, string> = {
  "get-by-id": "GET /Users/{id}",
  "lookup-userName": 'GET /Users?filter=userName eq "…"',
  "lookup-externalId": 'GET /Users?filter=externalId eq "…"',
  "lookup-id": 'GET /Users?filter=id eq "…"',
  create: "POST /Users",
  "complex-sw": 'emails[type eq "work" and value sw "…"] and active eq true',
  "complex-co": 'emails.value co "…" and active eq true',
  "complex-ew": 'userName ew "…" and active eq true',
  "page-first": "GET /Users?startIndex=1&count=100",
  "page-last": "GET /Users?startIndex=<last page>&count=100",
  "cursor-first-tenth": "cursor pages of 100 (RFC 9865), first tenth of a walk through all users",
  "cursor-last-tenth": "cursor pages of 100 (RFC 9865), last tenth of the walk",
  "patch-user": "PATCH /Users/{id} (Entra ID replace displayName)",
  "member-add-first-tenth": "PATCH /Groups/{id} add one member (Entra ID), first tenth",
  "member-add-last-tenth": "PATCH /Groups/{id} add one member (Entra ID), last tenth",
  "member-remove": 'PATCH /Groups/{id} remove one member (Okta, members[value eq "…"])',
};

const SERVER_LABELS: Record<string, string> = {
  floor: "floor (bare Express 5)",
  sqlite: "scimkit SQLite",
  postgres: "scimkit PostgreSQL",
  scimmy: "scimmy 1.3.5",
};
const SERVERS = ["floor", "sqlite", "postgres", "scimmy"];

/** Full (not smoke) results files, oldest run first (by the run's date, not the file name). */
function fullResults(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(resultsDir).filter((name) => /^\d{4}-\d{2}-\d{2}.*\.json$/.test(name));
  } catch {
    // No results directory yet: the same answer as an empty one.
  }
  return names
    .map((name) => {
      const results = JSON.parse(readFileSync(join(resultsDir, name), "utf8")) as Results;
      return { file: join(resultsDir, name), results };
    })
    .filter(({ results }) => results.mode === "full" && results.complete !== false)
    .sort((a, b) => a.results.date.localeCompare(b.results.date))
    .map(({ file }) => file);
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–");

class Figures {
  readonly results: Results;
  constructor(results: Results) {
    // The floor answers one scenario, whatever the database size: file it under the largest size
    // (results written before it carried a size have none) so it lines up with the stores' rows.
    const largest = results.settings.sizes.at(-1);
    this.results = {
      ...results,
      rows: results.rows.map((row) =>
        row.server === "floor" && row.users === undefined && largest !== undefined
          ? { ...row, users: largest }
          : row,
      ),
    };
  }
  find(scenario: string, server: string, users?: number): ResultRow | undefined {
    return this.results.rows.find(
      (row) =>
        row.scenario === scenario &&
        row.server === server &&
        row.beside === undefined &&
        (users === undefined || row.users === users),
    );
  }
  /**
   * The floor to hold `store`'s GET by id against: the floor figure measured right before it when the
   * run has one (same machine load), else the run's one floor figure.
   */
  floorFor(store: string): ResultRow | undefined {
    return (
      this.results.rows.find((row) => row.server === "floor" && row.beside === store) ??
      this.find("get-by-id", "floor")
    );
  }
  sizes(): readonly number[] {
    return this.results.settings.sizes;
  }
}

interface Target {
  readonly what: string;
  readonly value: number;
  readonly goal: string;
  readonly met: boolean;
}

/**
 * The complex filter's p50 at 10,000 users as issue 16 measured it on a quiet machine, before any
 * of its work (`emails[type eq "work" and value sw "…"] and active eq true`).
 */
const ISSUE_16_COMPLEX_SW_P50_MS: Readonly<Record<string, number>> = { sqlite: 408, postgres: 357 };

function targets(f: Figures, before: Figures | undefined, baseline: Figures | undefined): Target[] {
  const small = f.sizes()[0]!;
  const mid = f.sizes()[Math.min(1, f.sizes().length - 1)]!;
  const large = f.sizes().at(-1)!;
  const out: Target[] = [];
  const add = (what: string, value: number | undefined, goal: string, met: (v: number) => boolean) => {
    if (value === undefined || !Number.isFinite(value)) return;
    out.push({ what, value, goal, met: met(value) });
  };
  const p50 = (s: string, server: string, users?: number) => f.find(s, server, users)?.p50;
  const rps = (s: string, server: string, users?: number) => f.find(s, server, users)?.rps;
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : a / b;
  for (const lookup of ["lookup-userName", "lookup-externalId", "lookup-id"]) {
    for (const store of ["sqlite", "postgres"]) {
      add(
        `${lookup} p50 ${int(large)} / ${int(small)} users, ${store}`,
        ratio(p50(lookup, store, large), p50(lookup, store, small)),
        "≤ 1.5",
        (v) => v <= 1.5,
      );
    }
    add(
      `${lookup} p50 at ${int(large)} users, PostgreSQL / SQLite`,
      ratio(p50(lookup, "postgres", large), p50(lookup, "sqlite", large)),
      "≤ 1.5",
      (v) => v <= 1.5,
    );
  }
  add(
    "GET by id, PostgreSQL / floor (req/s)",
    ratio(rps("get-by-id", "postgres"), f.floorFor("postgres")?.rps),
    "≥ 0.3",
    (v) => v >= 0.3,
  );
  add(
    "GET by id, SQLite / floor (req/s)",
    ratio(rps("get-by-id", "sqlite"), f.floorFor("sqlite")?.rps),
    "≥ 0.6",
    (v) => v >= 0.6,
  );
  add(
    "creates, PostgreSQL / SQLite (req/s)",
    ratio(rps("create", "postgres"), rps("create", "sqlite")),
    "≥ 0.6",
    (v) => v >= 0.6,
  );
  for (const store of ["sqlite", "postgres"]) {
    add(
      `member add p50, last / first tenth of ${int(f.results.settings.memberAdds)} adds, ${store}`,
      ratio(p50("member-add-last-tenth", store), p50("member-add-first-tenth", store)),
      "≤ 1.5",
      (v) => v <= 1.5,
    );
    add(
      `member add (last tenth) / user PATCH (req/s), ${store}`,
      ratio(rps("member-add-last-tenth", store), rps("patch-user", store)),
      "≥ 0.5",
      (v) => v >= 0.5,
    );
    add(
      `member remove / user PATCH (req/s), ${store}`,
      ratio(rps("member-remove", store), rps("patch-user", store)),
      "≥ 0.5",
      (v) => v >= 0.5,
    );
    add(
      `page of 100 p50, ${int(large)} / ${int(small)} users, ${store}`,
      ratio(p50("page-first", store, large), p50("page-first", store, small)),
      "≤ 2",
      (v) => v <= 2,
    );
    add(
      `cursor page p50, last / first tenth of the walk, ${store}`,
      ratio(p50("cursor-last-tenth", store), p50("cursor-first-tenth", store)),
      "≈ 1 (≤ 1.5)",
      (v) => v <= 1.5,
    );
    // "10× faster than today": against the first full run in bench/results (before the value
    // indexes), and the issue's own quiet-machine figure for the one complex filter it measured.
    const reference = baseline ?? before;
    for (const complex of ["complex-sw", "complex-co", "complex-ew"]) {
      const earlier = reference?.find(complex, store, mid)?.p50;
      add(
        `${complex} p50 at ${int(mid)} users, first run (commit ${reference?.results.commit ?? "–"}) / now, ${store}`,
        ratio(earlier, p50(complex, store, mid)),
        "≥ 10",
        (v) => v >= 10,
      );
    }
    add(
      `complex-sw p50 at ${int(mid)} users, issue 16's figure (${ISSUE_16_COMPLEX_SW_P50_MS[store]} ms) / now, ${store}`,
      ratio(ISSUE_16_COMPLEX_SW_P50_MS[store], p50("complex-sw", store, mid)),
      "≥ 10",
      (v) => v >= 10,
    );
  }
  return out;
}

/**
 * The table of issue 16, row for row: SQLite and PostgreSQL, each "now" with the previous full
 * results in brackets when there are any.
 */
function issueTable(f: Figures, before: Figures | undefined): string[] {
  const sizes = f.sizes();
  const small = sizes[0]!;
  const mid = sizes[Math.min(1, sizes.length - 1)]!;
  const large = sizes.at(-1)!;
  const adds = f.results.settings.memberAdds;
  type Cell = (g: Figures, store: string) => string | undefined;
  const rate =
    (scenario: string, users?: number): Cell =>
    (g, store) => {
      const row = g.find(scenario, store, users);
      return row && `${int(row.rps)}/s`;
    };
  const median =
    (scenario: string, users?: number): Cell =>
    (g, store) => {
      const row = g.find(scenario, store, users);
      return row && `${ms(row.p50)} ms`;
    };
  const joined =
    (...cells: Cell[]): Cell =>
    (g, store) => {
      const parts = cells.map((cell) => cell(g, store));
      return parts.every((part) => part === undefined)
        ? undefined
        : parts.map((part) => part ?? "–").join(" / ");
    };
  const byId: Cell = (g, store) => {
    const row = g.find("get-by-id", store);
    const floor = g.floorFor(store);
    return (
      row && `${x(floor ? row.rps / floor.rps : Number.NaN)} floor (${int(row.rps)}/s, p50 ${ms(row.p50)} ms)`
    );
  };
  const growth =
    (first: string, last: string): Cell =>
    (g, store) => {
      const a = g.find(first, store);
      const b = g.find(last, store);
      return a && b && `${int(b.rps)}/s; p50 ${ms(a.p50)} → ${ms(b.p50)} ms (${x(b.p50 / a.p50)})`;
    };
  const rows: [string, Cell][] = [
    ["GET /Users/{id}", byId],
    [
      `\`userName eq\` at ${sizes.map(int).join(" / ")} users (p50)`,
      joined(...sizes.map((size) => median("lookup-userName", size))),
    ],
    [
      `\`externalId eq\` at ${sizes.map(int).join(" / ")} users (p50)`,
      joined(...sizes.map((size) => median("lookup-externalId", size))),
    ],
    [
      `\`id eq\` at ${sizes.map(int).join(" / ")} users (p50)`,
      joined(...sizes.map((size) => median("lookup-id", size))),
    ],
    ["POST /Users", rate("create")],
    [
      `complex filter \`emails[type eq "work" and value sw "…"] and active eq true\`, ${int(mid)} users (p50)`,
      median("complex-sw", mid),
    ],
    [
      `\`emails.value co\` / \`userName ew\` (+ \`active eq true\`), ${int(mid)} users (p50)`,
      joined(median("complex-co", mid), median("complex-ew", mid)),
    ],
    [
      `list page of 100 at ${int(small)} / ${int(large)} users (p50)`,
      joined(median("page-first", small), median("page-first", large)),
    ],
    [`last page of 100 (startIndex) at ${int(large)} users (p50)`, median("page-last", large)],
    [
      `cursor page of 100, first / last tenth of the walk through ${int(large)} users (p50)`,
      joined(median("cursor-first-tenth", large), median("cursor-last-tenth", large)),
    ],
    ["PATCH a user", rate("patch-user")],
    [
      `add one member (Entra's PATCH) to a group growing to ${int(adds)}`,
      growth("member-add-first-tenth", "member-add-last-tenth"),
    ],
    ["remove one member (Okta's PATCH)", rate("member-remove")],
  ];
  const cell = (make: Cell, store: string) => {
    const now = make(f, store) ?? "–";
    const then = before && make(before, store);
    return then === undefined ? now : `${now} (before: ${then})`;
  };
  return [
    "| scenario | SQLite | PostgreSQL |",
    "|---|---|---|",
    ...rows.map(([label, make]) => `| ${label} | ${cell(make, "sqlite")} | ${cell(make, "postgres")} |`),
  ];
}

/**
 * The newest large-group run (`npm run bench -- --rows 1000,50000 --members 50000 --out
 * bench/results/members-<N>-<date>.json`): member adds one PATCH at a time up to tens of thousands
 * of members, first tenth against last tenth, and against a user PATCH in the same run.
 */
function largeGroupSection(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(resultsDir).filter((name) => /^members-.*\.json$/.test(name));
  } catch {
    return [];
  }
  const runs = names
    .map((name) => ({ name, results: JSON.parse(readFileSync(join(resultsDir, name), "utf8")) as Results }))
    // Only scimkit's figures are shown, so a run stopped later in the peer's part (note says so) counts.
    .filter(({ results }) => results.complete !== false || results.note !== undefined)
    .sort((a, b) => b.results.date.localeCompare(a.results.date));
  const newest = runs[0];
  if (!newest) return [];
  const f = new Figures(newest.results);
  const adds = newest.results.settings.memberAdds;
  const row = (label: string, make: (store: string) => string) =>
    `| ${label} | ${make("sqlite")} | ${make("postgres")} |`;
  const figure = (scenario: string, users?: number) => (store: string) => {
    const found = f.find(scenario, store, users);
    return found ? `${int(found.rps)}/s, p50 ${ms(found.p50)} ms` : "–";
  };
  const growth = (store: string) => {
    const first = f.find("member-add-first-tenth", store);
    const last = f.find("member-add-last-tenth", store);
    return first && last ? x(last.p50 / first.p50) : "–";
  };
  const versusPatch = (store: string) => {
    const last = f.find("member-add-last-tenth", store);
    const patch = f.find("patch-user", store);
    return last && patch ? x(last.rps / patch.rps) : "–";
  };
  return [
    `## A group of ${int(adds)} members over HTTP`,
    "",
    `One group grows to ${int(adds)} members, one Entra ID \`add members\` PATCH per member (16 connections),`,
    `then loses ${int(newest.results.settings.memberRemoves ?? 0)} by Okta's \`members[value eq …]\` removal. Run ${newest.results.date}, commit ${newest.results.commit},`,
    `load average ${newest.results.loadavg.start.toFixed(1)} at the start and ${newest.results.loadavg.end.toFixed(1)} at the end (\`bench/results/${newest.name}\`).`,
    ...(newest.results.note ? ["", newest.results.note] : []),
    "",
    "| | SQLite | PostgreSQL |",
    "|---|---|---|",
    row("member add, first tenth", figure("member-add-first-tenth")),
    row("member add, last tenth", figure("member-add-last-tenth")),
    row("p50 last / first tenth (goal ≤ 1.5)", growth),
    row("member add (last tenth) / user PATCH, req/s (goal ≥ 0.5)", versusPatch),
    row("PATCH a user (same run)", figure("patch-user")),
    row("member remove (Okta)", figure("member-remove")),
    "",
  ];
}

/** The newest soak report (`npm run soak -- --out bench/results/soak-<store>-<date>.json`) of each store. */
function soakSection(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(resultsDir).filter((name) => /^soak-.*\.json$/.test(name));
  } catch {
    return [];
  }
  const newest = new Map<string, SoakReport>();
  for (const name of names) {
    const report = JSON.parse(readFileSync(join(resultsDir, name), "utf8")) as SoakReport;
    const key = `${report.settings.store} × ${report.settings.instances}`;
    const seen = newest.get(key);
    if (!seen || String(seen.settings.date) < String(report.settings.date)) newest.set(key, report);
  }
  if (newest.size === 0) return [];
  const lines = [
    "## Soak",
    "",
    "`npm run soak` (`bench/soak/`): the provisioning server under a mixed IdP load (creates and deletes around",
    "2,000 users, `userName eq` lookups, Entra ID member adds, Okta member removals and deactivations),",
    "then a check that the database holds exactly what was acknowledged. Memory: each server",
    "process, medians of the first and last three samples (peak in brackets).",
    "",
    "| run | processes | minutes | requests | req/s | p50 / p99 ms | statuses | 5xx / failed | consistency | RSS MiB start → end (peak) | heap MiB start → end (peak) | load average |",
    "|---|---:|---:|---:|---:|---|---|---|---|---|---|---|",
  ];
  for (const report of [...newest.values()].sort((a, b) =>
    String(a.settings.store).localeCompare(String(b.settings.store)),
  )) {
    const memory = (pick: "rss" | "heap") =>
      report.memory
        .map((m) =>
          pick === "rss"
            ? `${m.rssStartMiB} → ${m.rssEndMiB} (${m.rssPeakMiB})`
            : `${m.heapStartMiB} → ${m.heapEndMiB} (${m.heapPeakMiB})`,
        )
        .join("; ");
    const statuses = Object.entries(report.statuses)
      .map(([status, count]) => `${status}: ${int(count)}`)
      .join(", ");
    lines.push(
      `| ${String(report.settings.date).slice(0, 16).replace("T", " ")} ${report.settings.store} | ${report.settings.instances} | ${report.settings.minutes} | ${int(report.requests)} | ${report.perSecond} | ${report.p50} / ${report.p99} | ${statuses} | ${report.serverErrors} / ${report.failures} | ${report.consistency.length === 0 ? "ok" : `${report.consistency.length} problems`} | ${memory("rss")} | ${memory("heap")} | ${report.settings.loadavgStart} → ${report.settings.loadavgEnd} |`,
    );
  }
  lines.push("");
  return lines;
}

function figureCell(row: ResultRow | undefined, floor?: number): string {
  if (!row) return "–";
  const rel = floor ? ` (${x(row.rps / floor)} floor)` : "";
  const errors = row.errors ? `, ${int(row.errors)} connection errors` : "";
  return `${int(row.rps)}/s${rel}, p50 ${ms(row.p50)} ms${errors}`;
}

function mainTable(f: Figures): string[] {
  const lines = [
    "| scenario | users | floor | scimkit SQLite | scimkit PostgreSQL | scimmy |",
    "|---|---:|---|---|---|---|",
  ];
  for (const scenario of Object.keys(SCENARIOS)) {
    const sizes = [...new Set(f.results.rows.filter((r) => r.scenario === scenario).map((r) => r.users))];
    for (const users of sizes) {
      const cells = SERVERS.map((server) =>
        figureCell(
          f.find(scenario, server, users),
          scenario === "get-by-id" && server !== "floor" ? f.floorFor(server)?.rps : undefined,
        ),
      );
      lines.push(
        `| \`${SCENARIOS[scenario]}\` | ${users === undefined ? "" : int(users)} | ${cells.join(" | ")} |`,
      );
    }
  }
  return lines;
}

function beforeAfter(before: Figures, after: Figures): string[] {
  const lines = [
    `| scenario | users | server | before req/s | after req/s | before p50 ms | after p50 ms | p50 before / after |`,
    "|---|---:|---|---:|---:|---:|---:|---:|",
  ];
  for (const row of after.results.rows) {
    if (row.server === "floor" || row.server === "scimmy") continue;
    const old = before.find(row.scenario, row.server, row.users);
    if (!old) continue;
    lines.push(
      `| \`${SCENARIOS[row.scenario] ?? row.scenario}\` | ${row.users === undefined ? "" : int(row.users)} | ${SERVER_LABELS[row.server]} | ${int(old.rps)} | ${int(row.rps)} | ${ms(old.p50)} | ${ms(row.p50)} | ${x(old.p50 / row.p50)} |`,
    );
  }
  return lines;
}

/** A horizontal bar chart (log scale) of req/s for the headline scenarios, per server. */
function chart(f: Figures): string {
  const [, mid, large] = f.sizes() as [number, number, number];
  const groups: [string, string, number | undefined][] = [
    ["GET /Users/{id}", "get-by-id", undefined],
    [`userName eq, ${int(large)} users`, "lookup-userName", large],
    [`externalId eq, ${int(large)} users`, "lookup-externalId", large],
    ["POST /Users", "create", undefined],
    [`complex sw filter, ${int(mid)} users`, "complex-sw", mid],
    [`page of 100, ${int(large)} users`, "page-first", large],
    ["PATCH a user", "patch-user", undefined],
    ["add a member (last tenth)", "member-add-last-tenth", undefined],
  ];
  const colors: Record<string, string> = {
    floor: "#888888",
    sqlite: "#2b7bb9",
    postgres: "#d9822b",
    scimmy: "#7a5195",
  };
  const bar = 14;
  const left = 230;
  const width = 760;
  const plot = width - left - 90;
  const max = Math.max(...f.results.rows.map((r) => r.rps), 10);
  const scale = (v: number) => (Math.log10(Math.max(v, 1)) / Math.log10(max)) * plot;
  const parts: string[] = [];
  let y = 40;
  for (const [label, scenario, users] of groups) {
    const present = SERVERS.map((s) => [s, f.find(scenario, s, users)] as const).filter(([, r]) => r);
    if (present.length === 0) continue;
    parts.push(
      `<text x="${left - 8}" y="${y + (present.length * (bar + 2)) / 2 + 4}" text-anchor="end">${escapeXml(label)}</text>`,
    );
    for (const [server, row] of present) {
      const w = Math.max(1, scale(row!.rps));
      parts.push(
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${colors[server]}"/>`,
      );
      parts.push(`<text x="${left + w + 4}" y="${y + bar - 3}" font-size="11">${int(row!.rps)}/s</text>`);
      y += bar + 2;
    }
    y += 10;
  }
  const legend = SERVERS.map(
    (s, i) =>
      `<rect x="${left + i * 140}" y="12" width="12" height="12" fill="${colors[s]}"/><text x="${left + i * 140 + 16}" y="22" font-size="11">${escapeXml(SERVER_LABELS[s]!)}</text>`,
  ).join("");
  const height = y + 30;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title">
<title id="title">scimkit benchmarks: requests per second per scenario and server</title>
<rect width="100%" height="100%" fill="white"/>
${legend}
${parts.join("\n")}
<text x="${left}" y="${height - 10}" font-size="11" fill="#555">requests per second, log scale (${f.results.settings.connections} connections; higher is better)</text>
</svg>
`;
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Writes `docs/benchmarks.md` and `docs/benchmarks.svg` from `resultsFile` (default: the newest full
 * results), comparing with `beforeFile` (default: the full results before it, if any).
 */
export function renderDocs(resultsFile?: string, beforeFile?: string): void {
  const all = fullResults();
  const afterFile = resultsFile ?? all.at(-1);
  if (afterFile === undefined) throw new Error(`no full results in ${resultsDir}: run npm run bench first`);
  const previous = beforeFile ?? (resultsFile === undefined ? all.at(-2) : undefined);
  const f = new Figures(JSON.parse(readFileSync(afterFile, "utf8")) as Results);
  const before = previous ? new Figures(JSON.parse(readFileSync(previous, "utf8")) as Results) : undefined;
  const first = all[0];
  const baseline =
    first !== undefined && first !== afterFile
      ? new Figures(JSON.parse(readFileSync(first, "utf8")) as Results)
      : undefined;
  const r = f.results;
  const rel = (file: string) => relative(docsDir, file);
  const lines = [
    "# Benchmarks",
    "",
    "<!-- Generated by `npm run bench:render` from bench/results; edit bench/suite/render.ts, not this file. -->",
    "",
    "Every scenario of issue 16 over HTTP, for scimkit on SQLite (file, WAL) and on PostgreSQL, against",
    "the floor (a bare Express 5 route answering a GET by id with a JSON body of a user's size) and",
    "scimmy 1.3.5 + scimmy-routers 1.3.2 (in memory), all in one run of `npm run bench`",
    "(`bench/suite/`). Each server runs in its own process on the built packages (as users install them); autocannon drives it from another.",
    "",
    `- Run: ${r.date}, commit ${r.commit}, Node ${r.node}, ${r.cpus} cores shared with other jobs (load average ${r.loadavg.start.toFixed(1)} at the start, ${r.loadavg.end.toFixed(1)} at the end).`,
    ...(r.note ? [`- How this run was made: ${r.note}`] : []),
    `- ${r.settings.connections} connections, ${r.settings.seconds} s per figure after a warm-up; p50/p99 from every response's latency.`,
    `- Users are bulk-loaded through the store (${r.settings.sizes.map(int).join(" → ")}), lookups measured at each size on the same database.`,
    "  The PostgreSQL schema has autovacuum turned off: it is **never analysed**, the worst case of a first sync.",
    `- Member adds: one group grows to ${int(r.settings.memberAdds)} members (scimmy: ${int(r.settings.scimmyMemberAdds)}, as it rewrites the whole group per PATCH), one Entra ID PATCH per member; figures of the first and the last tenth.`,
    ...(r.settings.scimmyMaxUsers
      ? [
          `- scimmy is measured up to ${int(r.settings.scimmyMaxUsers)} users: it matches every filter against all users in JavaScript, so at 100,000 a lookup takes seconds.`,
        ]
      : []),
    ...(r.rows.some((row) => row.beside !== undefined)
      ? [
          r.settings.getByIdPairs
            ? `- The floor server stays up for the whole run. Each store's GET by id is measured ${r.settings.getByIdPairs} times, each time right after the floor (alternating pairs under the same machine load); the pair with the median ratio is the one shown.`
            : "- The floor server stays up for the whole run and is measured again right before each store's GET by id; that figure is the floor the store's ratio uses (both taken under the same machine load).",
        ]
      : []),
    "- Warm-up: 200 requests or 2 s, whichever ends first, before each timed figure.",
    "- Absolute rates move with the machine's load; compare ratios within one run.",
    "",
    `![req/s per scenario and server](${rel(join(docsDir, "benchmarks.svg"))})`,
    "",
    "## The table of issue 16",
    "",
    before
      ? `Now (commit ${r.commit}), with the previous full run in brackets (commit ${before.results.commit}, ${before.results.date.slice(0, 16).replace("T", " ")} UTC).`
      : `Commit ${r.commit}.`,
    "",
    ...issueTable(f, before),
    "",
    "## Targets (issue 16)",
    "",
    "| target | value | goal | met |",
    "|---|---:|---|---|",
    ...targets(f, before, baseline).map(
      (t) => `| ${t.what} | ${t.value.toFixed(2)} | ${t.goal} | ${t.met ? "yes" : "**no**"} |`,
    ),
    "",
    "## All figures",
    "",
    ...mainTable(f),
    "",
  ];
  if (before) {
    lines.push(
      "## Before and after",
      "",
      `Before: ${before.results.date}, commit ${before.results.commit} (load average ${before.results.loadavg.start.toFixed(1)}–${before.results.loadavg.end.toFixed(1)}). After: this run.${before.results.note ? ` Before run: ${before.results.note}` : ""}`,
      "",
      ...beforeAfter(before, f),
      "",
    );
  }
  lines.push(...largeGroupSection());
  lines.push(...soakSection());
  lines.push(
    "## Regenerate",
    "",
    "```sh",
    "npm run bench                 # full run (~15–30 min on 2 cores): writes bench/results/<date>.json and these docs",
    "npm run bench -- --smoke      # seconds: what CI runs",
    "npm run bench:render -- bench/results/<file>.json --before bench/results/<file>.json",
    "npm run soak -- --minutes 10 --store postgres --out bench/results/soak-postgres-<date>.json   # then bench:render",
    "```",
    "",
  );
  writeFileSync(join(docsDir, "benchmarks.md"), lines.join("\n"));
  writeFileSync(join(docsDir, "benchmarks.svg"), chart(f));
  console.error(
    `wrote docs/benchmarks.md and docs/benchmarks.svg from ${relative(process.cwd(), afterFile)}${previous ? ` (before: ${relative(process.cwd(), previous)})` : ""}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const beforeIndex = args.indexOf("--before");
  const positional = args.filter(
    (arg, i) => !arg.startsWith("--") && (beforeIndex < 0 || i !== beforeIndex + 1),
  );
  // Paths may be given from the repository root (`npm run bench:render`) or from bench/.
  const located = (file: string | undefined) =>
    file === undefined || existsSync(file) ? file : join(here, "..", "..", file);
  renderDocs(located(positional[0]), located(beforeIndex >= 0 ? args[beforeIndex + 1] : undefined));
}
