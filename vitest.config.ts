import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import FlakyReporter from "./tests/support/flaky-reporter.ts";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React Server Components; tests run lib/ code directly.
      "server-only": fileURLToPath(new URL("./tests/support/empty.ts", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    // tests/real/ needs the real cluster of vitest.real.config.ts (npm run test:real).
    exclude: ["node_modules/**", ".next*/**", "e2e/**", "tests/real/kube-*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    // Integration tests race real servers on a 2-core machine; in CI a failure gets one more try (as Playwright's do),
    // and the report still shows the test as retried.
    retry: process.env.CI ? 1 : 0,
    // CI also writes a JSON report that .ci/run reads for its summary line, and the list of tests that needed a retry.
    reporters: process.env.CI ? ["default", "json", new FlakyReporter(".tmp/reports/unit-flaky.json")] : ["default"],
    outputFile: process.env.CI ? { json: ".tmp/reports/unit.json" } : undefined,
    hookTimeout: 60_000,
  },
});
