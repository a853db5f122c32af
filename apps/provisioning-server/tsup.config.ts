import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/main.ts", "src/migrate.ts"],
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "node20",
  external: ["better-sqlite3", "pg"],
  banner: { js: "#!/usr/bin/env node" },
});
