// The rolling-restart browser test (issue 19, `npm run test:e2e:rollout`, part of `npm run test:e2e`): its own harness
// (e2e-rollout/support/harness.ts) starts the simulators, the console replicas and the gateway in front of them, so it
// has no webServer and does not disturb the main suite's console. It serves the build the e2e suite made (NEXT_DIST_DIR,
// .next-e2e locally; CI's .next-standalone), building it only when absent.
import { defineConfig, devices } from "@playwright/test";

export default defineConfig({
  testDir: "./e2e-rollout",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // A flake here is a failed request during a roll: never hidden by a retry.
  retries: 0,
  timeout: 150_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"], ["json", { outputFile: ".tmp/reports/e2e-rollout.json" }]] : [["list"]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
});
