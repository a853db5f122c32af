import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig, startProvisioningServer } from "@scimkit/provisioning-server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allChecks, type RunReport, runConformance } from "../src/index.js";
import { brokenServers } from "./fixtures/broken-servers.js";
import { type KitServer, startKitServer, TOKEN } from "./fixtures/kit-server.js";
import { KNOWN_KIT_DEFECTS, KNOWN_POSTGRES_DEFECTS } from "./fixtures/known-kit-defects.js";

function failedRequired(report: RunReport): string[] {
  return report.results
    .filter((result) => result.status === "fail" && result.required)
    .map((result) => result.id);
}

/** Required failures that are not a known, documented kit defect. */
function unexpectedFailures(report: RunReport, known: Record<string, string> = KNOWN_KIT_DEFECTS): string[] {
  return failedRequired(report).filter((id) => !(id in known));
}

function describeFailures(report: RunReport): string {
  return report.results
    .filter((result) => result.status === "fail")
    .map((result) => `${result.id}: ${result.reason}`)
    .join("\n");
}

describe("the harness against the real server kit", () => {
  let server: KitServer;
  let report: RunReport;
  beforeAll(async () => {
    server = await startKitServer();
    report = await runConformance({
      baseUrl: server.baseUrl,
      token: TOKEN,
      profile: "all",
      checks: allChecks,
    });
  }, 120_000);
  afterAll(() => server.close());

  it("passes every required check (profile all, default interop rules)", () => {
    expect(unexpectedFailures(report), describeFailures(report)).toEqual([]);
    expect(report.results.filter((result) => result.status === "pass").length).toBeGreaterThan(150);
  });

  it("runs every section and skips only what the ServiceProviderConfig does not advertise", () => {
    expect(new Set(report.results.map((result) => result.section)).size).toBe(13);
    const skipped = report.results.filter((result) => result.status === "skip");
    for (const result of skipped)
      expect(result.reason).toMatch(/ServiceProviderConfig|maxOperations|declare/);
  });

  it("removes everything it created", async () => {
    expect(report.cleanup.leftOver).toEqual([]);
    expect(report.cleanup.deleted).toBeGreaterThan(50);
    const users = await fetch(`${server.baseUrl}/Users?count=0`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const groups = await fetch(`${server.baseUrl}/Groups?count=0`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(((await users.json()) as { totalResults: number }).totalResults).toBe(0);
    expect(((await groups.json()) as { totalResults: number }).totalResults).toBe(0);
  });

  it("reports RFC 7644 §3.5.2.3 noTarget as relaxed (SHOULD) when the Entra profile is included", () => {
    const noTarget = report.results.find((result) => result.id === "patch.replace-value-path-no-match");
    expect(noTarget?.level).toBe("SHOULD");
  });
});

describe("the harness against the kit with every interop rule off (strict RFC)", () => {
  it("passes every required check of profile rfc, with §3.5.2.3 noTarget required", async () => {
    const server = await startKitServer(undefined, { interop: "strict" });
    try {
      const report = await runConformance({
        baseUrl: server.baseUrl,
        token: TOKEN,
        profile: "rfc",
        checks: allChecks,
      });
      expect(unexpectedFailures(report), describeFailures(report)).toEqual([]);
      const noTarget = report.results.find((result) => result.id === "patch.replace-value-path-no-match");
      expect(noTarget).toMatchObject({ level: "MUST", status: "pass" });
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe("the harness catches deliberately broken servers", () => {
  for (const broken of brokenServers) {
    it(`${broken.name}: fails exactly ${broken.expectedFailures.join(", ")}`, async () => {
      const server = await startKitServer(broken.breakIt, broken.config);
      try {
        const report = await runConformance({
          baseUrl: server.baseUrl,
          token: TOKEN,
          profile: broken.profile,
          only: broken.only,
          checks: allChecks,
        });
        const expected = [...broken.expectedFailures].sort();
        const failed = failedRequired(report).filter(
          (id) => !(id in KNOWN_KIT_DEFECTS) || expected.includes(id),
        );
        expect(failed.sort(), describeFailures(report)).toEqual(expected);
        expect(report.ok).toBe(false);
      } finally {
        await server.close();
      }
    }, 60_000);
  }
});

/** Starts the real provisioning server (what `npm start` runs) in-process on a free port. */
async function startProvisioning(env: NodeJS.ProcessEnv) {
  const config = readConfig({ PORT: "0", HOST: "127.0.0.1", SCIM_TOKEN: TOKEN, ...env });
  return startProvisioningServer(config, () => undefined);
}

async function runAll(baseUrl: string): Promise<RunReport> {
  return runConformance({ baseUrl, token: TOKEN, profile: "all", checks: allChecks });
}

describe("the harness against the provisioning server on SQLite (the Quick start endpoint)", () => {
  it("passes every required check (profile all)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scimkit-conformance-"));
    const server = await startProvisioning({ DATABASE_FILE: join(dir, "scim.db") });
    try {
      const report = await runAll(server.url);
      expect(unexpectedFailures(report), describeFailures(report)).toEqual([]);
      expect(report.cleanup.leftOver).toEqual([]);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("the harness against the provisioning server on PostgreSQL", () => {
  // CI starts PostgreSQL (PG_TEST_URL); an unreachable database fails this test rather than skipping it.
  const url =
    process.env.PG_TEST_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

  it("passes every required check (profile all)", async () => {
    const schema = `conformance_${randomBytes(5).toString("hex")}`;
    const server = await startProvisioning({ DATABASE_URL: url, DATABASE_SCHEMA: schema });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const report = await runAll(server.url);
      expect(
        unexpectedFailures(report, { ...KNOWN_KIT_DEFECTS, ...KNOWN_POSTGRES_DEFECTS }),
        describeFailures(report),
      ).toEqual([]);
      expect(report.cleanup.leftOver).toEqual([]);
    } finally {
      await server.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  }, 180_000);
});
