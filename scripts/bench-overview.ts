// `npm run bench:overview [-- --seconds N] [--viewers N] [--reuse-build]`: upstream load of the Overview with 1 vs N viewers.
// Starts the simulators and a production build of the console, signs in as the demo viewer, then lets 1 and then N simulated
// viewers poll every Overview data route at the page's own cadence. Prints the requests that reached the simulated API server,
// Ollama and cache agent in each run (from the control API's counters), their ratio (target ≤ 1.1) and p50/p95 latency with N viewers.
import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { OVERVIEW_POLL_MS, type OverviewRoute } from "../components/overview/poll.ts";
import { spawnSim, type SimEndpoints } from "../sim/launch.ts";
import { signIn, sleep, startConsole } from "./support/console.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    viewers: { type: "string", default: "50" },
    "reuse-build": { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const VIEWERS = Number(values.viewers);
if (!(SECONDS > 0) || !Number.isInteger(VIEWERS) || VIEWERS < 2) {
  console.error("usage: bench-overview [--seconds N>0] [--viewers N≥2] [--reuse-build]");
  process.exit(2);
}
const ROUTES = Object.keys(OVERVIEW_POLL_MS) as OverviewRoute[];
const DIST = ".next-bench";
const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", () => (stopAll(), process.exit(130)));

type Counters = Record<"kube" | "ollama" | "agent", number>;

async function startSim(): Promise<SimEndpoints> {
  mkdirSync(".tmp", { recursive: true });
  const { endpoints, child } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/bench-kubeconfig"]);
  children.push(child);
  return endpoints;
}

async function control(sim: SimEndpoints, method: string, path: string): Promise<unknown> {
  const res = await fetch(`${sim.control}${path}`, { method });
  return res.json();
}

/** `viewers` simulated pages, each polling every route at its own interval (start times spread), for `seconds`; returns every request's latency. */
async function run(base: string, cookie: string, viewers: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  const poll = async (route: OverviewRoute) => {
    const every = OVERVIEW_POLL_MS[route];
    // Like React Query: the first fetch when the page opens, then one every interval. Nothing runs past the deadline.
    await sleep(Math.random() * Math.min(every, seconds * 1000));
    while (Date.now() < end) {
      const started = Date.now();
      const t = performance.now();
      const res = await fetch(`${base}/api/overview/${route}`, { headers: { Cookie: cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${route} answered HTTP ${res.status}`);
      latencies.push(performance.now() - t);
      await sleep(Math.max(0, Math.min(every - (Date.now() - started), end - Date.now())));
    }
  };
  await Promise.all(Array.from({ length: viewers }, () => Promise.all(ROUTES.map(poll))));
  return latencies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(sim: SimEndpoints, base: string, cookie: string, viewers: number) {
  await control(sim, "POST", "/__sim/requests/reset");
  // Counters are read exactly at the deadline, so both runs measure the same window.
  const counted = sleep(SECONDS * 1000).then(() => control(sim, "GET", "/__sim/state") as Promise<{ requests: Counters }>);
  const latencies = await run(base, cookie, viewers, SECONDS);
  const { requests } = await counted;
  return { viewers, requests, latencies: latencies.sort((a, b) => a - b) };
}

const sim = await startSim();
try {
  const { base, child } = await startConsole(sim, { dist: DIST, reuseBuild: values["reuse-build"] });
  children.push(child);
  const cookie = await signIn(base, "viewer");
  // Warm-up: start the watches and the disk sampler, then let the watches connect.
  await run(base, cookie, 1, 0.1);
  await sleep(2_000);
  console.log(`measuring ${SECONDS} s with 1 viewer, then ${VIEWERS} viewers; each polls ${ROUTES.length} routes as the page does (every 3–30 s)`);
  const one = await measure(sim, base, cookie, 1);
  const many = await measure(sim, base, cookie, VIEWERS);
  const total = (c: Counters) => c.kube + c.ollama + c.agent;
  const row = (r: typeof one) =>
    `${String(r.viewers).padStart(7)} | ${String(r.latencies.length).padStart(8)} | ${String(r.requests.kube).padStart(4)} | ${String(r.requests.ollama).padStart(6)} | ${String(r.requests.agent).padStart(5)} | ${String(total(r.requests)).padStart(8)}`;
  console.log("viewers | requests | kube | ollama | agent | upstream");
  console.log(row(one));
  console.log(row(many));
  const ratio = total(many.requests) / Math.max(1, total(one.requests));
  console.log(`upstream ratio ${VIEWERS} viewers / 1 viewer: ${ratio.toFixed(2)} (target ≤ 1.1) ${ratio <= 1.1 ? "OK" : "ABOVE TARGET"}`);
  console.log(`latency at ${VIEWERS} viewers: p50 ${percentile(many.latencies, 50).toFixed(1)} ms, p95 ${percentile(many.latencies, 95).toFixed(1)} ms`);
} finally {
  stopAll();
}
