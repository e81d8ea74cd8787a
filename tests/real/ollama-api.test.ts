// One suite, two targets: the official `ollama` client against the simulator (TARGET=sim, the default) and against the
// real `ollama serve` (TARGET=real), both pulling the registry simulator's tiny model. Where they differ, the simulator
// is wrong (sim/README.md, "Differences found against real servers").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifestBlobs } from "../../sim/registry/manifest.ts";
import { TARGET, collect, startTarget, type OllamaTarget } from "../integration/ollama-sim-fixture.ts";

let t: OllamaTarget;
beforeAll(async () => {
  t = await startTarget();
});
afterAll(() => t?.close());

const post = (path: string, body: unknown, method = "POST") =>
  fetch(`${t.url}${path}`, { method, body: typeof body === "string" ? body : JSON.stringify(body) });

describe(`Ollama API (${TARGET})`, () => {
  it("answers the probe, the version and empty lists", async () => {
    expect(await (await fetch(`${t.url}/`)).text()).toBe("Ollama is running");
    expect((await t.ollama.version()).version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await (await fetch(`${t.url}/api/tags`)).json()).toEqual({ models: [] });
    expect(await (await fetch(`${t.url}/api/ps`)).json()).toEqual({ models: [] });
  });

  it("pulls the tiny model over loopback (insecure) with Ollama's progress sequence", async () => {
    t.setPullSpeed(3e6); // ≈0.6 s for the weights: several 60 ms progress lines
    const lines = await collect(await t.ollama.pull({ model: t.tiny, insecure: true, stream: true }));
    t.setPullSpeed(0);
    const statuses = lines.map((l) => l.status);
    expect(statuses[0]).toBe("pulling manifest");
    expect(statuses.slice(-3)).toEqual(["verifying sha256 digest", "writing manifest", "success"]);
    const blobs = new Map(manifestBlobs(t.tinyModel.manifest).map((b) => [b.digest, b.size]));
    // Every other line is a 60 ms tick of one blob: `pulling <12 hex>`, its digest, its size; a blob done within one
    // tick may have no line at all (both servers), so only the weights' lines are counted.
    for (const line of lines.slice(1, -3)) {
      expect(line.status).toBe(`pulling ${line.digest?.slice(7, 19)}`);
      expect(line.total).toBe(blobs.get(line.digest ?? ""));
    }
    const weights = t.tinyModel.manifest.layers[0]?.digest;
    const progress = lines.filter((l) => l.digest === weights).map((l) => l.completed ?? 0);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("lists the model with the manifest digest as bare hex, its size and the config's details", async () => {
    const { models } = await t.ollama.list();
    expect(models).toHaveLength(1);
    const [m] = models;
    expect(m?.name).toBe(t.tiny);
    expect(m?.model).toBe(t.tiny);
    expect(m?.digest).toBe(t.tinyModel.digest);
    expect(m?.size).toBe(t.tinyModel.size);
    expect(m?.details).toMatchObject({ format: "gguf", family: "llama", families: ["llama"], parameter_size: "470K", quantization_level: "F32" });
    expect(Math.abs(new Date(m?.modified_at ?? "").getTime() - Date.now())).toBeLessThan(60_000);
    // No capabilities and no context/embedding length in a local model's entry (ModelDetails has six fields).
    expect(Object.keys(m ?? {}).sort()).toEqual(["details", "digest", "model", "modified_at", "name", "size"]);
    expect(Object.keys(m?.details ?? {}).sort()).toEqual(["families", "family", "format", "parameter_size", "parent_model", "quantization_level"]);
  });

  it("re-pulling the installed model reports each blob once as complete and fetches nothing", async () => {
    const before = t.downloadedBytes();
    const lines = await collect(await t.ollama.pull({ model: t.tiny, insecure: true, stream: true }));
    const blobs = manifestBlobs(t.tinyModel.manifest);
    const layerLines = lines.filter((l) => l.digest);
    expect(layerLines.map((l) => [l.digest, l.total, l.completed])).toEqual(blobs.map((b) => [b.digest, b.size, b.size]));
    expect(lines.map((l) => l.status)).not.toContain("removing unused layers");
    expect(t.downloadedBytes()).toBe(before);
  });

  it("shows the template, parameters, license, capabilities and the GGUF's model_info", async () => {
    const show = await t.ollama.show({ model: t.tiny });
    const info = show.model_info as unknown as Record<string, unknown>;
    expect(info["general.architecture"]).toBe("llama");
    expect(info["llama.context_length"]).toBe(2048);
    expect(info["llama.embedding_length"]).toBe(128);
    expect(info["llama.block_count"]).toBe(2);
    expect(info["general.parameter_count"]).toBe(t.tinyModel.spec.parameterCount);
    expect(info["tokenizer.ggml.tokens"]).toBeNull(); // arrays are null unless verbose
    // The tensor list comes without verbose too: token_embd, 9 per block, output_norm, output; shapes innermost first.
    const tensors = (show as unknown as { tensors?: { name: string; type: string; shape: number[] }[] }).tensors;
    expect(tensors).toHaveLength(21);
    expect(tensors?.[0]).toEqual({ name: "token_embd.weight", type: "F32", shape: [128, 298] });
    expect(show.template).toBe("{{ if .System }}{{ .System }} {{ end }}{{ .Prompt }}");
    // One `%-30s %#v` line per value; Ollama ranges over a Go map, so the order varies between calls.
    expect(show.parameters?.split("\n").sort()).toEqual([`num_ctx${" ".repeat(24)}512`, `stop${" ".repeat(27)}"</s>"`]);
    expect(show.license).toMatch(/^Seeded random weights/);
    expect(show.capabilities).toEqual(["completion"]);
    expect(show.details).toMatchObject({ family: "llama", parameter_size: "470K", quantization_level: "F32" });
  });

  it("copies a model: same digest under a new name; a missing source is 404", async () => {
    const res = await post("/api/copy", { source: t.tiny, destination: "tiny-copy" });
    expect([res.status, await res.text()]).toEqual([200, ""]);
    const names = (await t.ollama.list()).models.map((m) => [m.name, m.digest]);
    expect(names).toContainEqual(["tiny-copy:latest", t.tinyModel.digest]);
    const missing = await post("/api/copy", { source: "nope", destination: "nope2" });
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'model "nope" not found' }]);
  });

  it("creates a model from an installed one with its own system prompt and parameters", async () => {
    const lines = await collect(
      await t.ollama.create({ model: "tiny-ops", from: t.tiny, system: "You run clusters.", parameters: { temperature: 0.2 }, stream: true }),
    );
    expect(lines.at(-1)?.status).toBe("success");
    expect(lines.map((l) => l.status).slice(-2)).toEqual(["writing manifest", "success"]);
    const show = await t.ollama.show({ model: "tiny-ops" });
    expect(show.system).toBe("You run clusters.");
    expect(show.parameters).toContain(`temperature${" ".repeat(20)}0.2`);
    expect(show.template).toBe("{{ if .System }}{{ .System }} {{ end }}{{ .Prompt }}");
    expect(show.details.parent_model).toBe(t.tiny);
    const weights = t.tinyModel.manifest.layers[0]?.digest ?? "";
    expect(lines.map((l) => l.status)).toContain(`using existing layer ${weights}`);
    // tags leaves parent_model empty; the details come from the GGUF again (general.file_type 0 is "unknown", not the
    // base's F32), and the sizes of the new system, params (Go's JSON of the merged values) and config layers are real's.
    const entry = (await t.ollama.list()).models.find((m) => m.name === "tiny-ops:latest");
    expect(entry?.details).toMatchObject({ parent_model: "", family: "llama", parameter_size: "470K", quantization_level: "unknown" });
    expect(entry?.size).toBe(1890009);
  });

  it("creates from a model that is not installed by pulling it first, without insecure even when asked", async () => {
    // The http registry of the tests: the pull speaks HTTPS and fails, streamed after "pulling manifest".
    const host = new URL(t.registry.url).host;
    const res = await post("/api/create", { model: "tiny-elsewhere", from: `${host}/library/tiny:notpulled`, insecure: true });
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/x-ndjson"]);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { status: "pulling manifest" },
      { error: `pull model manifest: Get "https://${host}/v2/library/tiny/manifests/notpulled": http: server gave HTTP response to HTTPS client` },
    ]);
    expect((await t.ollama.list()).models.map((m) => m.name)).not.toContain("tiny-elsewhere:latest");
  });

  it("deletes one name and keeps blobs another manifest still references; 404 names the raw model", async () => {
    const res = await post("/api/delete", { model: "tiny-copy" }, "DELETE");
    expect([res.status, await res.text()]).toEqual([200, ""]);
    for (const blob of manifestBlobs(t.tinyModel.manifest)) expect(t.hasBlob(blob.digest)).toBe(true);
    const gone = await post("/api/delete", { model: "tiny-copy" }, "DELETE");
    expect([gone.status, await gone.json()]).toEqual([404, { error: "model 'tiny-copy' not found" }]);
  });

  it("fails a pull of an unknown tag and of an http registry without insecure, with the real texts", async () => {
    const host = new URL(t.registry.url).host;
    await expect(t.ollama.pull({ model: `${host}/library/tiny:nope`, insecure: true })).rejects.toMatchObject({
      error: "pull model manifest: file does not exist",
    });
    // Without insecure, Ollama speaks HTTPS even to an http:// name (no "insecure protocol http" on pull).
    const https = `pull model manifest: Get "https://${host}/v2/library/tiny/manifests/latest": http: server gave HTTP response to HTTPS client`;
    await expect(t.ollama.pull({ model: `http://${host}/library/tiny:latest` })).rejects.toMatchObject({ error: https });
    await expect(t.ollama.pull({ model: t.tiny })).rejects.toMatchObject({ status_code: 500, error: https });
  });
});
