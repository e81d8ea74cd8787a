// Loading and unloading on both targets: a real load of the tiny GGUF on the CPU (TARGET=real), /api/ps while it is
// loaded, keep_alive expiry and keep_alive 0.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGET, startTarget, until, type OllamaTarget } from "../integration/ollama-sim-fixture.ts";

let t: OllamaTarget;
beforeAll(async () => {
  t = await startTarget();
  await t.ollama.pull({ model: t.tiny, insecure: true, stream: false });
});
afterAll(() => t?.close());

interface PsEntry {
  name: string;
  model: string;
  size: number;
  digest: string;
  size_vram: number;
  context_length: number;
  expires_at: string;
}
const ps = async () => ((await (await fetch(`${t.url}/api/ps`)).json()) as { models: PsEntry[] }).models;

describe(`loads (${TARGET})`, () => {
  it("an empty prompt loads the model: done_reason load, then /api/ps lists it on the CPU with the params' num_ctx", async () => {
    const load = await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: "10m" });
    expect(load).toMatchObject({ model: t.tiny, response: "", done: true, done_reason: "load" });
    const [m, ...rest] = await ps();
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ name: t.tiny, model: t.tiny, digest: t.tinyModel.digest, size_vram: 0, context_length: 512 });
    expect(m?.size).toBeGreaterThan(t.tinyModel.manifest.layers[0]?.size ?? 0);
    expect(Math.abs(new Date(m?.expires_at ?? "").getTime() - Date.now() - 600_000)).toBeLessThan(10_000);
  });

  it("keep_alive 0 unloads: done_reason unload, and /api/ps empties", async () => {
    const unload = await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: 0 });
    expect(unload).toMatchObject({ done: true, done_reason: "unload" });
    await until(async () => (await ps()).length === 0, 10_000);
  });

  it("a negative keep_alive keeps the model loaded for good (expires_at ≈ 292 years ahead)", async () => {
    await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: -1 });
    const [m] = await ps();
    expect(new Date(m?.expires_at ?? "").getTime() - Date.now()).toBeGreaterThan(290 * 365.25 * 86_400_000);
    await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: 0 });
    await until(async () => (await ps()).length === 0, 10_000);
  });

  it("a short keep_alive expires by itself", async () => {
    await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: "1s" });
    expect((await ps()).map((m) => m.name)).toEqual([t.tiny]);
    await until(async () => (await ps()).length === 0, 10_000);
  });

  it("rejects a string keep_alive without a unit and an unknown model with the real texts", async () => {
    await expect(t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: "-1" })).rejects.toMatchObject({
      status_code: 400,
      error: 'time: missing unit in duration "-1"',
    });
    await expect(t.ollama.generate({ model: "nope", prompt: "", keep_alive: 0 })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'nope' not found",
    });
  });
});
