// The real tier: the Kubernetes integration tests against a real control plane (npm run test:real). One cluster is
// started for the whole run by tests/real/global-setup.ts; test files run one at a time, since they share it.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import FlakyReporter from "./tests/support/flaky-reporter.ts";

// The manifests suite changes the cluster (it applies deploy/ over the scenario), so package.json runs it as a second
// pass with a cluster of its own, alongside the first (scripts/together.ts): two control planes at once took 276 s here
// where the passes one after the other took 481 s. REAL_REPORT names each pass's reports so neither overwrites the other.
const report = process.env.REAL_REPORT ?? "real";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      "server-only": fileURLToPath(new URL("./tests/support/empty.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/real/kube-*.test.ts", "tests/integration/kube-target.test.ts", "tests/integration/replicas-processes.test.ts"],
    environment: "node",
    env: { TARGET: "real" },
    globalSetup: ["tests/real/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    retry: process.env.CI ? 1 : 0,
    reporters: process.env.CI ? ["default", "json", new FlakyReporter(`.tmp/reports/${report}-flaky.json`)] : ["default"],
    outputFile: process.env.CI ? { json: `.tmp/reports/${report}.json` } : undefined,
  },
});
