#!/usr/bin/env node
// The `scimkit-admin` bin. This file is committed so the bin link exists right after install; the
// CLI itself is built to dist/ by `npm run build` (or `npm run admin` from the repository root).
let cli;
try {
  cli = await import("../dist/admin-cli.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("admin-cli")) {
    process.stderr.write("scimkit-admin is not built yet: run `npm run build` in the repository root\n");
    process.exit(1);
  }
  throw error;
}
process.exitCode = await cli.runAdminCli(process.argv.slice(2));
