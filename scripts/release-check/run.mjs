#!/usr/bin/env node
/**
 * Release check: the whole release flow, end to end, in a temp clone (this checkout is never
 * modified) against a throw-away local registry (verdaccio).
 *
 * 1. Clone HEAD into a temp folder and install (from the pnpm store: no downloads when warm).
 * 2. `changeset status` predicts the versions; before the first release every public package is at
 *    0.0.0 and must become 0.1.0.
 * 3. `npm run version-packages` (changeset version): versions as predicted, a CHANGELOG.md per
 *    package with the changesets' text, the changesets consumed, internal ranges still `workspace:^`.
 * 4. Start verdaccio on a free port with a temp config and storage, create a user, then
 *    `npm run release` (build + changeset publish; prepack builds each package).
 * 5. The registry serves the new versions with real ranges (`^0.1.0`, not `workspace:`), and a
 *    scratch project installs them from the registry and loads them with import and require.
 *
 * Usage: node scripts/release-check/run.mjs [--keep]
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const keep = process.argv.includes("--keep");
const PNPM = ["-y", "pnpm@12.4.2"];
const VERDACCIO = "verdaccio@6.8.0";
/** The version the first release must produce (see .changeset/initial-release.md). */
const FIRST_RELEASE = "0.1.0";

function step(name) {
  console.log(`\n== release-check: ${name}`);
}

/** Runs a command; resolves to its stdout when `capture`, rejects on a non-zero exit. */
function run(command, args, { capture = false, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
      ...options,
    });
    let stdout = "";
    if (capture) child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function freePort() {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

async function readJson(file) {
  return JSON.parse(await readFile(file, "utf8"));
}

async function publicPackages(repo) {
  const found = [];
  for (const folder of (await readdir(join(repo, "packages"))).sort()) {
    const manifest = await readJson(join(repo, "packages", folder, "package.json"));
    if (!manifest.private) found.push({ folder, name: manifest.name, version: manifest.version });
  }
  return found;
}

/** Starts verdaccio with a temp config and storage; resolves when it answers. */
async function startRegistry(work) {
  const dir = join(work, "registry");
  await mkdir(dir, { recursive: true });
  await cp(fileURLToPath(new URL("./verdaccio.yaml", import.meta.url)), join(dir, "config.yaml"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(
    "npx",
    ["-y", VERDACCIO, "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`],
    {
      cwd: dir,
      stdio: ["ignore", "inherit", "inherit"],
      detached: true, // its own process group, so stopping it also stops what npx started
    },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return { url, port, stop };
    } catch {
      // not listening yet (the first npx run also installs verdaccio)
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stop();
  throw new Error("verdaccio did not start within 120 s");
}

/** Creates a registry user (verdaccio's htpasswd accepts the npm adduser call); returns its token. */
async function registryToken(url) {
  const name = "release-check";
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: `pw-${process.pid}-${Date.now()}` }),
  });
  const body = await response.json();
  assert(
    response.ok && typeof body.token === "string",
    `could not create a registry user: ${JSON.stringify(body)}`,
  );
  return body.token;
}

async function main() {
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), "scimkit-release-check-"));
  const repo = join(work, "repo");
  let registry;
  try {
    step("clone HEAD into a temp folder and install");
    await run("git", ["clone", "--quiet", root, repo]);
    // changeset status diffs against the base branch: make a local `main` at HEAD, as after a merge.
    await run("git", ["switch", "--quiet", "-C", "release-check"], { cwd: repo });
    await run("git", ["branch", "--quiet", "-f", "main", "HEAD"], { cwd: repo });
    await run("npx", [...PNPM, "install", "--frozen-lockfile", "--prefer-offline"], { cwd: repo });

    step("changeset status: the versions this release will produce");
    const before = await publicPackages(repo);
    await run("npx", [...PNPM, "exec", "changeset", "status", "--output", "release-plan.json"], {
      cwd: repo,
    });
    const plan = await readJson(join(repo, "release-plan.json"));
    await rm(join(repo, "release-plan.json"));
    const planned = Object.fromEntries(plan.releases.map((release) => [release.name, release.newVersion]));
    for (const pkg of before) {
      assert(planned[pkg.name], `${pkg.name} has no release planned; is a changeset missing?`);
      if (pkg.version === "0.0.0") {
        assert(
          planned[pkg.name] === FIRST_RELEASE,
          `${pkg.name}: the first release must be ${FIRST_RELEASE}, the changesets make it ${planned[pkg.name]}`,
        );
      }
      console.log(`${pkg.name}: ${pkg.version} -> ${planned[pkg.name]}`);
    }
    const changesetTexts = [];
    for (const file of await readdir(join(repo, ".changeset"))) {
      if (!file.endsWith(".md") || file === "README.md") continue;
      const text = await readFile(join(repo, ".changeset", file), "utf8");
      const summary = text.split(/^---$/m)[2]?.trim().split("\n")[0];
      if (summary) changesetTexts.push(summary);
    }

    step("npm run version-packages (changeset version)");
    await run("npm", ["run", "-s", "version-packages"], { cwd: repo });
    for (const pkg of before) {
      const dir = join(repo, "packages", pkg.folder);
      const manifest = await readJson(join(dir, "package.json"));
      assert(
        manifest.version === planned[pkg.name],
        `${pkg.name}: version ${manifest.version}, planned ${planned[pkg.name]}`,
      );
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dep.startsWith("@scimkit/"))
          assert(range === "workspace:^", `${pkg.name} -> ${dep}: range ${range}`);
      }
      const changelog = await readFile(join(dir, "CHANGELOG.md"), "utf8");
      assert(
        changelog.includes(`## ${manifest.version}`),
        `${pkg.name}: CHANGELOG.md has no ${manifest.version} section`,
      );
      console.log(`${pkg.name}@${manifest.version}: CHANGELOG.md written`);
    }
    const allChangelogs = (
      await Promise.all(
        before.map((pkg) => readFile(join(repo, "packages", pkg.folder, "CHANGELOG.md"), "utf8")),
      )
    ).join("\n");
    for (const summary of changesetTexts) {
      assert(allChangelogs.includes(summary), `no CHANGELOG.md carries the changeset "${summary}"`);
    }
    const left = (await readdir(join(repo, ".changeset"))).filter(
      (f) => f.endsWith(".md") && f !== "README.md",
    );
    assert(left.length === 0, `changesets not consumed: ${left.join(", ")}`);

    step(`start ${VERDACCIO} with a temp config and storage`);
    registry = await startRegistry(work);
    const token = await registryToken(registry.url);
    const host = registry.url.replace(/^http:/, "");
    await writeFile(join(repo, ".npmrc"), `registry=${registry.url}\n${host}:_authToken=${token}\n`);
    const registryEnv = { ...process.env, npm_config_registry: registry.url };
    delete registryEnv.NPM_CONFIG_PROVENANCE; // provenance needs the CI's OIDC token; not here

    step("npm run release (build, then changeset publish to the local registry)");
    await run("npm", ["run", "-s", "release"], { cwd: repo, env: registryEnv });

    step("the registry serves the released versions with real ranges");
    for (const pkg of before) {
      const version = planned[pkg.name];
      const response = await fetch(`${registry.url}${pkg.name.replace("/", "%2f")}`);
      assert(response.ok, `${pkg.name}: registry answered ${response.status}`);
      const packument = await response.json();
      const published = packument.versions?.[version];
      assert(published, `${pkg.name}@${version} is not in the registry`);
      assert(
        packument["dist-tags"]?.latest === version,
        `${pkg.name}: latest is ${packument["dist-tags"]?.latest}`,
      );
      for (const [dep, range] of Object.entries(published.dependencies ?? {})) {
        if (dep.startsWith("@scimkit/")) {
          assert(
            range === `^${planned[dep]}`,
            `${pkg.name}@${version} -> ${dep}@${range}, expected ^${planned[dep]}`,
          );
        }
      }
      console.log(
        `${pkg.name}@${version}: published, dependencies ${JSON.stringify(published.dependencies)}`,
      );
    }

    step("install the released packages from the registry and load them");
    const consumer = join(work, "consumer");
    await mkdir(consumer, { recursive: true });
    await writeFile(
      join(consumer, "package.json"),
      JSON.stringify({ name: "release-consumer", private: true }),
    );
    const specs = before
      .filter((p) => p.name !== "@scimkit/server")
      .map((p) => `${p.name}@${planned[p.name]}`);
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...specs],
      {
        cwd: consumer,
        env: registryEnv,
      },
    );
    const probe = [
      'const { createScimClient } = require("@scimkit/client");',
      'const { parseFilter } = require("@scimkit/filter");',
      'if (typeof createScimClient({ baseUrl: "http://x.invalid" }).users.get !== "function") throw new Error("client");',
      'if (parseFilter("active pr").kind !== "present") throw new Error("filter");',
      'import("@scimkit/core").then((core) => { if (!core.createDefaultRegistry) throw new Error("core"); console.log("loaded with require and import"); });',
    ].join("\n");
    await run(process.execPath, ["-e", probe], { cwd: consumer });

    console.log(`\n== release-check: passed in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    registry?.stop();
    if (keep) console.log(`release-check: kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`\nrelease-check FAILED: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
