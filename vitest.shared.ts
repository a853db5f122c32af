import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests resolve workspace packages to their TypeScript source, so `test` needs no build.
export default defineConfig({
  resolve: { conditions: ["@scimkit/source"] },
  ssr: { resolve: { conditions: ["@scimkit/source", ...defaultServerConditions] } },
});
