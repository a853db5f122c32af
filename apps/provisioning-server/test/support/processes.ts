import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const appRoot = fileURLToPath(new URL("../..", import.meta.url));
/** The committed bin shim of `scimkit-admin` (it loads dist/admin-cli.js). */
export const ADMIN_BIN = `${appRoot}bin/scimkit-admin.js`;
/** The built server entry point (`npm start` runs it). */
export const SERVER_MAIN = `${appRoot}dist/main.js`;

/** These tests run the built bins, as users do; turbo builds them before `test`. */
export function assertBuilt(): void {
  for (const file of [SERVER_MAIN, `${appRoot}dist/admin-cli.js`]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
}

/** Result of one `scimkit-admin` run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `scimkit-admin` bin with `env` added to a minimal environment. */
export function runAdmin(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ADMIN_BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A server process started from dist/main.js. */
export interface ServerProcess {
  readonly url: string;
  /** Everything it printed on stdout so far. */
  readonly stdout: () => string;
  /** Everything it printed on stderr so far. */
  readonly stderr: () => string;
  /** Whether the process is still running. */
  readonly alive: () => boolean;
  /** Sends a signal to the process. */
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
  /** `kill -9`: no shutdown code runs, requests in flight are cut off mid-way. */
  crash(): Promise<void>;
}

/** Starts `node dist/main.js` on a free port and waits for its "SCIM endpoint" line. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_MAIN], {
    env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /SCIM endpoint: (http\S+)/.exec(stdout);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited before listening: ${stderr}${stdout}`));
    });
  });
  return {
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => child.kill(signal),
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
    crash: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
