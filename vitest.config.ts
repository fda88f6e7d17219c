import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // Two test files at a time on a 2-core machine (vitest's default is cores − 1): many tests
    // wait on child processes (the CLI, the kata sandbox, Chromium), so two overlap well.
    maxWorkers: 2,
    // The incident runs the tests share are generated once per run into a folder made here.
    globalSetup: ["./test/incidents/global-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
