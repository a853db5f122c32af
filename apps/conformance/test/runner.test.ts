import { describe, expect, it } from "vitest";
import {
  allChecks,
  type Check,
  CheckFailure,
  CheckSkipped,
  defineCheck,
  effectiveLevel,
  runConformance,
  SECTIONS,
  selectChecks,
} from "../src/index.js";

function check(
  id: string,
  level: Check["level"],
  run: Check["run"],
  section: Check["section"] = "users",
): Check {
  return defineCheck({ id, section, level, title: id, citation: "test", run });
}

// Nothing listens here; these checks never send a request and nothing is tracked for cleanup.
const baseUrl = "http://127.0.0.1:9/scim/v2";

describe("runner", () => {
  it("maps returns and throws to pass, fail and skip, and only required failures fail the run", async () => {
    const report = await runConformance({
      baseUrl,
      checks: [
        check("users.a", "MUST", async () => undefined),
        check("users.b", "SHOULD", async () => {
          throw new CheckFailure("optional broke");
        }),
        check("users.c", "MUST", async () => {
          throw new CheckSkipped("not advertised");
        }),
      ],
    });
    expect(report.results.map((result) => [result.id, result.status, result.reason])).toEqual([
      ["users.a", "pass", undefined],
      ["users.b", "fail", "optional broke"],
      ["users.c", "skip", "not advertised"],
    ]);
    expect(report.ok).toBe(true);
  });

  it("reports unexpected errors and timeouts as failures of the check", async () => {
    const report = await runConformance({
      baseUrl,
      checkTimeoutMs: 50,
      checks: [
        check("users.throws", "MUST", async () => {
          throw new TypeError("boom");
        }),
        check("users.hangs", "MUST", () => new Promise(() => undefined)),
      ],
    });
    expect(report.results[0]?.reason).toBe("unexpected error: TypeError: boom");
    expect(report.results[1]?.reason).toBe("check timed out after 50 ms");
    expect(report.ok).toBe(false);
  });

  it("profiles select IdP sections only with their profile, in section order", () => {
    const sections = (profile: "rfc" | "entra" | "okta" | "all") =>
      new Set(selectChecks(allChecks, profile).map((c) => c.section));
    expect(sections("rfc").has("entra") || sections("rfc").has("okta")).toBe(false);
    expect(sections("entra").has("entra") && !sections("entra").has("okta")).toBe(true);
    expect(sections("okta").has("okta") && !sections("okta").has("entra")).toBe(true);
    expect([...sections("all")]).toEqual([...SECTIONS]);
    expect(selectChecks(allChecks, "all", ["paging"]).every((c) => c.section === "paging")).toBe(true);
  });

  it("relaxes an RFC rule an included IdP contradicts to SHOULD, and only then", () => {
    const noTarget = allChecks.find((c) => c.id === "patch.replace-value-path-no-match")!;
    expect(effectiveLevel(noTarget, "rfc")).toBe("MUST");
    expect(effectiveLevel(noTarget, "okta")).toBe("MUST");
    expect(effectiveLevel(noTarget, "entra")).toBe("SHOULD");
    expect(effectiveLevel(noTarget, "all")).toBe("SHOULD");
  });

  it("every built-in check has a unique id prefixed by its section and a citation", () => {
    const ids = allChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of allChecks) {
      expect(c.id.startsWith(`${c.section}.`), c.id).toBe(true);
      expect(c.citation.length, c.id).toBeGreaterThan(5);
      if (c.section === "entra" || c.section === "okta") expect(["IDP", "SHOULD"]).toContain(c.level);
      else expect(c.level, c.id).not.toBe("IDP");
    }
  });

  it("stops a runaway loop at the request budget", async () => {
    const report = await runConformance({
      baseUrl,
      maxRequests: 3,
      checks: [
        check("users.loop", "MUST", async (ctx) => {
          for (let attempt = 0; attempt < 10; attempt += 1) ctx.http.countRequest();
          return undefined;
        }),
      ],
    });
    expect(report.results[0]?.reason).toMatch(/RequestBudgetExceeded: request budget of 3 exhausted/);
  });
});
