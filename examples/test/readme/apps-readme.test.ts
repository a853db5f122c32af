/**
 * The ts blocks of apps/conformance/README.md run here against the Express example (SQLite, bearer
 * token, real HTTP): the programmatic run of two sections and the custom check.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runConformance } from "@scimkit/conformance";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createScimApp } from "../../src/express-server.js";
import { myCheck } from "../../src/readme/conformance-check.js";

const TOKEN = "conformance-readme-token";
const workDir = mkdtempSync(join(tmpdir(), "scimkit-apps-readme-"));
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createScimApp({ token: TOKEN, databaseFile: join(workDir, "scim.db") }).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

describe("conformance README: programmatic use", () => {
  it("runs the discovery and users sections, prints each result and writes JUnit XML", async () => {
    process.env.SCIM_URL = baseUrl;
    process.env.SCIM_TOKEN = TOKEN;
    process.env.JUNIT_FILE = join(workDir, "conformance.xml");
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    try {
      const { report } = await import("../../src/readme/conformance-run.js");
      expect(report.ok).toBe(true);
      expect(new Set(report.results.map((result) => result.section))).toEqual(
        new Set(["discovery", "users"]),
      );
      expect(printed.length).toBe(report.results.length);
      expect(readFileSync(join(workDir, "conformance.xml"), "utf8")).toContain("<testsuite");
    } finally {
      log.mockRestore();
      delete process.env.SCIM_URL;
      delete process.env.SCIM_TOKEN;
      delete process.env.JUNIT_FILE;
    }
  }, 150_000);

  it("the custom check passes against the kit", async () => {
    const report = await runConformance({ baseUrl, token: TOKEN, profile: "all", checks: [myCheck] });
    expect(report.results.map((result) => [result.id, result.status])).toEqual([["users.my-rule", "pass"]]);
  });
});
