import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests resolve workspace packages to their TypeScript source, so `test` needs no build.
export default defineConfig({
  resolve: { conditions: ["@scimkit/source"] },
  ssr: { resolve: { conditions: ["@scimkit/source", ...defaultServerConditions] } },
  // Speed is measured in bench/, never asserted here: these bounds only stop a hung test, and must
  // hold on a loaded 2-core CI machine where spawning a server process can take several seconds.
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
