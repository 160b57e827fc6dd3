import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests, so a test never runs
  // against a stale dist/ of a sibling package.
  resolve: { conditions: ["development"] },
  ssr: { resolve: { conditions: ["development"] } },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["../../scripts/fast-check-setup.ts"],
    globalSetup: ["test/support/build-worker.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
