// `npm run bench:logs [-- --viewers N] [--megabytes M] [--line-bytes B] [--dist DIR] [--reuse-build]`: the log view under load.
// Starts the simulators and a production console, signs in as the demo admin, opens N viewers of /api/logs/stream, then
// pushes M MB of log lines through the simulated Ollama container. Prints the upstream follows the simulated API server saw
// (target: 1, whatever N), the console's RSS before, at peak and after (it must stay bounded, not grow with the bytes),
// and what each viewer received.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { spawnSim, type SimEndpoints } from "../sim/launch.ts";
import { signIn, sleep, startConsole } from "./support/console.ts";

const { values } = parseArgs({
  options: {
    viewers: { type: "string", default: "20" },
    megabytes: { type: "string", default: "100" },
    "line-bytes": { type: "string", default: "1000" },
    dist: { type: "string", default: ".next-bench" },
    "reuse-build": { type: "boolean", default: false },
  },
});
const VIEWERS = Number(values.viewers);
const MEGABYTES = Number(values.megabytes);
const LINE_BYTES = Number(values["line-bytes"]);
if (!Number.isInteger(VIEWERS) || VIEWERS < 1 || !(MEGABYTES > 0) || !Number.isInteger(LINE_BYTES) || LINE_BYTES < 100 || LINE_BYTES > 64_000) {
  console.error("usage: bench-logs [--viewers N≥1] [--megabytes M>0] [--line-bytes 100..64000] [--dist DIR] [--reuse-build]");
  process.exit(2);
}
const BATCH_LINES = Math.max(1, Math.floor(1_000_000 / LINE_BYTES));
const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", () => (stopAll(), process.exit(130)));

interface SimState {
  logs: { followsOpen: number; followsOpened: number };
}

async function control(sim: SimEndpoints, method: string, path: string, body?: unknown, retried = false): Promise<unknown> {
  const call = () =>
    fetch(`${sim.control}${path}`, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let res: Response;
  try {
    res = await call();
  } catch (err) {
    // This process is busy reading 20 streams: a kept-alive socket can sit idle past the server's 5 s keep-alive timeout
    // and be closed as the next request goes out. The server never saw that request, so sending it again is safe.
    if (retried || (err as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw err;
    return control(sim, method, path, body, true);
  }
  if (!res.ok) throw new Error(`sim control ${method} ${path} → HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

/** RSS of a process and its descendants, in bytes (Linux /proc). */
function rss(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1];
      total += Number(kb ?? 0) * 1024;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${task}/children`, "utf8").trim();
        for (const kid of kids ? kids.split(" ") : []) visit(Number(kid));
      }
    } catch {
      // the process ended between reads
    }
  };
  visit(pid);
  return total;
}

interface Viewer {
  lines: number;
  bytes: number;
  skipped: number;
  done: Promise<void>;
  abort: AbortController;
}

/** One browser tab following the log: counts the filler lines it is sent and the lines it was told it missed. */
function openViewer(base: string, cookie: string): Viewer {
  const abort = new AbortController();
  const v: Viewer = { lines: 0, bytes: 0, skipped: 0, done: Promise.resolve(), abort };
  v.done = (async () => {
    await Promise.resolve();
    const res = await fetch(`${base}/api/logs/stream?tail=0`, { headers: { Cookie: cookie, Accept: "text/event-stream" }, signal: abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`the log stream answered HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffered = "";
    try {
      for await (const chunk of res.body) {
        v.bytes += chunk.byteLength;
        buffered += decoder.decode(chunk, { stream: true });
        const events = buffered.split("\n\n");
        buffered = events.pop() ?? "";
        for (const e of events) {
          const data = /^data: (.*)$/m.exec(e)?.[1];
          if (!data) continue;
          const event = JSON.parse(data) as { type: string; lines?: { text: string }[]; count?: number };
          if (event.type === "lines") v.lines += (event.lines ?? []).filter((l) => l.text.includes('msg="filler ')).length;
          if (event.type === "skipped") v.skipped += event.count ?? 0;
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  })();
  // A viewer whose stream breaks is reported at the end, not as an unhandled rejection mid-run.
  v.done.catch((err: unknown) => console.error(`a viewer's stream failed: ${err instanceof Error ? `${err.message} ${String((err.cause as Error | undefined)?.message ?? "")}` : String(err)}`));
  return v;
}

const mb = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MB`;

mkdirSync(".tmp", { recursive: true });
const { endpoints: sim, child: simChild } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/bench-logs-kubeconfig"]);
children.push(simChild);
simChild.on("exit", (code, signal) => console.error(`the simulators exited (code ${code}, signal ${signal})`));
try {
  const { base, child } = await startConsole(sim, { dist: values.dist, reuseBuild: values["reuse-build"] });
  children.push(child);
  const pid = child.pid ?? 0;
  child.on("exit", (code, signal) => console.error(`the console exited (code ${code}, signal ${signal})`));
  const cookie = await signIn(base, "admin");

  const viewers = Array.from({ length: VIEWERS }, () => openViewer(base, cookie));
  await sleep(3_000);
  const connected = (await control(sim, "GET", "/__sim/state")) as SimState;
  const rssBefore = rss(pid);
  console.log(`${VIEWERS} viewers connected; upstream log follows open at the API server: ${connected.logs.followsOpen} (opened so far: ${connected.logs.followsOpened})`);

  const batches = Math.ceil((MEGABYTES * 1_000_000) / (BATCH_LINES * LINE_BYTES));
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 200);
  const started = performance.now();
  const quarters: string[] = [];
  for (let i = 0; i < batches; i++) {
    if (i > 0 && i % Math.max(1, Math.floor(batches / 4)) === 0) quarters.push(`${mb(i * BATCH_LINES * LINE_BYTES)} → ${mb(rss(pid))}`);
    await control(sim, "POST", "/__sim/ollama/log", { filler: { count: BATCH_LINES, bytes: LINE_BYTES } }).catch((err: Error) => {
      throw new Error(`pushing batch ${i} to the simulator failed: ${err.message} ${String((err.cause as Error | undefined)?.message ?? "")}`);
    });
  }
  const sent = batches * BATCH_LINES;
  // Let the viewers drain what the console still holds for them.
  for (let i = 0; i < 60 && viewers.some((v) => v.lines + v.skipped < sent); i++) await sleep(500);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const after = (await control(sim, "GET", "/__sim/state")) as SimState;
  const rssAfter = rss(pid);
  viewers.forEach((v) => v.abort.abort());
  await Promise.allSettled(viewers.map((v) => v.done));

  const received = viewers.map((v) => v.lines);
  const skipped = viewers.reduce((s, v) => s + v.skipped, 0);
  console.log(`pushed ${sent} lines × ${LINE_BYTES} B = ${mb(sent * LINE_BYTES)} through the Ollama container's log in ${seconds.toFixed(1)} s`);
  console.log(`upstream log follows: ${after.logs.followsOpen} open, ${after.logs.followsOpened} opened in total (target: 1 for ${VIEWERS} viewers) ${after.logs.followsOpen === 1 && after.logs.followsOpened === 1 ? "OK" : "ABOVE TARGET"}`);
  console.log(`console RSS: ${mb(rssBefore)} before, ${mb(peak)} peak, ${mb(rssAfter)} after (growth at peak ${mb(peak - rssBefore)} for ${mb(sent * LINE_BYTES)} of lines)`);
  console.log(`console RSS along the way (lines pushed → RSS): ${quarters.join(", ")}`);
  console.log(`per viewer: ${Math.min(...received)}–${Math.max(...received)} lines received of ${sent}; ${skipped} lines skipped in total (slow-viewer bound)`);
  console.log(`SSE bytes per viewer: ${mb(viewers.reduce((s, v) => s + v.bytes, 0) / VIEWERS)}`);
} finally {
  stopAll();
}
