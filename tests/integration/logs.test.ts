// Ollama's own signals against the simulated world over real HTTP: the shared log follow across an OOM kill, the previous
// container's log, spec ≠ running settings, and the offload reason of a partially offloaded model.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeKubeconfig } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import { config, type Target } from "../../lib/doors/runtime/config";
import { logFollowCount, logHub, stopLogHub } from "../../lib/features/logs";
import { gpuView } from "../../lib/features/logs/gpu";
import { logRestarts, readOllamaLog, readRestartLines } from "../../lib/features/logs/read";
import { settingsPatch, settingsView } from "../../lib/features/logs/settings-view";
import type { LogEntry, LogStreamEvent } from "../../lib/shared/logs/types";

let world: World;
let target: Target;
let dir: string;

beforeAll(async () => {
  world = await createWorld("homelab");
  dir = mkdtempSync(join(tmpdir(), "logs-it-"));
  const kubeconfig = join(dir, "kubeconfig");
  await writeKubeconfig(kubeconfig, world.kube.url);
  process.env.KUBECONFIG = kubeconfig;
  process.env.OLLAMA_URL = world.ollama.url;
  process.env.CACHE_AGENT_URL = world.agentUrl;
  target = config().target;
});

afterAll(async () => {
  stopLogHub(target);
  stopWatches(target);
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A viewer of the shared follow: everything it was sent. */
function viewer(tail = 5_000) {
  const lines: LogEntry[] = [];
  const events: LogStreamEvent[] = [];
  const stop = logHub(target).subscribe((e) => {
    events.push(e);
    if (e.type === "lines") lines.push(...e.lines);
  }, tail);
  return { lines, events, stop, texts: () => lines.map((l) => l.text).join("\n") };
}

describe("the shared log follow", () => {
  it("streams Ollama's start-up lines, highlighted, and live lines to 20 viewers over one upstream follow", async () => {
    const first = viewer();
    await vi.waitFor(() => expect(first.texts()).toContain('msg="inference compute"'), { timeout: 10_000 });
    const viewers = [first, ...Array.from({ length: 19 }, () => viewer())];
    world.ollama.log('time=2026-03-01T10:00:00.000Z level=ERROR source=images.go:1 msg="write /root/.ollama/models/blobs/x: no space left on device"');
    for (const v of viewers) await vi.waitFor(() => expect(v.texts()).toContain("no space left on device"));
    const full = first.lines.find((l) => l.text.includes("no space left"));
    expect(full).toMatchObject({ level: "error", highlight: { kind: "disk-full", severity: "error" } });
    expect(first.lines.find((l) => l.text.includes("llama runner started in"))?.highlight?.kind).toBe("load-time");
    expect(logFollowCount(target)).toBe(1);
    expect(world.kube.logs.followsOpen).toBe(1);
    viewers.slice(1).forEach((v) => v.stop());
  });

  it("reconnects after the Ollama container is OOM-killed and restarts, keeping the dead container's last lines", async () => {
    const v = viewer(0);
    const opened = logFollowCount(target);
    world.action("oom-crash");
    // The killed container's unfinished load arrives before its stream ends.
    await vi.waitFor(() => expect(v.texts()).toContain("offloaded 0/81 layers to GPU"));
    await vi.waitFor(() => expect(v.events.some((e) => e.type === "status" && e.status.state === "waiting")).toBe(true), { timeout: 10_000 });
    // The sim restarts the container after 10 s: a new instance, a new follow, its start-up lines.
    await vi.waitFor(() => expect(v.events.some((e) => e.type === "instance")).toBe(true), { timeout: 20_000 });
    const restartAt = v.events.findIndex((e) => e.type === "instance");
    await vi.waitFor(() => {
      const after = v.events.slice(restartAt).flatMap((e) => (e.type === "lines" ? e.lines : []));
      expect(after.some((l) => l.text.includes('msg="server config"'))).toBe(true);
    }, { timeout: 10_000 });
    expect(logHub(target).status.state).toBe("following");
    expect(logFollowCount(target)).toBeGreaterThan(opened);
    expect(world.kube.logs.followsOpen).toBe(1);
    v.stop();
  }, 40_000);

  it("reads the previous container's log after the OOM kill, and the restart history links to its last lines", async () => {
    const previous = await readOllamaLog(target, { tail: 50, previous: true });
    expect(previous.container).toBe("ollama");
    expect(previous.entries.at(-1)?.text).toContain("waiting for llama runner to start responding");
    expect(previous.entries.some((e) => e.text.includes("offloaded 0/81 layers to GPU") && e.highlight?.kind === "offload")).toBe(true);
    const current = await readOllamaLog(target, { tail: 50, previous: false });
    expect(current.entries.some((e) => e.text.includes("offloaded 0/81"))).toBe(false);

    const [oom] = await logRestarts(target);
    expect(oom).toMatchObject({ reason: "OOMKilled", exitCode: 137, container: "ollama", lines: "console" });
    const dead = await readRestartLines(target, { pod: oom!.pod, container: "ollama", restartCount: oom!.restartCount });
    expect(dead.source).toBe("console");
    expect(dead.entries.at(-1)?.text).toContain("waiting for llama runner to start responding");
    await expect(readRestartLines(target, { pod: oom!.pod, container: "ollama", restartCount: 99 })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("effective settings", () => {
  it("matches the Deployment's env with the running server config, then flags a template change no pod runs yet", async () => {
    const before = await settingsView(target);
    const keepAlive = before.rows.find((r) => r.name === "OLLAMA_KEEP_ALIVE");
    expect(keepAlive).toMatchObject({ spec: { value: "30m" }, running: "30m0s", status: "same", defaultValue: "5m" });
    expect(before.differences).toBe(0);

    const deployment = structuredClone(world.kube.store.get("Deployment", "ollama", "ollama")!);
    const containers = (deployment.spec as { template: { spec: { containers: { name: string; env?: { name: string; value: string }[] }[] } } }).template.spec.containers;
    containers.find((c) => c.name === "ollama")!.env!.push({ name: "OLLAMA_NUM_PARALLEL", value: "4" });
    // Paused, as the deployment controller would otherwise roll the change out (a new pod, without the old one's logs).
    (deployment.spec as { paused?: boolean }).paused = true;
    world.kube.put(deployment);

    await vi.waitFor(async () => {
      const after = await settingsView(target);
      expect(after.rows.find((r) => r.name === "OLLAMA_NUM_PARALLEL")).toMatchObject({ spec: { value: "4" }, running: "1", status: "differs" });
      expect(after.differences).toBe(1);
    }, { timeout: 10_000 });
  });

  it("builds the Kustomize patch with a KV-cache estimate from a loaded model's own load lines, and refuses bad values", async () => {
    const result = await settingsPatch(target, { OLLAMA_NUM_PARALLEL: "2" }, [{ name: "m", contextLength: 4096, kvBytes: 100 * 1024 ** 2 }]);
    expect(result.patch).toContain("            - name: OLLAMA_NUM_PARALLEL\n              value: \"2\"");
    expect(result.patch).toContain("        - name: ollama\n");
    // NUM_PARALLEL runs at 1 (the spec's 4 is not rolled out): twice the slots, twice the KV cache.
    expect(result.memory[0]).toMatchObject({ model: "m", estimateBytes: 200 * 1024 ** 2 });
    await expect(settingsPatch(target, { OLLAMA_NUM_PARALLEL: "many" }, [])).rejects.toMatchObject({ code: "invalid" });
    await expect(settingsPatch(target, { OLLAMA_HOST: "0.0.0.0" }, [])).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("GPU and VRAM", () => {
  it("lists the GPU from the inference compute line and explains a partially offloaded model", async () => {
    world.ollama.load("llama3.2:3b", { sizeVram: 1_500_000_000 });
    await vi.waitFor(async () => {
      const view = await gpuView(target);
      expect(view.gpus).toHaveLength(1);
      expect(view.gpus[0]).toMatchObject({ name: "CUDA0", description: "NVIDIA GeForce RTX 3090", library: "CUDA", totalBytes: 24 * 1024 ** 3 });
      const partial = view.models.find((m) => m.name === "llama3.2:3b");
      expect(partial?.sizeVram).toBeLessThan(partial?.size ?? 0);
      expect(partial?.offloadReason).toMatch(/^offloaded \d+\/29 layers to GPU; the rest run on the CPU$/);
      expect(partial?.devices.map((d) => d.device)).toEqual(["CUDA0", "CPU"]);
      expect(partial?.devices[0]?.weightsBytes).toBeGreaterThan(0);
      const full = view.models.find((m) => m.sizeVram >= m.size);
      if (full) expect(full.offloadReason).toBeUndefined();
    }, { timeout: 10_000 });
  });
});
