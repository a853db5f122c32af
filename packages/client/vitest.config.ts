import { fileURLToPath } from "node:url";
import { defineProject, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineProject({
    // The README examples import the package by its published name.
    resolve: { alias: { "@scimkit/client": fileURLToPath(new URL("./src/index.ts", import.meta.url)) } },
    test: {
      name: "client",
      // Type-level tests (`*.test-d.ts`, expectTypeOf) run through tsc as part of `vitest run`.
      typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    },
  }),
);
