// `npm run demo`: the simulators plus the console wired to them the way production is (kubeconfig + OLLAMA_URL), in demo mode.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { consoleEnv, NEXT_BIN, spawnSim } from "../sim/launch.ts";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "homelab" },
    port: { type: "string", default: process.env.PORT ?? "3000" },
    "no-build": { type: "boolean", default: false },
  },
});

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", () => (stopAll(), process.exit(0)));
process.on("SIGTERM", () => (stopAll(), process.exit(0)));

const { endpoints: sim, child } = await spawnSim(["--scenario", values.scenario, "--kubeconfig", ".tmp/demo-kubeconfig"]);
children.push(child);
const url = `http://localhost:${values.port}`;
const env = consoleEnv(sim, {
  NEXT_DIST_DIR: ".next-demo",
  DEMO_MODE: "true",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  NEXTAUTH_URL: url,
});

if (!values["no-build"]) {
  console.log("demo: building the console (about a minute the first time)…");
  const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { env, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) {
  stopAll();
  process.exit(build.status ?? 1);
}
}
const server = spawn(process.execPath, [NEXT_BIN, "start", "-p", values.port], { env, stdio: ["ignore", "pipe", "pipe"] });
children.push(server);
// `next start` warns that the image uses `node server.js` instead; true, and irrelevant to the demo.
createInterface({ input: server.stderr }).on("line", (line) => {
  if (!/output: standalone/.test(line)) process.stderr.write(`${line}\n`);
});
createInterface({ input: server.stdout }).on("line", (line) => {
  if (/Ready in/.test(line)) {
    console.log(`\nOllama Ops demo is running: ${url}`);
    console.log("Sign in with a demo user shown on the login page (viewer, operator or admin).");
    console.log(`Simulator control API: ${sim.control}  ·  kubectl --kubeconfig ${sim.kubeconfig} get pods -n ollama`);
    console.log("Press Ctrl+C to stop.\n");
  } else if (line.startsWith("{")) process.stdout.write(`${line}\n`);
});
server.on("exit", (code) => {
  stopAll();
  process.exit(code ?? 0);
});
