// Starts what the browser tests need: the simulators (sim/main.ts), then a production build of the console wired to them
// exactly as production is wired (a kubeconfig + OLLAMA_URL), served by `next start`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { consoleEnv, NEXT_BIN, spawnSim } from "../../sim/launch.ts";
import { SIM_ENV_FILE } from "./sim.ts";

const { values } = parseArgs({ options: { port: { type: "string", default: "3100" } } });
const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGTERM", () => (stopAll(), process.exit(0)));
process.on("SIGINT", () => (stopAll(), process.exit(0)));

mkdirSync(".tmp", { recursive: true });
// The console behind the simulated Traefik (forwardAuth) is this one.
const { endpoints: sim, child } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/e2e-kubeconfig", "--console-url", `http://127.0.0.1:${values.port}`]);
children.push(child);
writeFileSync(SIM_ENV_FILE, JSON.stringify(sim));

const env = consoleEnv(sim, {
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
  // Demo users (viewer, operator, admin) for e2e/support/auth.ts; e2e/auth.spec.ts starts its own console configured for real.
  DEMO_MODE: "true",
  // Ollama as the internet sees it: the simulated Traefik, routing by the cluster's IngressRoutes (e2e/exposure.spec.ts).
  EXTERNAL_URL: sim.gateway,
});

// E2E_SKIP_BUILD reuses an existing build of this tree (CI sets it after the image test has built one).
if (!process.env.E2E_SKIP_BUILD || !existsSync(`${env.NEXT_DIST_DIR}/BUILD_ID`)) {
  const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { env, stdio: "inherit" });
  if (build.status !== 0) {
    stopAll();
    process.exit(build.status ?? 1);
  }
}
const server = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", values.port], { env, stdio: "inherit" });
children.push(server);
server.on("exit", (code) => {
  stopAll();
  process.exit(code ?? 0);
});
