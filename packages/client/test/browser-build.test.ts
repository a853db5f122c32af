import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";
import { expect, it } from "vitest";

const NODE_BUILTINS = new Set(builtinModules);

/**
 * Bundles the package for the browser, the way an app would, failing on any Node built-in in the
 * module graph (ours, @scimkit/core, @scimkit/filter and ky).
 */
it("bundles for the browser with no Node built-ins in the module graph", async () => {
  const nodeImports: string[] = [];
  const result = await build({
    configFile: false,
    logLevel: "silent",
    resolve: { conditions: ["@scimkit/source", "browser", "import", "module", "default"] },
    plugins: [
      {
        name: "reject-node-builtins",
        enforce: "pre",
        resolveId(id, importer) {
          if (id.startsWith("node:") || NODE_BUILTINS.has(id)) nodeImports.push(`${id} from ${importer}`);
          return null;
        },
      },
    ],
    build: {
      write: false,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL("../src/index.ts", import.meta.url)),
        formats: ["es"],
        fileName: "client",
      },
    },
  });
  expect(nodeImports).toEqual([]);
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs[0].output.find((file) => file.type === "chunk");
  expect(chunk?.type === "chunk" && chunk.code).toContain("createScimClient");
}, 120_000);
