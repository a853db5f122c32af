// Writes openapi.json and src/generated/openapi.ts from the schema definitions.
// The TypeScript sources are bundled with tsup (already a dev dependency) into node_modules/.cache,
// so no TypeScript loader is needed on Node 20.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "tsup";
import { renderOpenApiJson, renderOpenApiTypes } from "./render-openapi.mjs";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(packageRoot, "node_modules", ".cache", "scimkit-openapi");

await build({
  entry: { "openapi-document": join(packageRoot, "scripts", "openapi-document.ts") },
  outDir,
  format: ["esm"],
  platform: "node",
  target: "node20",
  dts: false,
  sourcemap: false,
  splitting: false,
  clean: true,
  silent: true,
  config: false,
});
const { defaultOpenApiDocument } = await import(pathToFileURL(join(outDir, "openapi-document.js")).href);
const document = defaultOpenApiDocument();

const jsonPath = join(packageRoot, "openapi.json");
await writeFile(jsonPath, renderOpenApiJson(document));
// Format with the repository's formatter so `biome check` stays clean; the staleness test compares
// the JSON by value, so formatting never makes it stale.
const biome = join(packageRoot, "..", "..", "node_modules", ".bin", "biome");
if (existsSync(biome)) execFileSync(biome, ["format", "--write", jsonPath], { stdio: "ignore" });
await mkdir(join(packageRoot, "src", "generated"), { recursive: true });
await writeFile(join(packageRoot, "src", "generated", "openapi.ts"), await renderOpenApiTypes(document));
console.log("wrote openapi.json and src/generated/openapi.ts");
