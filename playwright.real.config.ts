// The browser smoke against the real stack (`npm run test:e2e:real`): a real kube-apiserver and controllers, a real
// Ollama, the cache agent on Ollama's real models directory, and a production console. e2e-real/launch.ts starts them.
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3200);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e-real",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [["list"], ["json", { outputFile: ".tmp/reports/e2e-real.json" }]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: CHROMIUM,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        },
      },
    },
  ],
  webServer: {
    command: `node e2e-real/launch.ts --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    // Warm start of the control plane is ~30 s on the loaded CI machine; a missing build adds next build.
    timeout: 600_000,
    // Never reuse: a server on this port may be a simulator-backed console.
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // The launcher stops the cluster, Ollama, the agent and the console and removes its temporary files on SIGTERM.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
  },
});
