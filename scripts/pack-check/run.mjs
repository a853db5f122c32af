#!/usr/bin/env node
/**
 * Pack-and-consume check: what a new npm user gets, tested outside the monorepo.
 *
 * 1. `pnpm pack` every public package (prepack builds it; workspace ranges become real ranges).
 * 2. publint --strict and attw on each tarball.
 * 3. Scratch projects in a temp folder, installed from the tarballs only (plus the documented peers):
 *    - server: every entry point through `import` and `require`, and round trips (Express over
 *      SQLite, the Fetch handler, PostgreSQL when PG_TEST_URL is set) with the packed client;
 *    - client: only core, filter and client installed; `import` and `require` round trips against
 *      a server started from the server project;
 *    - browser: the client bundled for the browser, run with web globals only against that server;
 *    - worker: `@scimkit/server/fetch` bundled for a neutral platform and run with web globals only
 *      (no `Buffer`, no `process`), driven by the browser client bundle.
 *
 * Usage: node scripts/pack-check/run.mjs [--keep]   (--keep leaves the temp folder for inspection)
 */
import { spawn } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { runWithWebGlobalsOnly } from "./web-sandbox.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const consumerDir = fileURLToPath(new URL("./consumer/", import.meta.url));
const bin = (name) => join(root, "node_modules", ".bin", name);
const keep = process.argv.includes("--keep");
/**
 * Entry points published for `import` only: `@scimkit/server/testing` runs inside vitest, which
 * cannot be loaded with `require`.
 */
const esmOnlyEntryPoints = { "@scimkit/server": ["./testing"] };
/** The bearer token the consumers' servers accept (see consumer/round-trip.cjs). */
const TOKEN = "pack-check-token";

const failures = [];

/** Runs one named check; a failure is reported and recorded, and the next checks still run. */
async function check(name, body) {
  console.log(`\n== pack-check: ${name}`);
  try {
    return await body();
  } catch (error) {
    failures.push(name);
    console.error(`!! pack-check: ${name} FAILED\n${error instanceof Error ? error.stack : error}`);
    return undefined;
  }
}

/** A step later checks need: its failure ends the run. */
async function step(name, body) {
  console.log(`\n== pack-check: ${name}`);
  return body();
}

/** Runs a command, streaming its output; rejects with the command line on a non-zero exit. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** The public packages: every packages/* folder whose package.json is not private. */
async function publicPackages() {
  const folders = await readdir(join(root, "packages"));
  const found = [];
  for (const folder of folders.sort()) {
    const dir = join(root, "packages", folder);
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    if (!manifest.private) found.push({ dir, manifest });
  }
  return found;
}

/** `@scimkit/core` 0.1.0 → scimkit-core-0.1.0.tgz, the name pnpm pack gives it. */
function tarballName(manifest) {
  return `${manifest.name.replace(/^@/, "").replace("/", "-")}-${manifest.version}.tgz`;
}

async function createProject(dir, name, dependencies) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, private: true }, null, 2));
  await cp(consumerDir, dir, { recursive: true });
  // --prefer-offline: packages come from the npm cache when it has them, so reruns need no network.
  // --ignore-scripts: our tarballs have no install scripts; better-sqlite3's is handled below.
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--ignore-scripts",
      "--loglevel=error",
      ...dependencies,
    ],
    { cwd: dir },
  );
  await provideSqliteBinary(dir);
}

/**
 * better-sqlite3 compiles its native addon at install time (about a minute). When the workspace
 * already built the same version for this Node, its addon is copied; otherwise it is rebuilt.
 */
async function provideSqliteBinary(dir) {
  const installed = join(dir, "node_modules", "better-sqlite3");
  let scratchVersion;
  try {
    scratchVersion = JSON.parse(await readFile(join(installed, "package.json"), "utf8")).version;
  } catch {
    return; // not installed in this project
  }
  const addon = join("build", "Release", "better_sqlite3.node");
  try {
    const requireFromServer = createRequire(join(root, "packages", "server", "package.json"));
    const workspaceDir = dirname(requireFromServer.resolve("better-sqlite3/package.json"));
    const workspaceVersion = JSON.parse(await readFile(join(workspaceDir, "package.json"), "utf8")).version;
    if (workspaceVersion === scratchVersion) {
      await mkdir(join(installed, "build", "Release"), { recursive: true });
      await copyFile(join(workspaceDir, addon), join(installed, addon));
      return;
    }
  } catch {
    // fall through to a rebuild
  }
  await run("npm", ["rebuild", "better-sqlite3", "--loglevel=error"], { cwd: dir });
}

/** Starts the packed-kit server of serve.mjs; resolves to its base URL and a stop function. */
function startServer(cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["serve.mjs"], { cwd, stdio: ["ignore", "pipe", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`serve.mjs exited early (${code})`)));
    child.stdout.setEncoding("utf8");
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const line = output.split("\n")[0];
      if (output.includes("\n")) {
        child.removeAllListeners("exit");
        resolve({ baseUrl: line.trim(), stop: () => child.kill("SIGTERM") });
      }
    });
  });
}

async function bundle(entry, platform) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform,
    // A worker runtime resolves like a browser: no `node` condition, ESM entries first.
    conditions: platform === "neutral" ? ["worker", "browser"] : ["browser"],
    mainFields: ["browser", "module", "main"],
    target: "es2022",
    logLevel: "error",
  });
  return result.outputFiles[0].text;
}

async function main() {
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), "scimkit-pack-check-"));
  const tarballs = join(work, "tarballs");
  try {
    const packages = await publicPackages();
    const names = packages.map((p) => p.manifest.name);

    await step(`pnpm pack (prepack builds): ${names.join(", ")}`, async () => {
      for (const { dir } of packages) {
        await run("npx", ["-y", "pnpm@12.4.2", "pack", "--pack-destination", tarballs], {
          cwd: dir,
          stdio: ["ignore", "ignore", "inherit"],
        });
      }
    });
    const tarball = Object.fromEntries(
      packages.map(({ manifest }) => [manifest.name, join(tarballs, tarballName(manifest))]),
    );

    for (const name of names) {
      await check(`publint --strict ${name}`, () => run(bin("publint"), ["run", tarball[name], "--strict"]));
      const esmOnly = esmOnlyEntryPoints[name] ?? [];
      const attw = [tarball[name], "--no-emoji", "--no-color", "--format", "table-flipped"];
      await check(`attw ${name}`, () =>
        run(bin("attw"), esmOnly.length > 0 ? [...attw, "--exclude-entrypoints", ...esmOnly] : attw),
      );
      if (esmOnly.length > 0) {
        await check(`attw --profile esm-only ${name} ${esmOnly.join(" ")}`, () =>
          run(bin("attw"), [...attw, "--profile", "esm-only", "--entrypoints", ...esmOnly]),
        );
      }
    }

    const serverManifest = packages.find((p) => p.manifest.name === "@scimkit/server").manifest;
    // The peer versions the workspace tests with, so the scratch project runs what CI tested.
    const rootManifest = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    const testedVersion = (name) =>
      serverManifest.devDependencies?.[name] ??
      rootManifest.devDependencies?.[name] ??
      serverManifest.peerDependencies[name];
    const peers = Object.keys(serverManifest.peerDependencies ?? {}).map(
      (name) => `${name}@${testedVersion(name)}`,
    );
    const serverProject = join(work, "server");
    await step(`install the server project: the ${names.length} tarballs + ${peers.join(", ")}`, () =>
      createProject(serverProject, "pack-check-server", [...Object.values(tarball), ...peers]),
    );
    await check("server project: ESM import of every entry point + round trips", () =>
      run(process.execPath, ["server-esm.mjs"], { cwd: serverProject }),
    );
    await check("server project: CJS require of every entry point + round trips", () =>
      run(process.execPath, ["server-cjs.cjs"], { cwd: serverProject }),
    );
    await check("server project: the store contract suite (@scimkit/server/testing) under vitest", () =>
      run(process.execPath, [join("node_modules", "vitest", "vitest.mjs"), "run", "--root", "."], {
        cwd: serverProject,
      }),
    );

    const clientProject = join(work, "client");
    const clientPackages = ["@scimkit/core", "@scimkit/filter", "@scimkit/client"];
    await step(`install the client project: ${clientPackages.join(", ")} tarballs only`, () =>
      createProject(
        clientProject,
        "pack-check-client",
        clientPackages.map((name) => tarball[name]),
      ),
    );
    const clientBundle = await check("bundle the client for the browser (esbuild, platform browser)", () =>
      bundle(join(clientProject, "web-client.mjs"), "browser"),
    );

    const server = await step("start a packed-kit server (serve.mjs)", () => startServer(serverProject));
    try {
      await check("client project: ESM import + round trip", () =>
        run(process.execPath, ["client-esm.mjs", server.baseUrl], { cwd: clientProject }),
      );
      await check("client project: CJS require + round trip", () =>
        run(process.execPath, ["client-cjs.cjs", server.baseUrl], { cwd: clientProject }),
      );
      if (clientBundle) {
        await check("browser bundle of the client, run with web globals only", async () => {
          const browser = runWithWebGlobalsOnly([clientBundle], { fetch: globalThis.fetch });
          const result = await browser.runScimClient({ baseUrl: server.baseUrl, token: TOKEN }, "browser");
          assertWalk(result, "browser");
        });
      }
    } finally {
      server.stop();
    }

    if (clientBundle) {
      await check(
        "worker bundle of @scimkit/server/fetch (platform neutral), run with web globals only",
        async () => {
          const workerBundle = await bundle(join(serverProject, "worker.mjs"), "neutral");
          const worker = runWithWebGlobalsOnly([workerBundle, clientBundle], { SCIM_TOKEN: TOKEN });
          const result = await worker.runScimClient(
            {
              baseUrl: "https://worker.invalid/scim/v2",
              token: TOKEN,
              fetch: (input, init) => worker.scimWorker.fetch(new Request(input, init)),
            },
            "worker",
          );
          assertWalk(result, "worker");
        },
      );
    }
  } finally {
    if (keep) console.log(`pack-check: kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  if (failures.length > 0) {
    console.error(
      `\n== pack-check: ${failures.length} check(s) FAILED in ${seconds} s:\n- ${failures.join("\n- ")}`,
    );
    process.exitCode = 1;
  } else {
    console.log(`\n== pack-check: all checks passed in ${seconds} s`);
  }
}

/** The web client created three users, read the first and walked them one page at a time. */
function assertWalk(result, label) {
  const names = [...result.seen].sort();
  if (
    !result.readUserName.endsWith("-1") ||
    names.length !== 3 ||
    !names.every((n, i) => n.endsWith(`-${i + 1}`))
  ) {
    throw new Error(`${label}: unexpected round trip result ${JSON.stringify(result)}`);
  }
  console.log(`${label}: created, read and paged by cursor through ${names.length} users`);
}

main().catch((error) => {
  console.error(`\npack-check FAILED: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
