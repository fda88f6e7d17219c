import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // The incident runs the tests share are generated once per run into a folder made here.
    globalSetup: ["./test/incidents/global-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
