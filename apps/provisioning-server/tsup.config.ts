import { defineConfig } from "tsup";

export default defineConfig({
  entry: { main: "src/main.ts", migrate: "src/migrate.ts", "admin-cli": "src/admin-cli/main.ts" },
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "node20",
  external: ["better-sqlite3", "pg", "jose", "pino"],
  banner: { js: "#!/usr/bin/env node" },
});
