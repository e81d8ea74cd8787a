// `npm run bench:soak [-- --minutes N --viewers N --pulls N --reuse-build --dist DIR --node-options="…"]`: the console's
// memory under a steady load (issue 19). Starts the simulators and a production build run as the image runs it
// (`node server.js` from the standalone output, with the Deployment's literal env such as NODE_OPTIONS and its memory
// limit, read from deploy/base/deployment.yaml), then for N minutes: N viewers poll every Overview data route at the
// page's own cadence, N pull lanes each pull a model again and again (deleted upstream first, so every byte streams
// through the console), one SSE client follows /api/pulls/events and /metrics is scraped as Prometheus would.
// Prints status counts, latency percentiles per route, the load delivered, the RSS series per minute with V8's heap
// figures, the upstream request counts, and exits non-zero when a goal is missed: any non-2xx or failed request, any
// failed pull, RSS above 60 % of the manifest's limit, growth after warm-up beyond noise (scripts/support/soak-stats.ts
// defines it), or under 90 % of the intended load delivered.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseAllDocuments } from "yaml";
import { OVERVIEW_POLL_MS, type OverviewRoute } from "../components/overview/poll.ts";
import { consoleEnv, spawnSim, type SimEndpoints } from "../sim/launch.ts";
import { buildConsole, freePort, signIn, sleep } from "./support/console.ts";
import { growth, MIB, percentile, perMinute, quantityBytes, warmUpSeconds, type RssSample } from "./support/soak-stats.ts";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "30" },
    viewers: { type: "string", default: "50" },
    pulls: { type: "string", default: "3" },
    "reuse-build": { type: "boolean", default: false },
    dist: { type: "string", default: ".next-soak" },
    // Replaces the manifest's NODE_OPTIONS, e.g. --node-options="--heapsnapshot-signal=SIGUSR2" to take heap snapshots (kill -USR2 <pid>).
    "node-options": { type: "string" },
  },
});
const MINUTES = Number(values.minutes);
const VIEWERS = Number(values.viewers);
const PULLS = Number(values.pulls);
if (!(MINUTES > 0) || !Number.isInteger(VIEWERS) || VIEWERS < 1 || !Number.isInteger(PULLS) || PULLS < 0 || PULLS > 3) {
  console.error('usage: bench-soak [--minutes N>0] [--viewers N≥1] [--pulls 0-3] [--reuse-build] [--dist DIR] [--node-options "…"]');
  process.exit(2);
}
const SECONDS = MINUTES * 60;
const ROUTES = Object.keys(OVERVIEW_POLL_MS) as OverviewRoute[];
/** Installed in the homelab scenario, 2–4.7 GB each: at the simulated speed below a pull streams for 20–50 s. */
const MODELS = ["llama3.2:3b", "mistral:7b", "qwen2.5:7b"];
const PULL_SPEED = 100_000_000;
const RSS_GOAL = 0.6;
/** The soak scrapes /metrics as Prometheus would (every 30 s): part of the load, and the heap figures per minute. */
const METRICS_TOKEN = "soak-metrics-token-0123456789abcdef";
const SCRAPE_MS = 30_000;

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", () => (stopAll(), process.exit(130)));

/** The console container's memory limit and literal env values (NODE_OPTIONS, MALLOC_ARENA_MAX…), from the Deployment the manifests ship. */
function manifest(): { limit: number; limitText: string; env: Record<string, string> } {
  const docs = parseAllDocuments(readFileSync("deploy/base/deployment.yaml", "utf8")).map((d) => d.toJS() as Record<string, unknown>);
  type Container = { name: string; env?: { name: string; value?: string }[]; resources?: { limits?: { memory?: string } } };
  const deployment = docs.find((d) => d.kind === "Deployment") as { spec: { template: { spec: { containers: Container[] } } } } | undefined;
  const container = deployment?.spec.template.spec.containers.find((c) => c.name === "console");
  const limitText = container?.resources?.limits?.memory ?? "";
  const limit = quantityBytes(limitText);
  if (!limit) throw new Error(`deploy/base/deployment.yaml: the console container has no readable memory limit ("${limitText}")`);
  // Values from Secrets (valueFrom) are the cluster's business; the soak sets its own.
  const env = Object.fromEntries((container?.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  return { limit, limitText, env };
}

/** RSS of `pid` and every process below it (Linux /proc), in bytes. */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we listed it.
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // Gone.
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Statuses ("200", "502", "network error") and latencies (ms) per route label. */
class Tally {
  readonly statuses = new Map<string, number>();
  readonly latencies = new Map<string, number[]>();
  readonly failures: string[] = [];
  record(label: string, status: number | string, ms: number) {
    const key = String(status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (typeof status === "number" && status >= 200 && status < 300) this.latencies.set(label, [...(this.latencies.get(label) ?? []), ms]);
    else if (this.failures.length < 20) this.failures.push(`${label}: ${status}`);
  }
  /** Runs `call`, times it and records its status; the response body is read in full. */
  async time(label: string, call: () => Promise<Response>): Promise<Response | undefined> {
    const t = performance.now();
    try {
      const res = await call();
      const body = await res.arrayBuffer();
      this.record(label, res.status, performance.now() - t);
      return new Response(body, { status: res.status });
    } catch (err) {
      this.record(label, `network error (${(err as Error).message})`, performance.now() - t);
      return undefined;
    }
  }
  get bad(): number {
    return [...this.statuses].filter(([s]) => !/^2\d\d$/.test(s)).reduce((a, [, n]) => a + n, 0);
  }
}

async function startSim(): Promise<SimEndpoints> {
  mkdirSync(".tmp", { recursive: true });
  const { endpoints, child } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/soak-kubeconfig", "--speed", String(PULL_SPEED)]);
  children.push(child);
  return endpoints;
}

/** The standalone server as the image runs it (`node server.js`), with the Deployment's literal env (NODE_OPTIONS…). */
async function startStandalone(sim: SimEndpoints, podEnv: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
  const env = consoleEnv(sim, { NEXT_DIST_DIR: values.dist, DEMO_MODE: "true", LOG_LEVEL: "error", METRICS_TOKEN });
  buildConsole(env, values.dist, values["reuse-build"]);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["server.js"], {
    cwd: `${values.dist}/standalone`,
    env: { ...env, NODE_OPTIONS: "", ...podEnv, PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return { base, child };
    await sleep(500);
  }
  throw new Error("the console did not start within 60 s");
}

/** One simulated Overview tab: opens the page, then polls each route at its own interval until `end`. */
async function viewer(base: string, cookie: string, end: number, tally: Tally) {
  await sleep(Math.random() * 3_000);
  await tally.time("GET / (page)", () => fetch(`${base}/`, { headers: { Cookie: cookie } }));
  await Promise.all(
    ROUTES.map(async (route) => {
      const every = OVERVIEW_POLL_MS[route];
      while (Date.now() < end) {
        const started = Date.now();
        await tally.time(`overview/${route}`, () => fetch(`${base}/api/overview/${route}`, { headers: { Cookie: cookie } }));
        await sleep(Math.max(0, Math.min(every - (Date.now() - started), end - Date.now())));
      }
    }),
  );
}

/** V8's view from the console's own /metrics (prom-client default metrics): heap used, heap total, external memory. */
interface HeapSample {
  t: number;
  used: number;
  total: number;
  external: number;
}

async function scrape(base: string, t0: number, tally: Tally): Promise<HeapSample | undefined> {
  const res = await tally.time("GET /metrics", () => fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } }));
  if (!res?.ok) return undefined;
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^ollama_ops_nodejs_${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return { t: (Date.now() - t0) / 1000, used: value("heap_size_used_bytes"), total: value("heap_size_total_bytes"), external: value("external_memory_bytes") };
}

type JobView = { id: string; model: string; state: string; error: string | null };

/** Pulls `model` again and again until `end`: delete it upstream, start the pull as an operator, wait for its end. */
async function pullLane(base: string, sim: SimEndpoints, cookie: string, model: string, end: number, tally: Tally, outcomes: string[]) {
  await sleep(Math.random() * 5_000);
  while (Date.now() < end) {
    await fetch(`${sim.ollama}/api/delete`, { method: "DELETE", body: JSON.stringify({ model }) });
    const started = await tally.time("POST /api/pulls", () =>
      fetch(`${base}/api/pulls`, { method: "POST", headers: { Cookie: cookie, Origin: base, "Content-Type": "application/json" }, body: JSON.stringify({ model, override: true }) }),
    );
    if (!started?.ok) {
      outcomes.push(`${model}: not started`);
      await sleep(5_000);
      continue;
    }
    const { job } = (await started.json()) as { job: JobView };
    // Like the Models page after a reload: the job list every 2 s until the job ends (10 minutes at most).
    let final: JobView | undefined;
    for (const deadline = Date.now() + 600_000; !final && Date.now() < deadline; ) {
      await sleep(2_000);
      const res = await tally.time("GET /api/pulls", () => fetch(`${base}/api/pulls`, { headers: { Cookie: cookie } }));
      const now = res?.ok ? ((await res.json()) as { jobs: JobView[] }).jobs.find((j) => j.id === job.id) : undefined;
      if (now && ["succeeded", "failed", "cancelled"].includes(now.state)) final = now;
    }
    outcomes.push(final ? `${model}: ${final.state}${final.error ? ` (${final.error})` : ""}` : `${model}: did not finish in 10 minutes`);
  }
}

/** One browser on the Models page: the pull event stream, reconnecting as EventSource does; counts events. */
async function sseClient(base: string, cookie: string, end: number, tally: Tally): Promise<{ events: number; connections: number }> {
  let events = 0;
  let connections = 0;
  while (Date.now() < end) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(0, end - Date.now()));
    const t = performance.now();
    try {
      const res = await fetch(`${base}/api/pulls/events`, { headers: { Cookie: cookie, Accept: "text/event-stream" }, signal: abort.signal });
      tally.record("GET /api/pulls/events (connect)", res.status, performance.now() - t);
      connections++;
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) events += chunk.value.split("\n\n").length - 1;
    } catch (err) {
      if (!abort.signal.aborted) tally.record("GET /api/pulls/events (connect)", `network error (${(err as Error).message})`, performance.now() - t);
    } finally {
      clearTimeout(timer);
    }
    if (Date.now() < end) await sleep(3_000);
  }
  return { events, connections };
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

const { limit, limitText, env: manifestEnv } = manifest();
const podEnv = values["node-options"] === undefined ? manifestEnv : { ...manifestEnv, NODE_OPTIONS: values["node-options"] };
const sim = await startSim();
let failed = false;
try {
  const { base, child } = await startStandalone(sim, podEnv);
  const viewerCookie = await signIn(base, "viewer");
  const operatorCookie = await signIn(base, "operator");
  const idle = treeRss(child.pid!);
  console.log(`console pid ${child.pid}, env from the Deployment ${JSON.stringify(podEnv)}, idle RSS ${mib(idle)}; manifest limit ${limitText} → goal ≤ ${mib(limit * RSS_GOAL)}`);
  console.log(`soak: ${MINUTES} min, ${VIEWERS} viewers × ${ROUTES.length} Overview routes, ${PULLS} pull lanes at ${PULL_SPEED / 1e6} MB/s, 1 SSE client`);
  await fetch(`${sim.control}/__sim/requests/reset`, { method: "POST" });

  const tally = new Tally();
  const outcomes: string[] = [];
  const t0 = Date.now();
  const end = t0 + SECONDS * 1000;
  const rss: RssSample[] = [];
  // Sampled while the viewers poll; the last pulls may end after that, under a lighter load.
  const sampler = setInterval(() => Date.now() <= end && rss.push({ t: (Date.now() - t0) / 1000, bytes: treeRss(child.pid!) }), 5_000);
  const heap: HeapSample[] = [];
  const scraper = setInterval(() => void scrape(base, t0, tally).then((h) => h && heap.push(h)), SCRAPE_MS);
  const ticker = setInterval(() => {
    const last = rss.at(-1);
    console.log(`  minute ${Math.round((Date.now() - t0) / 60_000)}: RSS ${last ? mib(last.bytes) : "?"}, ${tally.bad} failed requests, pulls ${outcomes.length}`);
  }, 60_000);
  const [, , sse] = await Promise.all([
    Promise.all(Array.from({ length: VIEWERS }, () => viewer(base, viewerCookie, end, tally))),
    Promise.all(MODELS.slice(0, PULLS).map((m) => pullLane(base, sim, operatorCookie, m, end, tally, outcomes))),
    sseClient(base, viewerCookie, end, tally),
  ]);
  clearInterval(sampler);
  clearInterval(scraper);
  clearInterval(ticker);
  const elapsedMin = (Date.now() - t0) / 60_000;
  const upstream = (await (await fetch(`${sim.control}/__sim/state`)).json()) as { requests: Record<string, number> };

  console.log("\nstatus counts:", Object.fromEntries(tally.statuses));
  if (tally.failures.length) console.log("first failures:", tally.failures);
  console.log("\nroute                              |  count |    p50 |    p95 |    p99 (ms)");
  for (const [label, l] of [...tally.latencies].sort()) {
    const s = l.sort((a, b) => a - b);
    console.log(`${label.padEnd(34)} | ${pad(s.length, 6)} | ${pad(percentile(s, 50).toFixed(0), 6)} | ${pad(percentile(s, 95).toFixed(0), 6)} | ${pad(percentile(s, 99).toFixed(0), 6)}`);
  }
  // What the viewers ask for (each route once per interval) against what they got: on a busy machine slow answers
  // thin out the polling, and a run that delivered much less than the intended load says little about it.
  const loadSeconds = Math.min(SECONDS, elapsedMin * 60);
  const intended = VIEWERS * ROUTES.reduce((sum, r) => sum + 1000 / OVERVIEW_POLL_MS[r], 0);
  const delivered = [...tally.latencies].filter(([label]) => label.startsWith("overview/")).reduce((sum, [, l]) => sum + l.length, 0) / loadSeconds;
  console.log(`\nOverview load delivered: ${delivered.toFixed(1)} requests/s of the ${intended.toFixed(1)}/s ${VIEWERS} viewers ask for (${((delivered / intended) * 100).toFixed(0)} %)`);
  console.log(`SSE: ${sse.events} events over ${sse.connections} connection(s)`);
  const succeeded = outcomes.filter((o) => o.endsWith(": succeeded")).length;
  console.log(`pulls: ${succeeded} of ${outcomes.length} succeeded${outcomes.length > succeeded ? `; others: ${outcomes.filter((o) => !o.endsWith(": succeeded")).join(", ")}` : ""}`);
  console.log(
    `upstream requests in ${elapsedMin.toFixed(1)} min:`,
    Object.entries(upstream.requests).map(([k, n]) => `${k} ${n} (${(n / elapsedMin).toFixed(0)}/min)`).join(", "),
  );

  const warm = warmUpSeconds(SECONDS);
  console.log(`\nRSS per minute (idle before the load: ${mib(idle)}; warm-up: the first ${(warm / 60).toFixed(1)} min)`);
  console.log("minute | RSS mean |  max | heap used | heap total | external (MiB; heap and external from /metrics, last scrape)");
  for (const m of perMinute(rss)) {
    const h = heap.filter((x) => Math.floor(x.t / 60) + 1 === m.minute).at(-1);
    const f = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "?" : (n / MIB).toFixed(0));
    console.log(`${pad(m.minute, 6)} | ${pad(f(m.mean), 8)} | ${pad(f(m.max), 4)} | ${pad(f(h?.used), 9)} | ${pad(f(h?.total), 10)} | ${pad(f(h?.external), 8)}`);
  }
  const peak = Math.max(...rss.map((s) => s.bytes));
  const g = growth(rss, warm);
  console.log(
    `after warm-up: slope ${(g.slopePerMinute / MIB).toFixed(2)} MiB/min over ${g.samples} samples, rise ${(g.rise / MIB).toFixed(1)} MiB, ` +
      `noise (σ around the fit) ${(g.noise / MIB).toFixed(1)} MiB, growth allowed ≤ ${(g.allowed / MIB).toFixed(1)} MiB`,
  );

  const goals: [string, boolean][] = [
    [`≥ 90 % of the intended Overview load delivered (${((delivered / intended) * 100).toFixed(0)} %)`, delivered >= 0.9 * intended],
    [`0 non-2xx / failed requests (${tally.bad})`, tally.bad === 0],
    [`every pull succeeded (${succeeded}/${outcomes.length})`, outcomes.length > 0 ? succeeded === outcomes.length : PULLS === 0],
    [`peak RSS ${mib(peak)} ≤ ${RSS_GOAL * 100} % of ${limitText} (${mib(limit * RSS_GOAL)})`, peak <= limit * RSS_GOAL],
    [`no growth after warm-up beyond noise (rise ${(g.rise / MIB).toFixed(1)} ≤ ${(g.allowed / MIB).toFixed(1)} MiB)`, !g.growing],
  ];
  for (const [text, ok] of goals) console.log(`${ok ? "OK  " : "MISS"} ${text}`);
  failed = goals.some(([, ok]) => !ok);
} finally {
  stopAll();
}
process.exit(failed ? 1 : 0);
