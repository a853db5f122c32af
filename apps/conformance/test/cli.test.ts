import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { parseCliOptions, UsageError } from "../src/cli-options.js";
import { type KitServer, startKitServer, TOKEN } from "./fixtures/kit-server.js";

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text), isTty: false },
    out,
    err,
  };
}

describe("command-line options", () => {
  it("parses every option", () => {
    const options = parseCliOptions(
      [
        "--url",
        "http://h/scim",
        "--token",
        "t",
        "--profile",
        "okta",
        "--only",
        "users,filters",
        "--json",
        "r.json",
        "--junit",
        "r.xml",
        "--html",
        "r.html",
        "--timeout",
        "500",
        "--max-requests",
        "9",
        "--no-color",
      ],
      {},
    );
    expect(options).toEqual({
      url: "http://h/scim",
      token: "t",
      profile: "okta",
      only: ["users", "filters"],
      json: "r.json",
      junit: "r.xml",
      html: "r.html",
      timeoutMs: 500,
      maxRequests: 9,
      color: false,
      list: false,
    });
  });

  it("takes the token from SCIM_TOKEN and defaults the profile to all", () => {
    const options = parseCliOptions(["--url", "https://h/scim"], { SCIM_TOKEN: "from-env" });
    expect(options).toMatchObject({ token: "from-env", profile: "all", timeoutMs: 10_000 });
  });

  it.each([
    [[], /--url is required/],
    [["--url", "ftp://h"], /http\(s\) URL/],
    [["--url", "http://h", "--profile", "azure"], /--profile must be one of/],
    [["--url", "http://h", "--only", "users,nope"], /unknown section\(s\) nope/],
    [["--url", "http://h", "--timeout", "-1"], /--timeout/],
    [["--url", "http://h", "--bogus"], /Unknown option/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCliOptions(argv as string[], {})).toThrow(UsageError);
    expect(() => parseCliOptions(argv as string[], {})).toThrow(message);
  });
});

describe("scimkit-conformance main()", () => {
  let server: KitServer;
  let dir: string;
  beforeAll(async () => {
    server = await startKitServer();
    dir = await mkdtemp(join(tmpdir(), "conformance-cli-"));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("exits 2 with usage on bad arguments, 0 on --help", async () => {
    const bad = captureIo();
    expect(await main(["--profile", "x"], bad.io)).toBe(2);
    expect(bad.err.join("\n")).toMatch(/Usage: scimkit-conformance/);
    const help = captureIo();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.out.join("\n")).toMatch(/--junit <file>/);
  });

  it("exits 2 when the endpoint cannot be reached", async () => {
    const { io, err } = captureIo();
    expect(await main(["--url", "http://127.0.0.1:1/scim/v2", "--timeout", "2000"], io)).toBe(2);
    expect(err.join("\n")).toMatch(/cannot reach/);
  });

  it("lists the checks of a profile", async () => {
    const { io, out } = captureIo();
    expect(await main(["--list", "--profile", "rfc"], io)).toBe(0);
    expect(out.some((line) => line.startsWith("filters.value-path "))).toBe(true);
    expect(out.some((line) => line.startsWith("entra."))).toBe(false);
  });

  it("runs sections, prints progress and the summary table, writes JSON, JUnit and HTML, exits 0", async () => {
    const { io, out } = captureIo();
    const files = { json: join(dir, "r.json"), junit: join(dir, "r.xml"), html: join(dir, "r.html") };
    const code = await main(
      [
        "--url",
        server.baseUrl,
        "--token",
        TOKEN,
        "--only",
        "discovery,errors",
        "--json",
        files.json,
        "--junit",
        files.junit,
        "--html",
        files.html,
      ],
      io,
    );
    const text = out.join("\n");
    expect(code, text).toBe(0);
    expect(text).toMatch(/✓ discovery\.service-provider-config \[MUST\]/);
    expect(text).toMatch(/section\s+MUST\s+IDP\s+SHOULD/);
    expect(text).toMatch(/errors\s+7\/7/);
    expect(text).toMatch(/PASSED/);
    const json = JSON.parse(await readFile(files.json, "utf8")) as { ok: boolean; results: { id: string }[] };
    expect(json.ok).toBe(true);
    expect(json.results.map((result) => result.id)).toContain("errors.unauthenticated");
    const junit = await readFile(files.junit, "utf8");
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toMatch(/<testsuite name="errors" tests="10" failures="0"/);
    const html = await readFile(files.html, "utf8");
    expect(html).toMatch(/<!doctype html>/);
    expect(html).toMatch(/PASSED/);
    expect(html).not.toMatch(/<script|<link /);
  }, 60_000);

  it("exits 1 when a required check fails (wrong token: every authenticated check fails)", async () => {
    const { io, out } = captureIo();
    const code = await main(["--url", server.baseUrl, "--token", "wrong", "--only", "users"], io);
    expect(code).toBe(1);
    expect(out.join("\n")).toMatch(/FAILED: \d+ required check\(s\) failed/);
  }, 60_000);
});
