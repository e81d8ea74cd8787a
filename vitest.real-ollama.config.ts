// The real tier, Ollama side: the shared suites in tests/real/ollama-*.test.ts against the real `ollama serve`
// (TARGET=real) built from the pinned release. `npm run test:real:ollama`; the default config runs the same files
// against the simulator. Not mergeConfig: it would concatenate `include` with the default tier's `**/*.test.ts`.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";
import FlakyReporter from "./tests/support/flaky-reporter.ts";

export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ["tests/real/ollama-*.test.ts"],
    environment: "node",
    env: { TARGET: "real" },
    globalSetup: ["tests/real/ollama-setup.ts"],
    // Each file starts its own `ollama serve`; one file at a time keeps real model loads on 2 cores predictable.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    retry: process.env.CI ? 1 : 0,
    reporters: process.env.CI ? ["default", "json", new FlakyReporter(".tmp/reports/real-ollama-flaky.json")] : ["default"],
    outputFile: process.env.CI ? { json: ".tmp/reports/real-ollama.json" } : undefined,
  },
});
