// Starts the console for the browser tests: production build, then `next start` with the test environment.
import { spawn, spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string", default: "3100" } } });
const distDir = process.env.NEXT_DIST_DIR ?? ".next-e2e";
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_DIST_DIR: distDir,
  NEXT_TELEMETRY_DISABLED: "1",
  // Nothing reachable: the smoke test checks the "unreachable" states.
  OLLAMA_URL: process.env.E2E_OLLAMA_URL ?? "http://127.0.0.1:9",
  KUBECONFIG: process.env.E2E_KUBECONFIG ?? "/nonexistent/kubeconfig",
};

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", values.port], { env, stdio: "inherit" });
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => process.exit(code ?? 0));
