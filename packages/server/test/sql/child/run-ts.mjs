// Runs a TypeScript module of this package in a fresh Node process (a separate "server process"
// for the multi-process tests), loading workspace packages from source like the tests do.
// Usage: node run-ts.mjs <module.ts> [args...]   — the module exports `main(args): Promise<void>`.
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const packageRoot = fileURLToPath(new URL("../../..", import.meta.url));
const [entry, ...args] = process.argv.slice(2);
const server = await createServer({
  configFile: false,
  root: packageRoot,
  logLevel: "error",
  appType: "custom",
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
  resolve: { conditions: ["@scimkit/source"] },
  ssr: { resolve: { conditions: ["@scimkit/source", "node", "import", "module", "default"] } },
});
let failed = false;
try {
  const module = await server.ssrLoadModule(entry);
  await module.main(args);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await server.close();
}
// Exit explicitly: an open stdin pipe must not keep a finished worker alive.
process.exit(failed ? 1 : 0);
