// `npm run bench:forward-auth [-- --seconds N] [--connections N] [--reuse-build]`: the cost of GET /api/forward-auth.
// Starts the simulators and a production build of the console, stores one API key (HMAC only, as the console would), then
// drives, in one run and alternating, the real forward-auth check (valid key, inference path) and a bare Next.js route
// that returns 200 (/api/forward-auth/baseline, enabled only by FORWARD_AUTH_BENCH=1, which only this script sets) with
// autocannon at N concurrent connections. Prints p50/p99 latency and throughput of each and the goals: p99 ≤ 5 ms and
// throughput ≥ 0.8× the bare route. Client and server share this machine's cores, like the figures in the README.
import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { generateKey, hashKey } from "../lib/features/keys/key.ts";
import { spawnSim, type SimEndpoints } from "../sim/launch.ts";
import { startConsole } from "./support/console.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "100" },
    rounds: { type: "string", default: "2" },
    "reuse-build": { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
if (!(SECONDS > 0) || !Number.isInteger(CONNECTIONS) || CONNECTIONS < 1 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error("usage: bench-forward-auth [--seconds N>0] [--connections N≥1] [--rounds N≥1] [--reuse-build]");
  process.exit(2);
}
const GOAL_P99_MS = 5;
const GOAL_RATIO = 0.8;
const DIST = ".next-bench-forward-auth";
const PEPPER = "bench-pepper-0123456789abcdef0123456789abcdef";
const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", () => (stopAll(), process.exit(130)));
/** Writes one inference key into the keys ConfigMap the way the console does (HMAC only); returns the key. */
async function storeKey(sim: SimEndpoints): Promise<string> {
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfig);
  const { id, key } = generateKey();
  const record = { id, name: "bench", scope: "inference", note: "", createdAt: new Date().toISOString(), createdBy: "bench", hash: hashKey(PEPPER, key) };
  await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({
    namespace: "ollama",
    body: { metadata: { name: "ollama-ops-keys", namespace: "ollama" }, data: { "keys.json": JSON.stringify([record]) } },
  });
  return key;
}

interface Figures {
  p50: number;
  p99: number;
  rps: number;
  /** Answers other than 2xx (a refusal would show here). */
  non2xx: number;
  /** Connection errors and requests without an answer within autocannon's 10 s timeout (an overloaded machine). */
  failed: number;
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Figures> {
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, non2xx: r.non2xx, failed: r.errors + r.timeouts };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

mkdirSync(".tmp", { recursive: true });
const { endpoints: sim, child } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/bench-forward-auth-kubeconfig"]);
children.push(child);
try {
  const key = await storeKey(sim);
  const started = await startConsole(sim, {
    dist: DIST,
    reuseBuild: values["reuse-build"],
    env: { API_KEY_PEPPER: PEPPER, FORWARD_AUTH_BENCH: "1" },
  });
  children.push(started.child);
  const base = started.base;
  const targets = {
    baseline: { url: `${base}/api/forward-auth/baseline`, headers: {} },
    "forward-auth": {
      url: `${base}/api/forward-auth`,
      headers: { Authorization: `Bearer ${key}`, "X-Forwarded-Method": "POST", "X-Forwarded-Uri": "/api/chat", "X-Forwarded-Host": "ollama.example.com" },
    },
  };
  const check = await fetch(targets["forward-auth"].url, { headers: targets["forward-auth"].headers });
  if (check.status !== 200) throw new Error(`forward-auth answered ${check.status} (${check.headers.get("x-forward-auth-reason")}) to the bench key`);
  console.log(`warming up (3 s each), then ${ROUNDS} alternating round(s) of ${SECONDS} s per route at ${CONNECTIONS} connections…`);
  for (const t of Object.values(targets)) await load(t.url, t.headers, 3);
  const runs: Record<keyof typeof targets, Figures[]> = { baseline: [], "forward-auth": [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, t] of Object.entries(targets) as [keyof typeof targets, (typeof targets)[keyof typeof targets]][]) {
      runs[name].push(await load(t.url, t.headers, SECONDS));
    }
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, rs]) => [
      name,
      {
        p50: median(rs.map((r) => r.p50)),
        p99: median(rs.map((r) => r.p99)),
        rps: median(rs.map((r) => r.rps)),
        non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
        failed: rs.reduce((s, r) => s + r.failed, 0),
      },
    ]),
  ) as Record<keyof typeof targets, Figures>;
  console.log("\nroute          |  p50 ms |  p99 ms |   req/s | non-2xx | errors/timeouts");
  for (const [name, f] of Object.entries(summary)) {
    console.log(
      `${name.padEnd(14)} | ${f.p50.toFixed(1).padStart(7)} | ${f.p99.toFixed(1).padStart(7)} | ${f.rps.toFixed(0).padStart(7)} | ${String(f.non2xx).padStart(7)} | ${String(f.failed).padStart(15)}`,
    );
  }
  const fa = summary["forward-auth"];
  const ratio = fa.rps / summary.baseline.rps;
  const p99ok = fa.p99 <= GOAL_P99_MS;
  const ratioOk = ratio >= GOAL_RATIO;
  console.log(`\ngoal p99 ≤ ${GOAL_P99_MS} ms: ${fa.p99.toFixed(1)} ms (${p99ok ? "met" : "NOT met"}; bare route p99 ${summary.baseline.p99.toFixed(1)} ms)`);
  console.log(`goal throughput ≥ ${GOAL_RATIO}× bare route: ${ratio.toFixed(2)}× (${ratioOk ? "met" : "NOT met"})`);
  if (fa.non2xx > 0) console.log(`warning: ${fa.non2xx} forward-auth answers were not 2xx (refusals of a valid key)`);
  process.exitCode = p99ok && ratioOk && fa.non2xx === 0 ? 0 : 1;
} finally {
  stopAll();
}
