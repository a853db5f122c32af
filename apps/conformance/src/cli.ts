import { realpathSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { allChecks } from "./checks/index.js";
import { type CliOptions, parseCliOptions, USAGE, UsageError } from "./cli-options.js";
import { renderHtml } from "./report/html.js";
import { renderJson } from "./report/json.js";
import { renderJunit } from "./report/junit.js";
import { formatProgress, formatSummary, palette } from "./report/terminal.js";
import { runConformance, selectChecks } from "./runner.js";

/** Output streams, injectable for tests. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  isTty: process.stdout.isTTY === true,
};

/**
 * Runs the CLI and resolves to the exit status: 0 when no required check failed, 1 when one did,
 * 2 on usage errors or when the endpoint cannot be reached.
 */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let options: CliOptions | "help";
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`scimkit-conformance: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    io.out(USAGE);
    return 0;
  }
  if (options.list) {
    for (const check of selectChecks(allChecks, options.profile, options.only)) {
      io.out(`${check.id.padEnd(52)} ${check.level.padEnd(6)} ${check.citation}`);
    }
    return 0;
  }
  const colours = palette(options.color && io.isTty);
  io.out(colours.bold(`scimkit-conformance → ${options.url} (profile ${options.profile})`));
  try {
    const probe = await fetch(`${options.url.replace(/\/+$/, "")}/ServiceProviderConfig`, {
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await probe.body?.cancel();
  } catch (error) {
    io.err(
      `scimkit-conformance: cannot reach ${options.url}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  const report = await runConformance({
    baseUrl: options.url,
    token: options.token,
    profile: options.profile,
    only: options.only,
    requestTimeoutMs: options.timeoutMs,
    maxRequests: options.maxRequests,
    checks: allChecks,
    onProgress: (event) => io.out(formatProgress(event, colours)),
  });
  io.out(formatSummary(report, colours));
  const outputs: [string | undefined, () => string][] = [
    [options.json, () => renderJson(report)],
    [options.junit, () => renderJunit(report)],
    [options.html, () => renderHtml(report)],
  ];
  for (const [file, render] of outputs) {
    if (file) {
      await writeFile(file, render(), "utf8");
      io.out(colours.dim(`wrote ${file}`));
    }
  }
  return report.ok ? 0 : 1;
}

/** True when this module is the process entry point (also through the npm bin symlink). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

// Run only when executed as the bin, not when imported by tests.
if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `scimkit-conformance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 2;
    },
  );
}
