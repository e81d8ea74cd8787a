// The official `ollama` npm client against the Ollama simulator: list, ps, show, pull, delete, load and unload.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manifestBlobs } from "../../sim/registry/manifest.ts";
import { collect, libraryModel, startSim, until, type SimFixture } from "./ollama-sim-fixture.ts";

let f: SimFixture;
beforeEach(async () => {
  f = await startSim({ bytesPerSecond: 5e9 });
});
afterEach(() => f.sim.close());

describe("ollama client against the simulator", () => {
  it("lists installed models newest first with the real ListModelResponse shape", async () => {
    f.sim.installModel("llama3.2:3b", { modifiedAt: new Date("2025-01-01T00:00:00Z") });
    f.sim.installModel("qwen2.5", { modifiedAt: new Date("2025-02-01T00:00:00Z") });
    const { models } = await f.ollama.list();
    expect(models.map((m) => m.name)).toEqual(["qwen2.5:latest", "llama3.2:3b"]);
    const llama = models[1];
    expect(llama?.model).toBe("llama3.2:3b");
    expect(llama?.size).toBe(2019393189);
    expect(llama?.digest).toBe(libraryModel("llama3.2:3b").digest);
    expect(llama?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(llama?.modified_at ?? "").toISOString()).toBe("2025-01-01T00:00:00.000Z");
    expect(llama?.details).toMatchObject({ family: "llama", parameter_size: "3.2B", quantization_level: "Q4_K_M", format: "gguf" });
  });

  it("shows details, model_info with the context length, capabilities and template; 404 names the model as sent", async () => {
    f.sim.installModel("deepseek-r1:14b");
    const show = await f.ollama.show({ model: "deepseek-r1:14b" });
    // ollama-js types model_info as a Map, but it is the plain JSON object on the wire.
    expect((show.model_info as unknown as Record<string, unknown>)["qwen2.context_length"]).toBe(131072);
    expect(show.capabilities).toEqual(["completion", "thinking"]);
    expect(show.details.parameter_size).toBe("14.8B");
    expect(show.template).toContain("<｜Assistant｜>");
    expect(show.parameters).toMatch(/^stop {26} "/);
    expect(show.license).toMatch(/^MIT License/);
    await expect(f.ollama.show({ model: "mistral" })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'mistral' not found",
    });
  });

  it("streams a pull through every phase and the model appears in the list only at the end", async () => {
    f.sim.setSpeed(2e9); // ≈0.7 s for 1.3 GB: several 60 ms progress lines even on a busy machine
    const seen: string[] = [];
    let listedDuringPull = true;
    for await (const p of await f.ollama.pull({ model: "llama3.2:1b", stream: true })) {
      if (seen.length === 2) listedDuringPull = (await f.ollama.list()).models.length > 0;
      seen.push(p.status);
    }
    const weights = libraryModel("llama3.2:1b").manifest.layers[0]?.digest.slice(7, 19);
    expect(seen[0]).toBe("pulling manifest");
    expect(seen.filter((s) => s === `pulling ${weights}`).length).toBeGreaterThan(2);
    expect(seen.slice(-3)).toEqual(["verifying sha256 digest", "writing manifest", "success"]);
    expect(listedDuringPull).toBe(false);
    expect((await f.ollama.list()).models.map((m) => m.name)).toEqual(["llama3.2:1b"]);
  });

  it("creating from a model that is not installed streams its pull while it runs, then the create's lines", async () => {
    f.sim.setSpeed(2e9); // ≈0.7 s for the 1.3 GB weights
    const seen: string[] = [];
    let whileDownloading = false;
    for await (const p of await f.ollama.create({ model: "small", from: "llama3.2:1b", system: "Be brief.", stream: true })) {
      if (p.status.startsWith("pulling ") && p.completed) whileDownloading ||= f.sim.state.activeDownloads > 0;
      seen.push(p.status);
    }
    expect(whileDownloading).toBe(true);
    expect(seen[0]).toBe("pulling manifest");
    expect(seen.slice(-2)).toEqual(["writing manifest", "success"]);
    const show = await f.ollama.show({ model: "small" });
    expect([show.system, show.details.parent_model, show.details.quantization_level]).toEqual(["Be brief.", "llama3.2:1b", "Q8_0"]);
  });

  it("re-pulling an installed model emits exactly one completed line per layer", async () => {
    f.sim.installModel("gemma2:9b");
    const lines = await collect(await f.ollama.pull({ model: "gemma2:9b", stream: true }));
    const blobs = manifestBlobs(libraryModel("gemma2:9b").manifest);
    const layerLines = lines.filter((l) => l.status.startsWith("pulling ") && l.digest);
    expect(layerLines.map((l) => [l.digest, l.total, l.completed])).toEqual(blobs.map((b) => [b.digest, b.size, b.size]));
    expect(lines.map((l) => l.status)).not.toContain("removing unused layers");
  });

  it("pulling an unknown model throws the real error text, streamed or not", async () => {
    await expect(collect(await f.ollama.pull({ model: "no-such-model:7b", stream: true }))).rejects.toThrow(
      "pull model manifest: file does not exist",
    );
    await expect(f.ollama.pull({ model: "no-such-model:7b" })).rejects.toMatchObject({
      status_code: 500,
      error: "pull model manifest: file does not exist",
    });
  });

  it("deletes a model and only the blobs no other model references", async () => {
    f.sim.installModel("qwen2.5:7b");
    f.sim.installModel("qwen2.5:14b");
    const small = libraryModel("qwen2.5:7b");
    await f.ollama.delete({ model: "qwen2.5:7b" });
    expect((await f.ollama.list()).models.map((m) => m.name)).toEqual(["qwen2.5:14b"]);
    expect(f.volume.hasBlob(small.manifest.layers[0]?.digest ?? "")).toBe(false);
    expect(f.volume.hasBlob(small.manifest.layers[2]?.digest ?? "")).toBe(true); // template shared with 14b
    await expect(f.ollama.delete({ model: "qwen2.5:7b" })).rejects.toMatchObject({ status_code: 404, error: "model 'qwen2.5:7b' not found" });
  });

  it("loads with keep_alive, shows the VRAM split and context in ps, evicts to make room, unloads with keep_alive 0", async () => {
    f.sim.installModel("llama3.2:3b");
    f.sim.installModel("llama3.1:70b");
    const load = await f.ollama.generate({ model: "llama3.2:3b", prompt: "", keep_alive: "10m" });
    expect(load).toMatchObject({ model: "llama3.2:3b", done: true, done_reason: "load", response: "" });
    const [small] = (await f.ollama.ps()).models;
    expect(small?.name).toBe("llama3.2:3b");
    expect(small?.size_vram).toBe(small?.size);
    expect(Math.abs(new Date(small?.expires_at ?? "").getTime() - Date.now() - 600_000)).toBeLessThan(5000);
    expect((small as unknown as { context_length: number }).context_length).toBe(4096);

    // 70b does not fit in 24 GiB: the idle 3b is evicted and the rest of the 70b spills to the CPU.
    await f.ollama.generate({ model: "llama3.1:70b", prompt: "", keep_alive: -1 });
    const { models } = await f.ollama.ps();
    expect(models.map((m) => m.name)).toEqual(["llama3.1:70b"]);
    const big = models[0];
    // Negative keep_alive = time.Duration(math.MaxInt64) ≈ 292 years (year 2318 when run in 2025).
    expect(new Date(big?.expires_at ?? "").getTime() - Date.now()).toBeGreaterThan(292 * 365.2425 * 86_400_000);
    expect(big?.size_vram).toBeGreaterThan(20 * 1024 ** 3);
    expect(big?.size_vram).toBeLessThan(big?.size ?? 0);

    const unload = await f.ollama.generate({ model: "llama3.1:70b", prompt: "", keep_alive: 0 });
    expect(unload.done_reason).toBe("unload");
    await until(async () => (await f.ollama.ps()).models.length === 0);
  });

  it("chat with no messages loads and unloads too; an embedding model cannot be loaded for generate", async () => {
    f.sim.installModel("nomic-embed-text");
    f.sim.installModel("phi3:mini");
    const load = await f.ollama.chat({ model: "phi3:mini", messages: [], keep_alive: "1m" });
    expect(load).toMatchObject({ done_reason: "load", message: { role: "assistant", content: "" } });
    expect((await f.ollama.chat({ model: "phi3:mini", messages: [], keep_alive: 0 })).done_reason).toBe("unload");
    await expect(f.ollama.generate({ model: "nomic-embed-text", prompt: "" })).rejects.toMatchObject({
      status_code: 400,
      error: '"nomic-embed-text" does not support generate',
    });
    await expect(f.ollama.generate({ model: "mistral", prompt: "", keep_alive: 0 })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'mistral' not found",
    });
  });
});
