// What pins and variants rely on, on both targets (TARGET=real: the real Ollama): a client's keep_alive overrides a
// pinned model's, and /api/create with `from` makes a model that shares the base's layers, with new parameters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGET, startTarget, until, type OllamaTarget } from "../integration/ollama-sim-fixture.ts";

let t: OllamaTarget;
beforeAll(async () => {
  t = await startTarget();
  await t.ollama.pull({ model: t.tiny, insecure: true, stream: false });
});
afterAll(() => t?.close());

const ps = async () => ((await (await fetch(`${t.url}/api/ps`)).json()) as { models: { name: string; expires_at: string }[] }).models;
const FOREVER_MS = 290 * 365.25 * 86_400_000;

describe(`pins and variants (${TARGET})`, () => {
  it("a client's keep_alive replaces a pinned model's endless one, and keep_alive 0 unloads it", async () => {
    // Ollama's scheduler sets a runner's expiry when the request's context ends, which may be just after the reply
    // reached the client: /api/ps is polled until it shows the new one.
    const left = async () => new Date((await ps())[0]?.expires_at ?? "").getTime() - Date.now();
    await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: -1 });
    await until(async () => (await left()) > FOREVER_MS, 10_000);
    await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: "2m" });
    let now = Infinity;
    await until(async () => (now = await left()) < 130_000, 10_000);
    expect(now).toBeGreaterThan(60_000);
    await t.ollama.generate({ model: t.tiny, prompt: "", keep_alive: 0 });
    await until(async () => (await ps()).length === 0, 10_000);
  });

  it("/api/create with `from` reuses the base's layers and adds parameters and a system prompt", async () => {
    const variant = `${t.tiny.split(":")[0]}-variant:ctx`;
    const done = await t.ollama.create({ model: variant, from: t.tiny, parameters: { num_ctx: 1024, temperature: 0.1 }, system: "Be brief.", stream: false });
    expect(done.status).toBe("success");
    const tags = (await t.ollama.list()).models;
    const made = tags.find((m) => m.name === variant);
    const base = tags.find((m) => m.name === t.tiny);
    expect(made).toBeDefined();
    expect(made?.digest).not.toBe(base?.digest);
    const shown = await t.ollama.show({ model: variant });
    expect(shown.system).toBe("Be brief.");
    expect(shown.parameters).toMatch(/num_ctx\s+1024/);
    await t.ollama.delete({ model: variant });
  });
});
