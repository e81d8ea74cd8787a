// The console's Prometheus metrics: cache volume, models, VRAM, pull jobs, upstream errors and source health, collected on scrape.
import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { config } from "../../doors/runtime/config";
import { upstreamErrorCounts } from "../../doors/runtime/errors";
import { keyNames } from "../keys";
import { allUsage, NO_KEY } from "../keys/usage";
import { PHASES } from "../pulls/progress";
import { PullBytes } from "./pull-bytes";
import { gather, SOURCES, type Snapshot } from "./sources";

const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "ollama_ops_" });

// Every collect() of one scrape reads the same snapshot, so the series agree with each other.
const snapshots = registerCache("metrics scrape", coalescer<Snapshot>(1_000));
const snapshot = () => snapshots.get("scrape", () => gather(config().target));
const pullBytes = new PullBytes();

// Series whose source is down are left out (labelled gauges can be empty; an unlabelled one would read 0).
new Gauge({
  name: "ollama_ops_cache_bytes",
  help: "Model cache volume bytes by kind: capacity, used, free, partial (unfinished downloads), unreferenced (blobs no model uses)",
  labelNames: ["kind"] as const,
  registers: [registry],
  async collect() {
    const { disk } = await snapshot();
    this.reset();
    if (!disk) return;
    this.set({ kind: "capacity" }, disk.capacityBytes);
    this.set({ kind: "used" }, disk.usedBytes);
    this.set({ kind: "free" }, disk.availableBytes);
    // Only the cache agent sees inside the volume.
    if (disk.inventory) {
      this.set({ kind: "partial" }, disk.inventory.partial.bytes);
      this.set({ kind: "unreferenced" }, disk.inventory.unreferenced.bytes);
    }
  },
});

new Gauge({
  name: "ollama_ops_cache_usage_source",
  help: "Where the cache usage comes from (1 for the source in use): agent, prometheus, kubelet or estimate",
  labelNames: ["source"] as const,
  registers: [registry],
  async collect() {
    const { disk } = await snapshot();
    this.reset();
    if (disk) this.set({ source: disk.source }, 1);
  },
});

new Gauge({
  name: "ollama_ops_models",
  help: "Ollama models by state: installed (on disk) and loaded (in memory)",
  labelNames: ["state"] as const,
  registers: [registry],
  async collect() {
    const { models, loaded } = await snapshot();
    this.reset();
    if (models) this.set({ state: "installed" }, models.length);
    if (loaded) this.set({ state: "loaded" }, loaded.length);
  },
});

new Gauge({
  name: "ollama_ops_loaded_memory_bytes",
  help: "Memory held by the models Ollama has loaded, in bytes: vram (on the GPU) and total (GPU plus system RAM)",
  labelNames: ["kind"] as const,
  registers: [registry],
  async collect() {
    const { loaded } = await snapshot();
    this.reset();
    if (!loaded) return;
    this.set({ kind: "vram" }, loaded.reduce((sum, m) => sum + m.sizeVram, 0));
    this.set({ kind: "total" }, loaded.reduce((sum, m) => sum + m.size, 0));
  },
});

new Gauge({
  name: "ollama_ops_loaded_model_vram_bytes",
  help: "GPU memory held by each loaded model, in bytes",
  labelNames: ["model"] as const,
  registers: [registry],
  async collect() {
    const { loaded } = await snapshot();
    this.reset();
    for (const m of loaded ?? []) this.set({ model: m.name }, m.sizeVram);
  },
});

new Gauge({
  name: "ollama_ops_pull_jobs",
  help: "Pull jobs the console knows (unfinished, and recently finished ones) by state",
  labelNames: ["state"] as const,
  registers: [registry],
  async collect() {
    const { jobs } = await snapshot();
    for (const state of PHASES) this.set({ state }, jobs.filter((j) => j.state === state).length);
  },
});

new Counter({
  name: "ollama_ops_pull_bytes_total",
  help: "Model bytes completed by pull jobs since the console started (layers already on disk count as completed)",
  registers: [registry],
  async collect() {
    this.inc(pullBytes.advance((await snapshot()).jobs));
  },
});

new Counter({
  name: "ollama_ops_upstream_errors_total",
  help: "Failures of the systems the console depends on since it started, by system and error code (not-found, conflict and invalid answers excluded)",
  labelNames: ["system", "code"] as const,
  registers: [registry],
  async collect() {
    // After this scrape's own reads, so a source that just failed is counted in the same scrape.
    await snapshot();
    this.reset();
    for (const { system, code, count } of upstreamErrorCounts()) this.inc({ system, code }, count);
  },
});

new Gauge({
  name: "ollama_ops_source_up",
  help: "Whether a source answered this scrape: kubernetes (Deployment watch in sync), ollama (tags and ps), agent (cache agent report)",
  labelNames: ["system"] as const,
  registers: [registry],
  async collect() {
    const { up } = await snapshot();
    for (const system of SOURCES) this.set({ system }, up[system] ? 1 : 0);
  },
});

new Counter({
  name: "ollama_ops_api_key_requests_total",
  help: "Requests Traefik forwardAuth asked this console about since it started, by API key (id and name, never key material) and outcome: allowed or refused; key_id none = no valid key presented",
  labelNames: ["key_id", "key_name", "outcome"] as const,
  registers: [registry],
  async collect() {
    const usage = allUsage();
    // Only a console that has answered forward-auth reads the key names (no watch started just for a scrape).
    const names = usage.length ? await keyNames() : new Map<string, string>();
    this.reset();
    for (const [id, u] of usage) {
      const labels = { key_id: id, key_name: id === NO_KEY ? "" : (names.get(id) ?? "(revoked)") };
      this.inc({ ...labels, outcome: "allowed" }, u.requests);
      this.inc({ ...labels, outcome: "refused" }, u.refusals);
    }
  },
});

/** The Prometheus text exposition of every series, gathered now. Never throws for a down source. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
