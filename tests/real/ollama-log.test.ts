// Ollama's own log on both targets: the console's parsers (lib/features/logs) read what the real `ollama serve` writes at
// start-up and at a model load, so a format the parsers misread fails here, not in an operator's browser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLine } from "../../lib/features/logs/parse.ts";
import { highlight } from "../../lib/features/logs/highlights.ts";
import { SignalTracker, offloadReason } from "../../lib/features/logs/signals.ts";
import { TARGET, startTarget, until, type OllamaTarget } from "../integration/ollama-sim-fixture.ts";

let t: OllamaTarget;
beforeAll(async () => {
  t = await startTarget();
  await t.ollama.pull({ model: t.tiny, insecure: true, stream: false });
});
afterAll(() => t?.close());

const lines = () => t.logText().split("\n").filter((l) => l.trim() !== "");
const signals = () => {
  const tracker = new SignalTracker();
  for (const line of lines()) tracker.observe(parseLine(line));
  return tracker.signals;
};

describe(`Ollama's own log (${TARGET})`, () => {
  it("start-up: the server config line gives the OLLAMA_* settings, Listening gives the version, inference compute a device", async () => {
    const { version } = await t.ollama.version();
    await until(() => signals().version !== undefined, 10_000);
    const s = signals();
    expect(s.version).toBe(version);
    expect(s.config?.env).toBeDefined();
    // Every key of the printed map is a setting name, and the ones every version prints are there.
    expect(Object.keys(s.config?.env ?? {}).every((k) => /^[A-Za-z][A-Za-z0-9_]*$/.test(k))).toBe(true);
    for (const key of ["OLLAMA_KEEP_ALIVE", "OLLAMA_MAX_LOADED_MODELS", "OLLAMA_NUM_PARALLEL"]) expect(typeof s.config?.env[key], key).toBe("string");
    expect(s.config?.env.OLLAMA_MODELS).toMatch(/\//);
    // No GPU on this machine: the inventory lists the CPU with a known total, or nothing, never a made-up GPU.
    for (const gpu of s.gpus) {
      expect(gpu.library).toBe("cpu");
      if (gpu.totalBytes !== undefined) expect(gpu.totalBytes).toBeGreaterThan(2 ** 30);
    }
  });

  it("a load: the runner line names the model's blob, every number parsed is right or unknown, and the reason reads plainly", async () => {
    await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: "10m" });
    const weightsDigest = t.tinyModel.manifest.layers.find((l) => l.mediaType === "application/vnd.ollama.image.model")?.digest.replace(/^sha256:/, "");
    await until(() => signals().loads.some((l) => l.blobDigest === weightsDigest && l.loadSeconds !== undefined), 20_000);
    const load = signals().loads.findLast((l) => l.blobDigest === weightsDigest);
    expect(load?.failed).toBeUndefined();
    expect(load?.loadSeconds).toBeGreaterThan(0);
    expect(load?.loadSeconds).toBeLessThan(60);
    // On the CPU nothing is offloaded; a parsed layer count must say so, an unparsed one stays unknown.
    if (load?.layersOnGpu !== undefined) expect(load.layersOnGpu).toBe(0);
    if (load?.layersTotal !== undefined) expect(load.layersTotal).toBeGreaterThan(0);
    for (const d of load?.devices ?? []) {
      for (const bytes of [d.weightsBytes, d.kvCacheBytes, d.graphBytes]) if (bytes !== undefined) expect(bytes).toBeGreaterThanOrEqual(0);
    }
    // The weights in memory are about the model file: an estimate and an allocation must not be added up.
    const blobBytes = t.tinyModel.manifest.layers.find((l) => l.mediaType === "application/vnd.ollama.image.model")?.size ?? 0;
    const weights = (load?.devices ?? []).reduce((sum, d) => sum + (d.weightsBytes ?? 0), 0);
    if (weights > 0) expect(weights / blobBytes).toBeGreaterThan(0.5);
    if (weights > 0) expect(weights / blobBytes).toBeLessThan(1.5);
    // Only runners started with a model count as loads (GPU discovery starts one without).
    expect(signals().loads.every((l) => l.blobDigest !== undefined)).toBe(true);
    expect(offloadReason(load)).not.toMatch(/undefined|NaN/);
    // The "runner started in N s" line is highlighted as the load time.
    expect(lines().map(parseLine).some((l) => highlight(l)?.kind === "load-time")).toBe(true);
    await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: 0 });
  });

  it("no line of the real log makes the parser throw or invent a level", () => {
    for (const line of lines()) {
      const parsed = parseLine(line);
      expect(["error", "warn", "info", "debug", "trace", "other"]).toContain(parsed.level);
      if (line.includes("level=INFO")) expect(parsed.level).toBe("info");
    }
  });
});
