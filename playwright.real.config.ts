// The browser smoke against the real stack (`npm run test:e2e:real`): a real kube-apiserver and controllers, a real
// Ollama, the cache agent on Ollama's real models directory, and a production console. e2e-real/launch.ts starts them.
// playwright.base.ts holds what it shares with the simulator suite.
import { suiteConfig } from "./playwright.base.ts";

const PORT = Number(process.env.E2E_PORT ?? 3200);

export default suiteConfig({
  testDir: "./e2e-real",
  port: PORT,
  report: "e2e-real",
  retries: 0,
  timeout: 120_000,
  expectTimeout: 20_000,
  webServer: {
    command: `node e2e-real/launch.ts --port ${PORT}`,
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
