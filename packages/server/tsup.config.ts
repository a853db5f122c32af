import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    express: "src/adapters/express.ts",
    fetch: "src/adapters/fetch.ts",
    sqlite: "src/store/sqlite.ts",
    postgres: "src/store/postgres.ts",
    testing: "src/store/contract.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  external: ["better-sqlite3", "pg", "express", "vitest"],
});
