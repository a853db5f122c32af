/**
 * Every fenced code block of the root README, the guides in docs/, CONTRIBUTING.md, the examples
 * README and the READMEs of the packages and apps is either run here or marked as output:
 *
 * - ```ts blocks must be a `#region readme` of a file under examples/src or examples/test (verbatim
 *   apart from the region's common indentation; subfolders included), which this package
 *   type-checks and its tests run;
 * - ```sh blocks: `curl` lines are sent to the Express example (token `change-me`); `npm run`,
 *   `npm test` and `npm start` name scripts that exist; `npm install` names only published
 *   packages and their documented peers and types; conformance CLI lines parse with its own
 *   option parser; `scimkit-admin` lines run, in order, against a scratch SQLite database and must
 *   exit 0; `git` lines are clone instructions;
 * - ```json blocks (configuration files, bodies) must parse;
 * - ```text blocks are output and are not run.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseCliOptions } from "../../apps/conformance/src/cli-options.ts";
import { runAdminCli } from "../../apps/provisioning-server/src/admin-cli/main.ts";
import { createScimApp } from "../src/express-server.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Documents whose blocks of the listed languages a test beside the code they document runs (it
 * reads the document and executes or compares each block): the table-mapping guide is run by the
 * server package's tests, the core README's ts blocks by the core package's `readme.test.ts`.
 */
const VERIFIED_BY_OWN_TEST: Readonly<Record<string, { test: string; langs: readonly string[] }>> = {
  [join("docs", "table-mapping.md")]: {
    test: join("packages", "server", "test", "mapping", "guide.test.ts"),
    langs: ["ts", "sql"],
  },
  [join("packages", "core", "README.md")]: {
    test: join("packages", "core", "test", "readme.test.ts"),
    langs: ["ts"],
  },
};
const DOC_TOKEN = "change-me";
const DOC_BASE = "http://localhost:8080/scim/v2";

interface CodeBlock {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly code: string;
}

function docFiles(): string[] {
  const docs = readdirSync(join(repo, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join("docs", name));
  const readmes = ["packages", "apps"].flatMap((folder) =>
    readdirSync(join(repo, folder))
      .map((name) => join(folder, name, "README.md"))
      .filter((file) => existsSync(join(repo, file))),
  );
  return ["README.md", "CONTRIBUTING.md", join("examples", "README.md"), ...docs, ...readmes];
}

function codeBlocks(file: string): CodeBlock[] {
  const text = readFileSync(join(repo, file), "utf8");
  const blocks: CodeBlock[] = [];
  for (const match of text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, match.index).split("\n").length;
    blocks.push({ file, line, lang: match[1]!.trim(), code: match[2]! });
  }
  return blocks;
}

/** Removes the indentation all non-blank lines share (a region inside a test body is indented). */
function dedent(code: string): string {
  const lines = code.split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)![0].length);
  const common = Math.min(...indents);
  return lines.map((line) => line.slice(common)).join("\n");
}

interface Region {
  /** The file, relative to examples/. */
  readonly file: string;
  readonly code: string;
}

/** The `#region readme` … `#endregion readme` parts (dedented) of every .ts file under examples/src and examples/test. */
function exampleRegions(): Region[] {
  const regions: Region[] = [];
  for (const folder of ["src", "test"]) {
    const names = readdirSync(join(repo, "examples", folder), { recursive: true, encoding: "utf8" });
    for (const name of names.filter((n) => n.endsWith(".ts"))) {
      const text = readFileSync(join(repo, "examples", folder, name), "utf8");
      for (const match of text.matchAll(/\/\/ #region readme\n([\s\S]*?)\/\/ #endregion readme/g)) {
        regions.push({ file: join(folder, name), code: dedent(match[1]!).trim() });
      }
    }
  }
  return regions;
}

/** The region sharing the most lines with a block: where a block and its mirror have drifted apart. */
function closestRegion(code: string, regions: readonly Region[]): Region | undefined {
  const lines = new Set(code.split("\n").filter((line) => line.trim() !== ""));
  let best: Region | undefined;
  let bestShared = 0;
  for (const region of regions) {
    const shared = region.code.split("\n").filter((line) => lines.has(line)).length;
    if (shared > bestShared) [best, bestShared] = [region, shared];
  }
  return bestShared >= Math.min(3, lines.size) ? best : undefined;
}

/** Splits a shell line into words, honouring single and double quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Commands of a sh block: comments and trailing `# …` dropped, leading `VAR=value` kept apart. */
function shellCommands(code: string): { env: string[]; words: string[]; text: string }[] {
  return code
    .split("\n")
    .map((line) => line.replace(/\s+#\s.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((text) => {
      const words = shellWords(text);
      const env: string[] = [];
      while (words[0] && /^[A-Z_]+=/.test(words[0])) env.push(words.shift()!);
      return { env, words, text };
    });
}

const rootScripts = (
  JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

/** Published package names, with the peers and @types the READMEs may tell users to install. */
function installable(): Set<string> {
  const names = new Set<string>();
  for (const folder of readdirSync(join(repo, "packages"))) {
    const manifest = JSON.parse(readFileSync(join(repo, "packages", folder, "package.json"), "utf8")) as {
      name: string;
      private?: boolean;
      peerDependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    if (manifest.private) continue;
    names.add(manifest.name);
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
      names.add(peer);
      if (manifest.devDependencies?.[`@types/${peer}`]) names.add(`@types/${peer}`);
    }
  }
  return names;
}

let server: Server;
let baseUrl: string;
const workDir = mkdtempSync(join(tmpdir(), "scimkit-docs-"));

beforeAll(async () => {
  server = createScimApp({ token: DOC_TOKEN, databaseFile: join(workDir, "docs.db") }).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

/** Sends a documented curl line to the example server; requests with the token must succeed. */
async function runCurl(words: string[]): Promise<void> {
  let method: string | undefined;
  let body: string | undefined;
  const headers = new Headers();
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === "-X") method = words[++i];
    else if (word === "-H") {
      const [name, ...value] = words[++i]!.split(":");
      headers.set(name!.trim(), value.join(":").trim());
    } else if (word === "-d" || word === "--data") body = words[++i];
    else if (word === "-i" || word === "-s" || word === "-sS") continue;
    else if (word.startsWith("http")) url = word;
    else throw new Error(`curl option ${word} is not understood by this test`);
  }
  expect(url, "curl line without a URL").toBeDefined();
  expect(url!.startsWith(DOC_BASE), `${url} is not under ${DOC_BASE}`).toBe(true);
  const response = await fetch(baseUrl + url!.slice(DOC_BASE.length), {
    method: method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
  const authorized = headers.get("authorization") === `Bearer ${DOC_TOKEN}`;
  if (authorized) expect(response.status, await response.clone().text()).toBeLessThan(300);
  else expect(response.status).toBe(401);
}

describe("code blocks in the README, the guides and CONTRIBUTING", () => {
  const regions = exampleRegions();
  const packages = installable();
  const blocks = docFiles().flatMap(codeBlocks);

  it("finds the documents and their blocks", () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  // In document order, so the tour's create runs before its read.
  it.each(
    blocks.map((block) => [`${block.file}:${block.line} (${block.lang || "untagged"})`, block] as const),
  )("%s runs in CI or is output", async (_name, block) => {
    const where = `${block.file}:${block.line}`;
    if (block.lang === "text") return; // output, marked as such
    const verifier = VERIFIED_BY_OWN_TEST[block.file];
    if (verifier?.langs.includes(block.lang)) {
      // The document's own test runs its blocks; it must exist and read this very document.
      expect(
        readFileSync(join(repo, verifier.test), "utf8"),
        `${where}: ${verifier.test} must read ${block.file}`,
      ).toContain(block.file.split("/").at(-1));
      return;
    }
    if (block.lang === "ts") {
      const code = block.code.trim();
      if (regions.some((region) => region.code === code)) return;
      const closest = closestRegion(code, regions);
      throw new Error(
        closest
          ? `${where}: this ts block differs from its mirror, the #region readme in examples/${closest.file}; make the two equal (and keep that file's test passing)`
          : `${where}: this ts block is not, verbatim, a \`// #region readme\` … \`// #endregion readme\` of a .ts file under examples/src or examples/test; copy it into one that runs it, or tag it \`\`\`text if it is output`,
      );
    }
    if (block.lang === "json") {
      // Configuration and request bodies: they must at least be what they claim to be.
      expect(() => JSON.parse(block.code), `${where}: this json block does not parse`).not.toThrow();
      return;
    }
    expect(block.lang, `${where}: tag the block ts, sh, json, or text (for output)`).toBe("sh");
    let issuedId: string | undefined;
    for (const { words, text } of shellCommands(block.code)) {
      const [command, sub, ...rest] = words;
      if (command === "curl") await runCurl(words);
      else if (command === "npm" && (sub === "test" || sub === "start"))
        expect(rootScripts[sub]).toBeDefined();
      else if (command === "npm" && sub === "run")
        expect(rootScripts[rest.find((w) => !w.startsWith("-"))!], text).toBeDefined();
      else if (command === "npm" && (sub === "install" || sub === "i")) {
        for (const name of rest.filter((w) => !w.startsWith("-"))) {
          expect(packages, `${where}: ${name} is not a published package or a documented peer`).toContain(
            name,
          );
        }
      } else if (command === "node" && sub === "apps/conformance/dist/cli.js") {
        expect(parseCliOptions(rest, {})).not.toBe("help");
      } else if (command === "scimkit-conformance") {
        expect(parseCliOptions(words.slice(1), {}), `${where}: ${text}`).not.toBe("help");
      } else if (command === "scimkit-admin") {
        // An abbreviated id such as `4f1c…` stands for the id the block's `tokens create` printed.
        const args = words.slice(1).map((word) => (word.endsWith("…") && issuedId ? issuedId : word));
        const printed: string[] = [];
        const messages: string[] = [];
        const code = await runAdminCli(
          args,
          { DATABASE_FILE: join(workDir, "admin.db") },
          { out: (line) => printed.push(line), err: (line) => messages.push(line) },
        );
        expect(code, `${where}: "${text}" failed: ${messages.join(" ")}`).toBe(0);
        if (sub === "tokens" && rest[0] === "create")
          issuedId = (JSON.parse(printed[0]!) as { id: string }).id;
      } else if (command === "git" && (sub === "clone" || sub === "switch")) {
        // clone instructions for contributors
      } else if (command === "cd") {
        // changing into the clone
      } else {
        throw new Error(`${where}: "${text}" is neither run by this test nor marked as output (\`\`\`text)`);
      }
    }
  });

  it("the tour's last step reads the user the tour's curl created: prints 1 Jensen", async () => {
    process.env.SCIM_URL = baseUrl;
    process.env.SCIM_TOKEN = DOC_TOKEN;
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    try {
      await import("../src/tour-read-user.js");
    } finally {
      log.mockRestore();
      delete process.env.SCIM_URL;
      delete process.env.SCIM_TOKEN;
    }
    expect(printed).toEqual([[1, "Jensen"]]);
  });
});
