import { describe, expect, it } from "vitest";
import { parseSoakArgs } from "../soak/options.js";
import { formatSoakReport, memoryGrowth, SoakRecorder, soakFailures } from "../soak/report.js";
import { parseBenchArgs } from "../suite/options.js";

describe("npm run bench options", () => {
  it("defaults to the issue's sizes on both stores, and tiny sizes with --smoke", () => {
    const full = parseBenchArgs([]);
    expect(full).toMatchObject({
      smoke: false,
      stores: ["sqlite", "postgres"],
      sizes: [1000, 10000, 100000],
    });
    expect(full.members).toBe(5000);
    const smoke = parseBenchArgs(["--smoke"]);
    expect(smoke.smoke).toBe(true);
    expect(smoke.sizes.at(-1)).toBeLessThan(100);
  });

  it("takes --store, --rows (sorted), --members, --seconds and BENCH_SECONDS", () => {
    const options = parseBenchArgs(
      ["--store", "postgres", "--rows", "50000,1000", "--members", "300", "--out", "x.json"],
      { BENCH_SECONDS: "2" },
    );
    expect(options).toMatchObject({
      stores: ["postgres"],
      sizes: [1000, 50000],
      members: 300,
      seconds: 2,
      out: "x.json",
    });
    expect(parseBenchArgs(["--seconds", "0.5"]).seconds).toBe(0.5);
  });

  it("names the flag a bad value was given to", () => {
    expect(() => parseBenchArgs(["--store", "mysql"])).toThrow(
      /--store takes sqlite or postgres, got "mysql"/,
    );
    expect(() => parseBenchArgs(["--rows", "10,x"])).toThrow(/--rows needs a positive integer, got "x"/);
    expect(() => parseBenchArgs(["--members"])).toThrow(/--members needs a positive integer/);
    expect(() => parseBenchArgs(["--fast"])).toThrow(/unknown option "--fast"/);
  });
});

describe("npm run soak options", () => {
  it("defaults to 10 minutes on SQLite with one instance", () => {
    expect(parseSoakArgs([])).toMatchObject({ minutes: 10, store: "sqlite", instances: 1, connections: 16 });
  });

  it("takes --minutes (fractions), --store and --instances", () => {
    expect(parseSoakArgs(["--minutes", "0.5", "--store", "postgres", "--instances", "3"])).toMatchObject({
      minutes: 0.5,
      store: "postgres",
      instances: 3,
    });
  });

  it("names the flag a bad value was given to", () => {
    expect(() => parseSoakArgs(["--instances", "1.5"])).toThrow(
      /--instances needs a positive integer, got "1.5"/,
    );
    expect(() => parseSoakArgs(["--minutes", "-1"])).toThrow(/--minutes needs a positive number/);
    expect(() => parseSoakArgs(["--store", "memory"])).toThrow(/--store takes sqlite or postgres/);
    expect(() => parseSoakArgs(["--verbose"])).toThrow(/unknown option "--verbose"/);
  });
});

describe("soak report", () => {
  const extra = { settings: { store: "sqlite" }, serverExits: 0, consistency: [] };

  it("counts requests, statuses and percentiles per operation and overall", () => {
    const recorder = new SoakRecorder();
    for (let i = 1; i <= 100; i++) recorder.answer("lookup", 200, i, true);
    recorder.answer("create", 201, 500, true);
    const report = recorder.report(10, extra);
    expect(report).toMatchObject({ requests: 101, perSecond: 10.1, statuses: { "200": 100, "201": 1 } });
    expect(report.operations.lookup).toMatchObject({ requests: 100, p50: 51, p99: 100, failures: 0 });
    expect(report.p99).toBe(100);
    expect(soakFailures(report)).toEqual([]);
    expect(formatSoakReport(report)).toMatch(/PASS$/);
  });

  it("fails on a 5xx, on a failed request, on a dead process and on a consistency problem", () => {
    const recorder = new SoakRecorder();
    recorder.answer("lookup", 200, 1, true);
    recorder.answer("member-add", 503, 2, false, "database unavailable");
    recorder.fail("delete", "DELETE /Users/1: fetch failed");
    const report = recorder.report(1, { ...extra, serverExits: 1, consistency: ["group g: 1 missing"] });
    expect(report.serverErrors).toBe(1);
    expect(report.failures).toBe(2);
    expect(soakFailures(report)).toEqual([
      "1 answers with a 5xx status",
      "2 failed requests",
      "1 server processes exited",
      "consistency: group g: 1 missing",
    ]);
    expect(report.failureSamples).toEqual([
      "member-add: 503 database unavailable",
      "DELETE /Users/1: fetch failed",
    ]);
    expect(formatSoakReport(report)).toMatch(/FAIL: 1 answers with a 5xx status/);
  });

  it("takes memory start and end as medians of three samples, so one sample around a GC does not decide", () => {
    const mib = 1024 * 1024;
    const samples = [100, 300, 110, 120, 130, 500, 140, 150].map((m, i) => ({
      at: i,
      rss: m * mib,
      heapUsed: m * mib,
    }));
    expect(memoryGrowth(samples)).toEqual({
      samples: 8,
      rssStartMiB: 110,
      rssEndMiB: 150,
      rssPeakMiB: 500,
      heapStartMiB: 110,
      heapEndMiB: 150,
      heapPeakMiB: 500,
    });
  });
});
