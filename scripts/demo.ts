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
    // Issue 19: several console processes against the one simulated cluster, on consecutive ports; one leads.
    replicas: { type: "string", default: "1" },
  },
});
const replicas = Number(values.replicas);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 3) {
  console.error(`demo: --replicas must be 1, 2 or 3 (got ${values.replicas})`);
  process.exit(2);
}
const basePort = Number(values.port);

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", () => (stopAll(), process.exit(0)));
process.on("SIGTERM", () => (stopAll(), process.exit(0)));

const { endpoints: sim, child } = await spawnSim(["--scenario", values.scenario, "--kubeconfig", ".tmp/demo-kubeconfig"]);
children.push(child);
const url = `http://localhost:${values.port}`;
// One secret for every replica: a session cookie works on each of them, as behind one Service.
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
let ready = 0;
for (let i = 0; i < replicas; i++) {
  const port = String(basePort + i);
  const replicaUrl = `http://localhost:${port}`;
  const server = spawn(process.execPath, [NEXT_BIN, "start", "-p", port], {
    env: { ...env, NEXTAUTH_URL: replicaUrl, POD_NAME: replicas > 1 ? `demo-${i}` : "demo" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(server);
  // `next start` warns that the image uses `node server.js` instead; true, and irrelevant to the demo.
  createInterface({ input: server.stderr }).on("line", (line) => {
    if (!/output: standalone/.test(line)) process.stderr.write(`${line}\n`);
  });
  createInterface({ input: server.stdout }).on("line", (line) => {
    if (/Ready in/.test(line)) {
      if (++ready < replicas) return;
      if (replicas === 1) console.log(`\nOllama Ops demo is running: ${url}`);
      else {
        console.log(`\nOllama Ops demo is running as ${replicas} replicas (one leads; the Lease ollama-ops-leader names it):`);
        for (let r = 0; r < replicas; r++) console.log(`  demo-${r}: http://localhost:${basePort + r}`);
        console.log(`kubectl --kubeconfig ${sim.kubeconfig} get lease ollama-ops-leader -n ollama   (stop the leader's process to see another take over)`);
      }
      console.log("Sign in with a demo user shown on the login page (viewer, operator or admin).");
      console.log(`Simulator control API: ${sim.control}  ·  kubectl --kubeconfig ${sim.kubeconfig} get pods -n ollama`);
      console.log("Press Ctrl+C to stop.\n");
    } else if (line.startsWith("{")) process.stdout.write(`${replicas > 1 ? `[demo-${i}] ` : ""}${line}\n`);
  });
  server.on("exit", (code) => {
    stopAll();
    process.exit(code ?? 0);
  });
}
