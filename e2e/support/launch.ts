// Starts what the browser tests need: the simulators (sim/main.ts), then a production build of the console wired to them
// exactly as production is wired (a kubeconfig + OLLAMA_URL), served by `next start`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { SIM_ENV_FILE, type SimEndpoints } from "./sim.ts";

const { values } = parseArgs({ options: { port: { type: "string", default: "3100" } } });
const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGTERM", () => (stopAll(), process.exit(0)));
process.on("SIGINT", () => (stopAll(), process.exit(0)));

/** Starts the simulators and resolves with their endpoints once they print `ready`. */
function startSim(): Promise<SimEndpoints> {
  mkdirSync(".tmp", { recursive: true });
  const sim = spawn(process.execPath, ["sim/main.ts", "--scenario", "homelab", "--kubeconfig", ".tmp/e2e-kubeconfig"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(sim);
  return new Promise((resolve, reject) => {
    const found: Record<string, string> = {};
    createInterface({ input: sim.stdout }).on("line", (line) => {
      const m = /^(kubeconfig|ollama|registry|agent|control): (.+)$/.exec(line);
      if (m?.[1] && m[2]) found[m[1]] = m[2];
      else if (line === "ready") resolve(found as unknown as SimEndpoints);
      else process.stdout.write(`[sim] ${line}\n`);
    });
    sim.on("exit", (code) => reject(new Error(`simulator exited early (code ${code})`)));
  });
}

const sim = await startSim();
writeFileSync(SIM_ENV_FILE, JSON.stringify(sim));

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
  NEXT_TELEMETRY_DISABLED: "1",
  KUBECONFIG: sim.kubeconfig,
  OLLAMA_URL: sim.ollama,
  CACHE_AGENT_URL: sim.agent,
  REGISTRY_MIRRORS: `registry.ollama.ai=${sim.registry}`,
  // Demo users (viewer, operator, admin) for e2e/support/auth.ts; e2e/auth.spec.ts starts its own console configured for real.
  DEMO_MODE: "true",
};

// E2E_SKIP_BUILD reuses an existing build of this tree (CI sets it after the image test has built one).
if (!process.env.E2E_SKIP_BUILD || !existsSync(`${env.NEXT_DIST_DIR}/BUILD_ID`)) {
  const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) {
    stopAll();
    process.exit(build.status ?? 1);
  }
}
const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", values.port], { env, stdio: "inherit" });
children.push(server);
server.on("exit", (code) => {
  stopAll();
  process.exit(code ?? 0);
});
