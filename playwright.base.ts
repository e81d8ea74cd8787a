// What both browser suites share (playwright.config.ts: the simulators; playwright.real.config.ts: the real stack):
// Debian's Chromium, one worker, CI's JSON report, and the "setup" project that signs each role in once per run and
// keeps its session for signedInAs(role) (e2e/auth.setup.ts, e2e/support/auth.ts).
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface SuiteOptions {
  /** Where the suite's specs are. */
  testDir: string;
  port: number;
  /** CI's JSON report: .tmp/reports/<report>.json, read by .ci/summary.mjs. */
  report: string;
  retries: number;
  timeout: number;
  expectTimeout: number;
  /** The console (and whatever it needs) this suite starts; its url is the health route on `port`. */
  webServer: Omit<NonNullable<PlaywrightTestConfig["webServer"]> & object, "url" | "port">;
}

export function suiteConfig(o: SuiteOptions): PlaywrightTestConfig {
  return defineConfig({
    testDir: o.testDir,
    fullyParallel: false,
    workers: 1,
    forbidOnly: !!process.env.CI,
    retries: o.retries,
    timeout: o.timeout,
    expect: { timeout: o.expectTimeout },
    reporter: process.env.CI ? [["list"], ["json", { outputFile: `.tmp/reports/${o.report}.json` }]] : [["list"]],
    use: {
      baseURL: `http://127.0.0.1:${o.port}`,
      trace: "retain-on-failure",
      screenshot: "only-on-failure",
    },
    projects: [
      // No browser: signs in over HTTP. Every spec project depends on it, so a filtered run signs in too.
      { name: "setup", testDir: "./e2e", testMatch: /auth\.setup\.ts$/ },
      {
        name: "chromium",
        dependencies: ["setup"],
        use: {
          ...devices["Desktop Chrome"],
          launchOptions: {
            executablePath: CHROMIUM,
            args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
          },
        },
      },
    ],
    webServer: { ...o.webServer, url: `http://127.0.0.1:${o.port}/api/health` } as PlaywrightTestConfig["webServer"],
  });
}
