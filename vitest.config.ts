import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "host/**/*.test.ts", "worker/**/*.test.ts"],
    setupFiles: ["tests/support/fast-check-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
