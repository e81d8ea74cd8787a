// Wire details of the Ollama and registry simulators checked with raw fetch: bodies, statuses, headers, faults.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRegistrySim, type RegistrySim } from "../../sim/registry/server.ts";
import { libraryModel, startSim, type SimFixture } from "./ollama-sim-fixture.ts";

let f: SimFixture;
beforeEach(async () => {
  f = await startSim();
});
afterEach(() => f.sim.close());

const post = (path: string, body: unknown, method = "POST") =>
  fetch(`${f.sim.url}${path}`, { method, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("Ollama wire details", () => {
  it("answers the liveness probe, version, and gin's 404/405 texts", async () => {
    const root = await fetch(`${f.sim.url}/`);
    expect(await root.text()).toBe("Ollama is running");
    expect((await fetch(`${f.sim.url}/`, { method: "HEAD" })).status).toBe(200);
    expect(await (await fetch(`${f.sim.url}/api/version`)).json()).toEqual({ version: "0.12.6" });
    const missing = await fetch(`${f.sim.url}/api/nope`);
    expect([missing.status, missing.headers.get("content-type"), await missing.text()]).toEqual([404, "text/plain", "404 page not found"]);
    const wrong = await fetch(`${f.sim.url}/api/pull`);
    expect([wrong.status, await wrong.text()]).toEqual([405, "405 method not allowed"]);
    expect(await (await fetch(`${f.sim.url}/api/tags`)).json()).toEqual({ models: [] });
    expect(await (await fetch(`${f.sim.url}/api/ps`)).json()).toEqual({ models: [] });
  });

  it("reports the tags digest as bare hex of the manifest and escapes HTML like Go", async () => {
    f.sim.installModel("llama3.2:3b");
    const tags = (await (await fetch(`${f.sim.url}/api/tags`)).json()) as { models: { digest: string; modified_at: string }[] };
    expect(tags.models[0]?.digest).toBe(libraryModel("llama3.2:3b").digest);
    expect(tags.models[0]?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(tags.models[0]?.modified_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    const show = await (await post("/api/show", { name: "llama3.2:3b" })).text();
    expect(show).toContain("\\u003c|start_header_id|\\u003e");
  });

  it("deletes with a JSON body on DELETE: 200 and an empty body; 404 echoes the raw name", async () => {
    f.sim.installModel("mistral:7b");
    const ok = await post("/api/delete", { model: "Mistral:7b" }, "DELETE");
    expect([ok.status, ok.headers.get("content-length"), await ok.text()]).toEqual([200, "0", ""]);
    const gone = await post("/api/delete", { name: "Mistral:7b" }, "DELETE");
    expect([gone.status, await gone.json()]).toEqual([404, { error: "model 'Mistral:7b' not found" }]);
    const bad = await post("/api/delete", { model: "a/b/c/d/e" }, "DELETE");
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'name "a/b/c/d/e" is invalid' }]);
    const empty = await post("/api/delete", "", "DELETE");
    expect([empty.status, await empty.json()]).toEqual([400, { error: "missing request body" }]);
  });

  it("rejects a bad pull name with 400 before streaming; stream:false answers once", async () => {
    const bad = await post("/api/pull", { model: "foo bar" });
    expect([bad.status, await bad.json()]).toEqual([400, { error: "invalid model name" }]);
    const once = await post("/api/pull", { model: "nomic-embed-text", stream: false });
    expect([once.status, once.headers.get("content-type"), await once.json()]).toEqual([200, "application/json", { status: "success" }]);
    const unknown = await post("/api/pull", { model: "nope", stream: false });
    expect([unknown.status, await unknown.json()]).toEqual([500, { error: "pull model manifest: file does not exist" }]);
  });

  it("streams NDJSON with completed omitted while it is still 0", async () => {
    f.sim.setSpeed(0);
    const abort = new AbortController();
    const res = await fetch(`${f.sim.url}/api/pull`, { method: "POST", body: '{"model":"llava:7b"}', signal: abort.signal });
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (text.split("\n").length < 3) text += (await reader?.read())?.value ?? "";
    abort.abort();
    const [first, second] = text.split("\n").map((l) => l && (JSON.parse(l) as Record<string, unknown>));
    const weights = libraryModel("llava:7b").manifest.layers[0];
    expect(first).toEqual({ status: "pulling manifest" });
    expect(second).toEqual({ status: `pulling ${weights?.digest.slice(7, 19)}`, digest: weights?.digest, total: weights?.size });
  });

  it("answers HEAD /api/blobs/:digest from the complete blobs only", async () => {
    f.sim.installModel("phi3:mini");
    f.sim.addPartial("llama3.2:1b", 0.5);
    const head = (digest: string) => fetch(`${f.sim.url}/api/blobs/${digest}`, { method: "HEAD" }).then((r) => r.status);
    expect(await head(libraryModel("phi3:mini").manifest.layers[0]?.digest ?? "")).toBe(200);
    expect(await head(libraryModel("llama3.2:1b").manifest.layers[0]?.digest ?? "")).toBe(404);
    expect(await head("sha256:xyz")).toBe(400);
  });

  it("error fault answers 500 on /api only, slow fault delays, stop refuses connections and start comes back", async () => {
    f.sim.setFault("error", "boom");
    const failed = await fetch(`${f.sim.url}/api/tags`);
    expect([failed.status, await failed.json()]).toEqual([500, { error: "boom" }]);
    expect((await fetch(`${f.sim.url}/`)).status).toBe(200);
    f.sim.setFault("slow", 150);
    const started = Date.now();
    expect((await fetch(`${f.sim.url}/api/version`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    f.sim.clearFaults();
    const url = f.sim.url;
    await f.sim.stop();
    await expect(fetch(`${url}/`)).rejects.toThrow();
    await f.sim.start();
    expect(f.sim.url).toBe(url);
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect(f.sim.requestCount).toBe(4); // the refused one never arrived
  });

  it("reset for a new scenario unloads models, clears faults and can change the version", async () => {
    f.sim.installModel("llama3.2:1b");
    f.sim.load("llama3.2:1b", { keepAliveMs: 60_000, sizeVram: "none" });
    expect(f.sim.state.loaded.map((m) => [m.name, m.sizeVram])).toEqual([["llama3.2:1b", 0]]);
    f.sim.setFault("error");
    f.sim.reset({ version: "0.9.0" });
    expect(await (await fetch(`${f.sim.url}/api/version`)).json()).toEqual({ version: "0.9.0" });
    expect(await (await fetch(`${f.sim.url}/api/ps`)).json()).toEqual({ models: [] });
  });
});

describe("registry wire details", () => {
  let registry: RegistrySim;
  beforeEach(async () => {
    registry = createRegistrySim();
    await registry.listen();
  });
  afterEach(() => registry.close());

  it("serves manifests with the v2 media type and digest header; unknown tags are MANIFEST_UNKNOWN", async () => {
    const model = libraryModel("llama3.2:3b");
    const res = await fetch(`${registry.url}/v2/library/llama3.2/manifests/latest`, {
      headers: { Accept: "application/vnd.docker.distribution.manifest.v2+json" },
    });
    expect(res.headers.get("content-type")).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(res.headers.get("docker-content-digest")).toBe(`sha256:${model.digest}`);
    expect(await res.text()).toBe(model.manifestJson);
    const missing = await fetch(`${registry.url}/v2/library/llama3.2/manifests/99b`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] });
  });

  it("answers blob HEAD with the size and GET ranges with zeros", async () => {
    const weights = libraryModel("nomic-embed-text").manifest.layers[0];
    const head = await fetch(`${registry.url}/v2/library/nomic-embed-text/blobs/${weights?.digest}`, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(weights?.size));
    const part = await fetch(`${registry.url}/v2/library/nomic-embed-text/blobs/${weights?.digest}`, { headers: { Range: "bytes=10-19" } });
    expect([part.status, part.headers.get("content-range"), (await part.arrayBuffer()).byteLength]).toEqual([
      206,
      `bytes 10-19/${weights?.size}`,
      10,
    ]);
    expect(registry.requestCount).toBe(2);
  });
});
