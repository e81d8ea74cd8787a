// GET /metrics against the simulated homelab over real HTTP: the token gate, every series after a demo pull, and a scrape
// that still answers (with what it knows) while Ollama is down.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeconfigYaml } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { GET } from "../../app/metrics/route";
import { resetCaches } from "../../lib/doors/runtime/caches";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import { config, type Target } from "../../lib/doors/runtime/config";
import { pulls, startPull } from "../../lib/features/pulls";

const TOKEN = "metrics-test-token-0123456789";
const MODEL = "llama3.2:1b";

let world: World;
let target: Target;
let dir: string;

beforeAll(async () => {
  world = await createWorld("homelab", { bytesPerSecond: 4e9 });
  dir = mkdtempSync(join(tmpdir(), "metrics-it-"));
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, kubeconfigYaml(world.kube.url));
  Object.assign(process.env, {
    KUBECONFIG: kubeconfig,
    OLLAMA_URL: world.ollama.url,
    CACHE_AGENT_URL: world.agentUrl,
    REGISTRY_MIRRORS: `registry.ollama.ai=${world.registry.url}`,
    METRICS_TOKEN: TOKEN,
  });
  target = config().target;
});

afterAll(async () => {
  pulls(target).shutdown();
  stopWatches(target);
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const scrape = (authorization?: string) => GET(new Request("http://console.test/metrics", { headers: authorization ? { authorization } : {} }));

/** Exposition text → `name{labels}` → value (labels as Prometheus prints them). */
async function samples(): Promise<Map<string, number>> {
  const res = await scrape(`Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const out = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m?.[1] && m[2]) out.set(m[1], Number(m[2]));
  }
  return out;
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Empties the console's caches (the scrape snapshot, Ollama's reads, disk usage), so the next scrape reads afresh. */
function fresh(): void {
  resetCaches();
}

describe("GET /metrics", () => {
  it("asks for the bearer token in METRICS_TOKEN", async () => {
    for (const auth of [undefined, "Bearer wrong-token-0123456789", `Basic ${TOKEN}`]) {
      const res = await scrape(auth);
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain("ollama_ops_");
    }
  });

  it("reports the cache, models, VRAM and pull jobs after a demo pull", async () => {
    const before = await samples();
    const user = { id: "metrics-test", name: "metrics-test", role: "operator" as const };
    const { job } = await startPull(target, user, { model: MODEL, override: false });
    await until(() => pulls(target).list().find((j) => j.id === job.id)?.state === "succeeded", `${MODEL} to be pulled`);
    const usedBefore = before.get('ollama_ops_cache_bytes{kind="used"}') ?? 0;
    let s = before;
    // Disk usage is measured at most every few seconds (agent scan, console cache): scrape until the download shows.
    for (const deadline = Date.now() + 20_000; (s.get('ollama_ops_cache_bytes{kind="used"}') ?? 0) - usedBefore < 1_300_000_000; ) {
      if (Date.now() > deadline) throw new Error("the pulled model never showed in ollama_ops_cache_bytes");
      if (s !== before) await new Promise((r) => setTimeout(r, 100)); // poll interval, not a wait for a constant
      fresh();
      s = await samples();
    }

    const used = s.get('ollama_ops_cache_bytes{kind="used"}') ?? 0;
    expect(s.get('ollama_ops_cache_bytes{kind="capacity"}')).toBe(100 * 2 ** 30);
    expect(used + (s.get('ollama_ops_cache_bytes{kind="free"}') ?? 0)).toBe(100 * 2 ** 30);
    expect(s.get('ollama_ops_cache_bytes{kind="unreferenced"}')).toBe(734003200);
    expect(s.get('ollama_ops_cache_bytes{kind="partial"}')).toBe(0);
    expect(s.get('ollama_ops_cache_usage_source{source="agent"}')).toBe(1);

    expect(s.get('ollama_ops_models{state="installed"}')).toBe(7);
    expect(s.get('ollama_ops_models{state="loaded"}')).toBe(2);
    const perModel = [...s].filter(([k]) => k.startsWith("ollama_ops_loaded_model_vram_bytes{"));
    expect(perModel.map(([k]) => k).sort()).toEqual([
      'ollama_ops_loaded_model_vram_bytes{model="nomic-embed-text:latest"}',
      'ollama_ops_loaded_model_vram_bytes{model="qwen2.5:7b"}',
    ]);
    expect(s.get('ollama_ops_loaded_memory_bytes{kind="vram"}')).toBe(perModel.reduce((n, [, v]) => n + v, 0));
    expect(s.get('ollama_ops_loaded_memory_bytes{kind="vram"}')).toBeGreaterThan(0);
    expect(s.get('ollama_ops_loaded_memory_bytes{kind="total"}')).toBeGreaterThanOrEqual(s.get('ollama_ops_loaded_memory_bytes{kind="vram"}') ?? Infinity);

    expect(s.get('ollama_ops_pull_jobs{state="succeeded"}')).toBe(1);
    expect(s.get('ollama_ops_pull_jobs{state="downloading"}')).toBe(0);
    expect(s.get("ollama_ops_pull_bytes_total")).toBe(pulls(target).list().find((j) => j.id === job.id)?.totalBytes);
    expect(s.get("ollama_ops_pull_bytes_total")).toBeGreaterThan(1_321_082_688);
    for (const system of ["kubernetes", "ollama", "agent"]) expect(s.get(`ollama_ops_source_up{system="${system}"}`), system).toBe(1);
    expect(s.get("ollama_ops_process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("keeps answering while Ollama is down, with what it knows and the failure counted", async () => {
    const errorsBefore = (await samples()).get('ollama_ops_upstream_errors_total{system="ollama",code="unreachable"}') ?? 0;
    await world.setFaults({ ollama: "down" });
    try {
      fresh();
      const s = await samples();
      expect(s.get('ollama_ops_source_up{system="ollama"}')).toBe(0);
      expect(s.get('ollama_ops_source_up{system="kubernetes"}')).toBe(1);
      expect([...s.keys()].filter((k) => /^ollama_ops_(models|loaded_memory_bytes|loaded_model_vram_bytes)\{/.test(k))).toEqual([]);
      expect(s.get('ollama_ops_cache_bytes{kind="used"}')).toBeGreaterThan(0);
      expect(s.get('ollama_ops_upstream_errors_total{system="ollama",code="unreachable"}')).toBeGreaterThan(errorsBefore);
      // The pull counter never goes back.
      expect(s.get("ollama_ops_pull_bytes_total")).toBeGreaterThan(1_321_082_688);
    } finally {
      await world.clearFaults();
    }
    fresh();
    expect((await samples()).get('ollama_ops_source_up{system="ollama"}')).toBe(1);
  });
});
