// Runs `sim/main.ts` as a child process and hands back its endpoints, plus the console environment wired to them
// (the way production is wired: a kubeconfig and URLs). Used by the demo, the browser-test launcher and the benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface SimEndpoints {
  kubeconfig: string;
  ollama: string;
  registry: string;
  agent: string;
  control: string;
  /** The simulated Traefik's entry point (what EXTERNAL_URL points at in the browser tests). */
  gateway: string;
}

const MAIN = join(dirname(fileURLToPath(import.meta.url)), "main.ts");

/** Next's CLI, run with `process.execPath` directly: behind `npx` a stopped parent would leave the server running. */
export const NEXT_BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "next", "dist", "bin", "next");
const KEYS = new Set(["kubeconfig", "ollama", "registry", "agent", "control", "gateway"]);

/** Starts the simulators with `args` (e.g. ["--scenario", "homelab"]); resolves once they print `ready`. */
export function spawnSim(args: string[]): Promise<{ endpoints: SimEndpoints; child: ChildProcess }> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const found: Record<string, string> = {};
    createInterface({ input: child.stdout }).on("line", (line) => {
      const [key, value] = line.split(": ", 2);
      if (key && value && KEYS.has(key)) found[key] = value;
      else if (line === "ready") resolve({ endpoints: found as unknown as SimEndpoints, child });
      else process.stdout.write(`[sim] ${line}\n`);
    });
    child.on("exit", (code) => reject(new Error(`the simulators exited early (code ${code})`)));
  });
}

/** Environment for a production console talking to the simulators. */
export function consoleEnv(sim: Pick<SimEndpoints, "kubeconfig" | "ollama" | "agent" | "registry">, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    KUBECONFIG: sim.kubeconfig,
    OLLAMA_URL: sim.ollama,
    CACHE_AGENT_URL: sim.agent,
    REGISTRY_MIRRORS: `registry.ollama.ai=${sim.registry}`,
    ...extra,
  };
}
