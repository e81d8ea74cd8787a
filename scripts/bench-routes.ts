// `npm run bench:routes [-- --seconds N] [--connections N] [--rounds N] [--reuse-build]`: the cost of each Overview route.
// Starts the simulators and a production build of the console (built with BENCH_ROUTES=1, which adds a bare comparison
// route no other build contains), signs in as the demo viewer, saves each Overview route's answer, then loads, in one
// run and alternating, each real route and a bare Next.js route handler answering the same bytes
// (/api/bench/overview/:name), with autocannon at N concurrent connections and the viewer's cookie on both (both pass
// the same proxy). Prints throughput and p50/p99 of each and their ratio, against the goals: throughput ≥ 0.8× the bare
// route and p99 ≤ 100 ms. Client, server and simulators share this machine's cores, like the figures in the README.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { OVERVIEW_POLL_MS, type OverviewRoute } from "../components/overview/poll.ts";
import { spawnSim } from "../sim/launch.ts";
import { signIn, sleep, startConsole } from "./support/console.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
    rounds: { type: "string", default: "1" },
    "reuse-build": { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
if (!(SECONDS > 0) || !Number.isInteger(CONNECTIONS) || CONNECTIONS < 1 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error("usage: bench-routes [--seconds N>0] [--connections N≥1] [--rounds N≥1] [--reuse-build]");
  process.exit(2);
}
const GOAL_RATIO = 0.8;
const GOAL_P99_MS = 100;
const DIST = ".next-bench-routes";
const SAVED = resolve(".tmp/bench-routes");
const ROUTES = Object.keys(OVERVIEW_POLL_MS) as OverviewRoute[];
const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", () => (stopAll(), process.exit(130)));

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx, connection errors and timeouts: any of them makes the run worthless. */
  bad: number;
}

async function load(url: string, cookie: string, seconds: number): Promise<Figures> {
  const r = await autocannon({ url, headers: { Cookie: cookie }, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const summarise = (rs: Figures[]): Figures => ({
  rps: median(rs.map((r) => r.rps)),
  p50: median(rs.map((r) => r.p50)),
  p99: median(rs.map((r) => r.p99)),
  bad: rs.reduce((n, r) => n + r.bad, 0),
});

mkdirSync(SAVED, { recursive: true });
const { endpoints: sim, child: simChild } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/bench-routes-kubeconfig"]);
children.push(simChild);
try {
  const { base, child } = await startConsole(sim, { dist: DIST, reuseBuild: values["reuse-build"], env: { BENCH_ROUTES: "1", BENCH_ROUTES_DIR: SAVED } });
  children.push(child);
  const cookie = await signIn(base, "viewer");
  // Warm-up: start the watches and samplers, let them connect, then save what each route answers for its bare twin.
  for (const route of ROUTES) await fetch(`${base}/api/overview/${route}`, { headers: { Cookie: cookie } });
  await sleep(2_000);
  for (const route of ROUTES) {
    const res = await fetch(`${base}/api/overview/${route}`, { headers: { Cookie: cookie } });
    if (res.status !== 200) throw new Error(`/api/overview/${route} answered HTTP ${res.status}`);
    writeFileSync(`${SAVED}/${route}.json`, await res.text());
    const bare = await fetch(`${base}/api/bench/overview/${route}`, { headers: { Cookie: cookie } });
    if (bare.status !== 200) throw new Error(`the bare route answered HTTP ${bare.status}: was the build made with BENCH_ROUTES=1?`);
  }
  console.log(`${ROUTES.length} routes, each with its bare twin: ${ROUNDS} round(s) of ${SECONDS} s per route at ${CONNECTIONS} connections (1 s warm-up each)…`);
  const rows: { route: OverviewRoute; real: Figures; bare: Figures }[] = [];
  for (const route of ROUTES) {
    const urls = { real: `${base}/api/overview/${route}`, bare: `${base}/api/bench/overview/${route}` };
    await load(urls.real, cookie, 1);
    await load(urls.bare, cookie, 1);
    const runs: { real: Figures[]; bare: Figures[] } = { real: [], bare: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.real.push(await load(urls.real, cookie, SECONDS));
      runs.bare.push(await load(urls.bare, cookie, SECONDS));
    }
    rows.push({ route, real: summarise(runs.real), bare: summarise(runs.bare) });
  }
  const f = (n: number, w: number, d = 0) => n.toFixed(d).padStart(w);
  console.log("\nroute        | real req/s |  p50 ms |  p99 ms | bare req/s |  p50 ms |  p99 ms | ratio | goals");
  let ok = true;
  for (const { route, real, bare } of rows) {
    const ratio = real.rps / bare.rps;
    const met = ratio >= GOAL_RATIO && real.p99 <= GOAL_P99_MS && real.bad === 0 && bare.bad === 0;
    ok &&= met;
    console.log(
      `${route.padEnd(12)} | ${f(real.rps, 10)} | ${f(real.p50, 7, 1)} | ${f(real.p99, 7, 1)} | ${f(bare.rps, 10)} | ${f(bare.p50, 7, 1)} | ${f(bare.p99, 7, 1)} | ${f(ratio, 5, 2)} | ${met ? "met" : "NOT met"}${real.bad + bare.bad ? ` (${real.bad + bare.bad} failed requests)` : ""}`,
    );
  }
  const ratios = rows.map((r) => r.real.rps / r.bare.rps);
  console.log(`\ngoals: throughput ≥ ${GOAL_RATIO}× the bare route and p99 ≤ ${GOAL_P99_MS} ms on every route: ${ok ? "met" : "NOT met"} (lowest ratio ${Math.min(...ratios).toFixed(2)}, highest p99 ${Math.max(...rows.map((r) => r.real.p99)).toFixed(1)} ms)`);
  process.exitCode = ok ? 0 : 1;
} finally {
  stopAll();
}
