import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  // ky is ESM-only: `require("ky")` from CommonJS returns its namespace, not the default export,
  // so `ky.create` is undefined there. The CJS build carries its own copy of ky; the ESM build
  // imports the user's ky (a dependency), so ESM apps share one copy.
  noExternal: ["ky"],
  esbuildOptions(options, { format }) {
    if (format === "esm") options.external = [...(options.external ?? []), "ky"];
  },
});
