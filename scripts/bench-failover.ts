// `npm run bench:failover [-- --viewers N] [--reuse-build]` (issue 19): two console replicas against the simulators.
// 1. Failover: a pull runs, the leader is killed (SIGKILL: no release; then SIGTERM: released) and the time from the kill
//    to the next progress a surviving replica serves is printed (goal ≤ 20 s).
// 2. Rolling update under N polling viewers (default 50) at the Overview's own cadence, spread over the ready replicas
//    as a Service would: a new replica starts and becomes ready (?probe=ready) before an old one is taken out of the
//    rotation and sent SIGTERM (maxUnavailable 0, maxSurge 1), twice. Prints the requests and the failed ones (goal 0).
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { OVERVIEW_POLL_MS, type OverviewRoute } from "../components/overview/poll.ts";
import { spawnSim } from "../sim/launch.ts";
import { signIn, sleep, startConsole } from "./support/console.ts";

const { values } = parseArgs({
  options: {
    viewers: { type: "string", default: "50" },
    "reuse-build": { type: "boolean", default: false },
  },
});
const VIEWERS = Number(values.viewers);
if (!Number.isInteger(VIEWERS) || VIEWERS < 1 || VIEWERS > 500) {
  console.error("usage: bench-failover [--viewers 1..500] [--reuse-build]");
  process.exit(2);
}
const DIST = ".next-bench";
const SECRET = randomBytes(32).toString("base64url");
const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGKILL"));
process.on("SIGINT", () => (stopAll(), process.exit(130)));

interface Replica {
  name: string;
  base: string;
  child: ChildProcess;
}

mkdirSync(".tmp", { recursive: true });
const { endpoints: sim, child: simChild } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/bench-failover-kubeconfig"]);
children.push(simChild);
const kubeServer = (parse(readFileSync(sim.kubeconfig, "utf8")) as { clusters: { cluster: { server: string } }[] }).clusters[0]!.cluster.server;

let built = values["reuse-build"];
async function replica(name: string): Promise<Replica> {
  const { base, child } = await startConsole(sim, { dist: DIST, reuseBuild: built, env: { POD_NAME: name, AUTH_SECRET: SECRET } });
  built = true;
  children.push(child);
  return { name, base, child };
}

async function holder(): Promise<string> {
  const res = await fetch(`${kubeServer}/apis/coordination.k8s.io/v1/namespaces/ollama/leases/ollama-ops-leader`);
  if (!res.ok) return "";
  return ((await res.json()) as { spec?: { holderIdentity?: string } }).spec?.holderIdentity ?? "";
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const speed = (bytesPerSecond: number) => fetch(`${sim.control}/__sim/speed`, { method: "POST", body: JSON.stringify({ bytesPerSecond }) });

async function bytesOf(r: Replica, cookie: string, id: string): Promise<number> {
  const res = await fetch(`${r.base}/api/pulls`, { headers: { Cookie: cookie } });
  const { jobs } = (await res.json()) as { jobs: { id: string; completedBytes: number }[] };
  return jobs.find((j) => j.id === id)?.completedBytes ?? -1;
}

async function stop(r: Replica, signal: "SIGKILL" | "SIGTERM"): Promise<void> {
  const exited = new Promise((resolve) => r.child.once("exit", resolve));
  r.child.kill(signal);
  await exited;
}

/** Kills the leader with `signal` mid-pull; seconds from the kill to the next progress the survivor serves. */
async function failover(replicas: Replica[], signal: "SIGKILL" | "SIGTERM", model: string): Promise<{ leaderAfter: number; progressAfter: number }> {
  const h = await waitFor("a leader", async () => (await holder()) || undefined);
  const leader = replicas.find((r) => h.startsWith(`${r.name}_`))!;
  const survivor = replicas.find((r) => r !== leader)!;
  const operator = await signIn(survivor.base, "operator");
  await speed(20e6);
  const res = await fetch(`${survivor.base}/api/pulls`, {
    method: "POST",
    headers: { Cookie: operator, "Content-Type": "application/json", Origin: survivor.base },
    body: JSON.stringify({ model, override: true }),
  });
  if (!res.ok) throw new Error(`POST /api/pulls: ${res.status} ${await res.text()}`);
  const { job } = (await res.json()) as { job: { id: string } };
  await waitFor("progress", async () => ((await bytesOf(survivor, operator, job.id)) > 0 ? true : undefined));
  await sleep(1_500);
  const before = await bytesOf(survivor, operator, job.id);
  const killed = performance.now();
  await stop(leader, signal);
  replicas.splice(replicas.indexOf(leader), 1);
  await waitFor("a new leader", async () => {
    const now = await holder();
    return now && now !== h ? now : undefined;
  });
  const leaderAfter = (performance.now() - killed) / 1000;
  await waitFor("progress after the failover", async () => ((await bytesOf(survivor, operator, job.id)) > before ? true : undefined));
  const progressAfter = (performance.now() - killed) / 1000;
  await speed(4e9);
  await waitFor("the pull to finish", async () => {
    const r = await fetch(`${survivor.base}/api/pulls`, { headers: { Cookie: operator } });
    const { jobs } = (await r.json()) as { jobs: { id: string; state: string }[] };
    return jobs.find((j) => j.id === job.id)?.state === "succeeded" ? true : undefined;
  }, 120_000);
  return { leaderAfter, progressAfter };
}

console.log("bench:failover — 2 replicas against the simulators (homelab)");
const replicas = [await replica("r0"), await replica("r1")];
const killed = await failover(replicas, "SIGKILL", "phi3:mini");
console.log(`failover (SIGKILL, Lease expires): new leader after ${killed.leaderAfter.toFixed(1)} s, next progress event after ${killed.progressAfter.toFixed(1)} s (goal ≤ 20 s)`);
replicas.push(await replica("r2"));
const termed = await failover(replicas, "SIGTERM", "llava:7b");
console.log(`failover (SIGTERM, Lease released): new leader after ${termed.leaderAfter.toFixed(1)} s, next progress event after ${termed.progressAfter.toFixed(1)} s`);
replicas.push(await replica("r3"));

// Rolling update under polling viewers: the "Service" round-robins over the ready replicas.
const ready: Replica[] = [...replicas];
const viewerCookie = await signIn(ready[0]!.base, "viewer");
let next = 0;
const counts = { requests: 0, ok: 0, non2xx: 0, errors: 0 };
const failures: string[] = [];
let polling = true;
const routes = Object.keys(OVERVIEW_POLL_MS) as OverviewRoute[];
const viewers = Array.from({ length: VIEWERS }, () =>
  Promise.all(
    routes.map(async (route) => {
      await sleep(Math.random() * OVERVIEW_POLL_MS[route]);
      while (polling) {
        const r = ready[next++ % ready.length]!;
        counts.requests++;
        try {
          const res = await fetch(`${r.base}/api/overview/${route}`, { headers: { Cookie: viewerCookie } });
          await res.arrayBuffer();
          if (res.ok) counts.ok++;
          else {
            counts.non2xx++;
            failures.push(`${r.name} ${route} ${res.status}`);
          }
        } catch (err) {
          counts.errors++;
          failures.push(`${r.name} ${route} ${(err as Error).message}`);
        }
        await sleep(OVERVIEW_POLL_MS[route]);
      }
    }),
  ),
);
await sleep(10_000);
for (const name of ["r4", "r5"]) {
  const fresh = await replica(name);
  await waitFor("readiness", async () => ((await fetch(`${fresh.base}/api/health?probe=ready`)).ok ? true : undefined));
  ready.push(fresh);
  const old = ready.shift()!;
  // The endpoint leaves the Service, then the pod gets SIGTERM after the manifests' preStop pause (5 s).
  await sleep(5_000);
  await stop(old, "SIGTERM");
  await sleep(10_000);
}
polling = false;
await Promise.all(viewers);
console.log(`rolling update (2 → 2 replicas, maxUnavailable 0) under ${VIEWERS} polling viewers: ${counts.requests} requests, ${counts.ok} 2xx, ${counts.non2xx} non-2xx, ${counts.errors} failed (goal 0)`);
if (failures.length > 0) console.log(`first failures: ${failures.slice(0, 5).join("; ")}`);
stopAll();
process.exit(0);
