// `npm run bench:pull [-- --speed BYTES_PER_S]`: one simulated 40 GB pull (llama3.1:70b) at full speed through the console's own
// job manager (in this process, with the ConfigMap journal and one SSE client), against the simulators in a child process.
// Prints the bytes/s the manager processed, this process's RSS (start, middle, end, peak; sampled) and the SSE updates per second.
import { existsSync } from "node:fs";
import { registerHooks } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { PullJob as Job } from "../lib/features/pulls/job.ts";
import { spawnSim } from "../sim/launch.ts";

const { values } = parseArgs({ options: { speed: { type: "string", default: "5000000000" } } });
const SPEED = Number(values.speed);
if (!(SPEED > 0)) {
  console.error("usage: bench-pull [--speed BYTES_PER_S]");
  process.exit(2);
}
const MODEL = "llama3.1:70b";
const WARM_UP = "llama3.2:1b";
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

// lib/ is written for the bundler (extensionless imports, `@/`, `server-only`); teach Node's loader the same three things.
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === "server-only") return { url: pathToFileURL(join(ROOT, "tests/support/empty.ts")).href, shortCircuit: true };
    const spec = specifier.startsWith("@/") ? pathToFileURL(join(ROOT, specifier.slice(2))).href : specifier;
    const local = spec.startsWith(".") || spec.startsWith("file:");
    if (local && context.parentURL?.startsWith("file:")) {
      const path = fileURLToPath(new URL(spec, context.parentURL));
      const found = [path, `${path}.ts`, join(path, "index.ts")].find((p) => existsSync(p) && (p.endsWith(".ts") || p.endsWith(".js")));
      if (found) return { url: pathToFileURL(found).href, shortCircuit: true };
    }
    return next(spec, context);
  },
});

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const { endpoints, child } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/bench-pull-kubeconfig", "--speed", String(SPEED)]);
const stop = () => child.kill("SIGTERM");
try {
  Object.assign(process.env, {
    KUBECONFIG: endpoints.kubeconfig,
    OLLAMA_URL: endpoints.ollama,
    CACHE_AGENT_URL: endpoints.agent,
    REGISTRY_MIRRORS: `registry.ollama.ai=${endpoints.registry}`,
    LOG_LEVEL: "error",
  });
  // homelab has the model installed: delete it so every byte is downloaded again.
  await fetch(`${endpoints.ollama}/api/delete`, { method: "DELETE", body: JSON.stringify({ model: MODEL }) });
  const { config } = await import("../lib/doors/runtime/config/index.ts");
  const { createManager } = await import("../lib/features/pulls/index.ts");
  const { pullEvents } = await import("../lib/features/pulls/events.ts");

  const manager = createManager(config().target);
  const user = { id: "bench", name: "bench", role: "operator" as const };
  const settle = async (id: string): Promise<Job> => {
    for (;;) {
      const now = manager.list().find((j) => j.id === id);
      if (now && ["succeeded", "failed", "cancelled"].includes(now.state)) return now;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  // Warm-up: a small pull first, so the measurement shows the steady state, not module loading and JIT.
  await settle(manager.start({ model: WARM_UP, user, override: "none", expectedBytes: 0 }).job.id);
  const browser = new AbortController();
  const updates: { at: number; job: Job }[] = [];
  const reader = pullEvents(manager, browser.signal).body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffer += chunk.value;
      const events = buffer.split("\n\n");
      buffer = events.pop() ?? "";
      for (const e of events) if (e.startsWith("event: job\n")) updates.push({ at: performance.now(), job: JSON.parse(e.slice(e.indexOf("data: ") + 6)) as Job });
    }
  })();

  const rss: { at: number; bytes: number; progress: number }[] = [];
  let progress = 0;
  const sample = () => rss.push({ at: performance.now(), bytes: process.memoryUsage.rss(), progress });
  sample();
  const sampler = setInterval(sample, 50);

  const started = performance.now();
  const { job } = manager.start({ model: MODEL, user, override: "none", expectedBytes: 0 });
  const follow = setInterval(() => {
    const now = manager.list().find((j) => j.id === job.id);
    if (now?.totalBytes) progress = now.completedBytes / now.totalBytes;
  }, 20);
  const final = await settle(job.id);
  clearInterval(follow);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 300));
  clearInterval(sampler);
  sample();
  browser.abort();

  const mine = updates.filter((u) => u.job.id === job.id);
  const downloading = mine.filter((u) => u.job.state === "downloading");
  const first = downloading[0];
  const last = downloading.at(-1);
  const span = first && last ? (last.at - first.at) / 1000 : 0;
  const processed = first && last && span > 0 ? (last.job.completedBytes - first.job.completedBytes) / span : NaN;
  let maxPerSecond = 0;
  for (const u of mine) maxPerSecond = Math.max(maxPerSecond, mine.filter((v) => v.at >= u.at && v.at < u.at + 1000).length);
  const middle = rss.reduce((best, s) => (Math.abs(s.progress - 0.5) < Math.abs(best.progress - 0.5) ? s : best), rss[0]!);
  const start = rss[0]!.bytes;
  const end = rss.at(-1)!.bytes;
  const peak = Math.max(...rss.map((s) => s.bytes));

  console.log(`pull ${MODEL}: ${final.state}${final.error ? ` (${final.error})` : ""}, ${(final.totalBytes / 1e9).toFixed(1)} GB in ${elapsed.toFixed(1)} s (simulator ${(SPEED / 1e9).toFixed(1)} GB/s)`);
  console.log(`bytes processed by the job manager: ${(processed / 1e9).toFixed(2)} GB/s over ${span.toFixed(1)} s of download`);
  console.log(`RSS: start ${mb(start)}, middle ${mb(middle.bytes)}, end ${mb(end)}, peak ${mb(peak)} (${rss.length} samples); end − start ${mb(end - start)}`);
  console.log(`SSE updates for one browser: ${mine.length} in ${elapsed.toFixed(1)} s = ${(mine.length / elapsed).toFixed(2)}/s average, ${maxPerSecond} in the busiest second (target ≤ 4)`);
  console.log(`targets: RSS flat (end − start < 10 MB) ${end - start < 10e6 ? "OK" : "CHECK"} · ≤ 4 updates/s ${maxPerSecond <= 4 ? "OK" : "ABOVE TARGET"}`);
  manager.shutdown();
} finally {
  stop();
}
process.exit(0);
