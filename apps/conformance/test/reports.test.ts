import { describe, expect, it } from "vitest";
import { type RunReport, renderHtml, renderJson, renderJunit } from "../src/index.js";
import { formatSummary, palette } from "../src/report/terminal.js";

const report: RunReport = {
  target: "http://h/scim/v2",
  profile: "all",
  sections: ["users", "entra"],
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 1234,
  requests: 10,
  ok: false,
  cleanup: { deleted: 3, leftOver: [] },
  results: [
    {
      id: "users.create",
      section: "users",
      level: "MUST",
      title: "create <b>",
      citation: "RFC 7644 §3.3",
      status: "pass",
      required: true,
      durationMs: 5,
    },
    {
      id: "users.location",
      section: "users",
      level: "MUST",
      title: "Location",
      citation: "RFC 7644 §3.3",
      status: "fail",
      required: true,
      reason: 'no "Location" & <header>\u0001',
      durationMs: 6,
    },
    {
      id: "users.search",
      section: "users",
      level: "SHOULD",
      title: ".search",
      citation: "RFC 7644 §3.4.3",
      status: "fail",
      required: false,
      reason: "404",
      durationMs: 7,
    },
    {
      id: "entra.x",
      section: "entra",
      level: "IDP",
      title: "x",
      citation: "Entra doc",
      status: "skip",
      required: true,
      reason: "not advertised",
      durationMs: 0,
    },
  ],
};

describe("reports", () => {
  it("JUnit: required failures are <failure>, optional failures and skips are <skipped>, text is escaped", () => {
    const xml = renderJunit(report);
    expect(xml).toMatch(/<testsuite name="users" tests="3" failures="1" errors="0" skipped="1"/);
    expect(xml).toMatch(/<failure message="no &quot;Location&quot; &amp; &lt;header&gt;" type="MUST">/);
    expect(xml).toMatch(/<skipped message="optional check failed: 404"\/>/);
    expect(xml).toMatch(/<testsuite name="entra" tests="1" failures="0" errors="0" skipped="1"/);
    expect(xml.includes("\u0001")).toBe(false);
    expect(xml).toMatch(/name="users.create \[MUST\] create &lt;b&gt;"/);
  });

  it("HTML: standalone page with the verdict, summary and escaped content", () => {
    const html = renderHtml(report);
    expect(html).toMatch(/FAILED/);
    expect(html).toMatch(/<td>users<\/td><td>1\/2 ✗1<\/td><td>-<\/td><td>0\/1 ✗1<\/td>/);
    expect(html).toContain("create &lt;b&gt;");
    expect(html).not.toContain("create <b>");
  });

  it("JSON: the report plus totals and the per-section summary", () => {
    const json = JSON.parse(renderJson(report)) as { totals: Record<string, number>; summary: unknown[] };
    expect(json.totals).toEqual({ pass: 1, fail: 2, skip: 1, requiredFailed: 1 });
    expect(json.summary).toHaveLength(2);
  });

  it("terminal summary: a table by section and level, and the verdict", () => {
    const text = formatSummary(report, palette(false));
    expect(text).toMatch(/section\s+MUST\s+IDP\s+SHOULD/);
    expect(text).toMatch(/users\s+1\/2 ✗1\s+-\s+0\/1 ✗1/);
    expect(text).toMatch(/entra\s+-\s+0\/0 ~1\s+-/);
    expect(text).toMatch(/FAILED: 1 required check\(s\) failed/);
  });
});
