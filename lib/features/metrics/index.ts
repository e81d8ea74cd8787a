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

/**
 * A labelled gauge read from the scrape's snapshot: `rows` lists its series as [label value, number]. Series whose
 * source is down are left out (a labelled gauge can be empty; an unlabelled one would read 0).
 */
function snapshotGauge(name: string, help: string, label: string, rows: (s: Snapshot) => [string, number][]): void {
  new Gauge({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    async collect() {
      const series = rows(await snapshot());
      this.reset();
      for (const [value, n] of series) this.set({ [label]: value }, n);
    },
  });
}

snapshotGauge(
  "ollama_ops_cache_bytes",
  "Model cache volume bytes by kind: capacity, used, free, partial (unfinished downloads), unreferenced (blobs no model uses)",
  "kind",
  ({ disk }) =>
    !disk
      ? []
      : [
          ["capacity", disk.capacityBytes],
          ["used", disk.usedBytes],
          ["free", disk.availableBytes],
          // Only the cache agent sees inside the volume.
          ...(disk.inventory
            ? ([
                ["partial", disk.inventory.partial.bytes],
                ["unreferenced", disk.inventory.unreferenced.bytes],
              ] as [string, number][])
            : []),
        ],
);

snapshotGauge(
  "ollama_ops_cache_usage_source",
  "Where the cache usage comes from (1 for the source in use): agent, prometheus, kubelet or estimate",
  "source",
  ({ disk }) => (disk ? [[disk.source, 1]] : []),
);

snapshotGauge("ollama_ops_models", "Ollama models by state: installed (on disk) and loaded (in memory)", "state", ({ models, loaded }) => [
  ...(models ? ([["installed", models.length]] as [string, number][]) : []),
  ...(loaded ? ([["loaded", loaded.length]] as [string, number][]) : []),
]);

snapshotGauge(
  "ollama_ops_loaded_memory_bytes",
  "Memory held by the models Ollama has loaded, in bytes: vram (on the GPU) and total (GPU plus system RAM)",
  "kind",
  ({ loaded }) =>
    loaded
      ? [
          ["vram", loaded.reduce((sum, m) => sum + m.sizeVram, 0)],
          ["total", loaded.reduce((sum, m) => sum + m.size, 0)],
        ]
      : [],
);

snapshotGauge("ollama_ops_loaded_model_vram_bytes", "GPU memory held by each loaded model, in bytes", "model", ({ loaded }) =>
  (loaded ?? []).map((m) => [m.name, m.sizeVram]),
);

snapshotGauge("ollama_ops_pull_jobs", "Pull jobs the console knows (unfinished, and recently finished ones) by state", "state", ({ jobs }) =>
  PHASES.map((state) => [state, jobs.filter((j) => j.state === state).length]),
);

snapshotGauge(
  "ollama_ops_source_up",
  "Whether a source answered this scrape: kubernetes (Deployment watch in sync), ollama (tags and ps), agent (cache agent report)",
  "system",
  ({ up }) => SOURCES.map((system) => [system, up[system] ? 1 : 0]),
);

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
