import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import FlakyReporter from "./tests/support/flaky-reporter.ts";

// Files that start several production consoles or build one: run one at a time, after the rest, so they never compete
// with each other for the cores (their failover and restart deadlines are real time).
const ALONE = ["tests/integration/replicas-processes.test.ts", "tests/integration/api-production.test.ts", "tests/integration/standalone-image.test.ts"];
// tests/real/kube-* needs the real cluster of vitest.real.config.ts (npm run test:real).
const EXCLUDE = ["node_modules/**", ".next*/**", "e2e/**", "tests/real/kube-*.test.ts"];

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React Server Components; tests run lib/ code directly.
      "server-only": fileURLToPath(new URL("./tests/support/empty.ts", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    // Vitest's default on 2 cores is one worker, and most integration files spend their time waiting on the simulators'
    // sockets: two at a time nearly halves the tier's wall time on this machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: "shared", include: ["**/*.test.ts"], exclude: [...EXCLUDE, ...ALONE] } },
      { extends: true, test: { name: "alone", include: ALONE, exclude: EXCLUDE, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
    // Integration tests race real servers on a 2-core machine; in CI a failure gets one more try (as Playwright's do),
    // and the report still shows the test as retried.
    retry: process.env.CI ? 1 : 0,
    // CI also writes a JSON report that .ci/run reads for its summary line, and the list of tests that needed a retry.
    reporters: process.env.CI ? ["default", "json", new FlakyReporter(".tmp/reports/unit-flaky.json")] : ["default"],
    outputFile: process.env.CI ? { json: ".tmp/reports/unit.json" } : undefined,
    hookTimeout: 60_000,
  },
});
