// Starts the real stack for the browser smoke (playwright.real.config.ts): a real control plane (`npm run cluster`,
// homelab), the registry simulator serving the tiny real GGUF model, a real `ollama serve` over a temporary models
// directory, the cache agent scanning that directory, and a production build of the console wired to all of them the
// way production is wired (kubeconfig, OLLAMA_URL, CACHE_AGENT_URL). SIGTERM/SIGINT stops every process and removes the
// temporary files; so does any piece failing to start.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { consoleEnv, NEXT_BIN } from "../sim/launch.ts";
import { createRegistrySim, type RegistrySim } from "../sim/registry/server.ts";
import { buildOllama, freePort, startOllama, type RealOllama } from "../tools/realstack/ollama.ts";
import { REAL_ENV_FILE, type RealEndpoints } from "./stack.ts";

const { values } = parseArgs({ options: { port: { type: "string", default: "3200" } } });
const started = performance.now();
const say = (line: string) => process.stdout.write(`[real] ${line}\n`);

const scratch = mkdtempSync(join(tmpdir(), "e2e-real-"));
const children: ChildProcess[] = [];
let registry: RegistrySim | undefined;
let ollama: RealOllama | undefined;
let stopping: Promise<void> | undefined;

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => c.once("exit", () => resolve()));

/** Stops the console, agent and Ollama, then the cluster (it stops its own processes), and removes the scratch folder. */
function stopAll(code: number): Promise<void> {
  stopping ??= (async () => {
    await Promise.all(
      children.toReversed().map(async (c) => {
        c.kill("SIGTERM");
        const timer = setTimeout(() => c.kill("SIGKILL"), 15_000);
        await exited(c);
        clearTimeout(timer);
      }),
    );
    await ollama?.stop().catch(() => {});
    await registry?.close().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
    rmSync(REAL_ENV_FILE, { force: true });
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGTERM", () => void stopAll(0));
process.on("SIGINT", () => void stopAll(0));

function fail(message: string): never {
  process.stderr.write(`e2e-real: ${message}\n`);
  void stopAll(1);
  throw new Error(message);
}

/** `npm run cluster` as a child; resolves with its kubeconfig and control URL once it prints `ready`. */
function startCluster(kubeconfig: string): Promise<{ kubeconfig: string; control: string }> {
  const child = spawn(process.execPath, ["scripts/cluster.ts", "--scenario", "homelab", "--kubeconfig", kubeconfig], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lastErr: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    lastErr.push(line);
    if (lastErr.length > 5) lastErr.shift();
    say(`cluster: ${line}`);
  });
  return new Promise((resolve, reject) => {
    const found: Record<string, string> = {};
    createInterface({ input: child.stdout }).on("line", (line) => {
      const [key, value] = line.split(": ", 2);
      if ((key === "kubeconfig" || key === "control") && value) found[key] = value;
      else if (line === "ready") resolve({ kubeconfig: found.kubeconfig!, control: found.control! });
    });
    child.on("exit", (code) => reject(new Error(`the cluster exited early (code ${code}): ${lastErr.at(-1) ?? ""}`)));
  });
}

try {
  // The cluster takes ~30 s; Ollama, the registry and the agent start meanwhile.
  const cluster = startCluster(join(scratch, "kubeconfig"));
  cluster.catch(() => {}); // awaited below; a failure before then must not crash the launcher past its cleanup
  const built = buildOllama({ log: say });
  registry = createRegistrySim();
  await registry.listen();
  const registryHost = new URL(registry.url).host;
  ollama = await startOllama({ binary: built.binary, modelsDir: join(scratch, "models") });
  say(`ollama serve ${ollama.url} (models in ${ollama.modelsDir}), registry ${registry.url}`);

  const agentPort = await freePort();
  const agent = spawn(process.execPath, ["agent/main.ts"], {
    env: { ...process.env, OLLAMA_MODELS: ollama.modelsDir, AGENT_PORT: String(agentPort), AGENT_HOST: "127.0.0.1", AGENT_CACHE_MS: "1000" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(agent);
  const agentUrl = `http://127.0.0.1:${agentPort}`;

  const { kubeconfig, control } = await cluster;
  say(`cluster ready: ${kubeconfig}`);
  const endpoints: RealEndpoints = { kubeconfig, control, ollama: ollama.url, registry: registry.url, registryHost, agent: agentUrl };
  mkdirSync(".tmp", { recursive: true });
  writeFileSync(REAL_ENV_FILE, JSON.stringify(endpoints));

  const env = consoleEnv(endpoints, {
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
    DEMO_MODE: "true",
    // Real Ollama pulls from a registry only by its host:port, over plain HTTP only with `insecure: true` (api-facts A2).
    PULL_REGISTRIES: `registry.ollama.ai,${registryHost}`,
    PULL_INSECURE_REGISTRIES: registryHost,
    // The pre-flight reads manifests from the same registry (plain HTTP, so through a mirror entry).
    REGISTRY_MIRRORS: `${registryHost}=${registry.url}`,
  });
  if (!process.env.E2E_SKIP_BUILD || !existsSync(`${env.NEXT_DIST_DIR}/BUILD_ID`)) {
    const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { env, stdio: "inherit" });
    if (build.status !== 0) fail(`next build failed (${build.status})`);
  }
  const server = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", values.port], { env, stdio: "inherit" });
  children.push(server);
  server.on("exit", (code) => void stopAll(code ?? 0));
  say(`stack up in ${((performance.now() - started) / 1000).toFixed(1)} s; console on port ${values.port}`);
} catch (err) {
  if (!stopping) fail((err as Error).message);
}
