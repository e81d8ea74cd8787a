// The browser suite against the simulators (`npm run test:e2e`); playwright.base.ts holds what it shares with the real one.
import { suiteConfig } from "./playwright.base.ts";

const PORT = Number(process.env.E2E_PORT ?? 3100);

export default suiteConfig({
  testDir: "./e2e",
  port: PORT,
  report: "e2e",
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expectTimeout: 15_000,
  webServer: {
    // Builds once, then serves the console exactly as production does (`next start`), wired by e2e/support/launch.ts.
    command: `node e2e/support/launch.ts --port ${PORT}`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
  },
});
