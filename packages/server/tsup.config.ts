import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    express: "src/adapters/express.ts",
    fetch: "src/adapters/fetch.ts",
    sqlite: "src/store/sql/sqlite/index.ts",
    postgres: "src/store/sql/postgres/index.ts",
    roles: "src/roles/index.ts",
    mapping: "src/mapping/index.ts",
    // ESM only in the package (vitest cannot be required): package.json leaves testing.cjs out.
    testing: "src/testing/index.ts",
    audit: "src/audit/index.ts",
    events: "src/events/index.ts",
    auth: "src/auth/index.ts",
    "auth-oidc": "src/auth/oidc/index.ts",
    "rate-limit": "src/rate-limit/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  external: ["better-sqlite3", "pg", "express", "vitest", "jose"],
});
