// /api/push on both targets, to the registry simulator (plain HTTP, so `insecure: true`): the real server's uploads
// prove the registry takes a push as Ollama makes it, the simulator's prove it pushes the same way; then the pushed
// name pulls back. Where they differ, the simulator is wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifestBlobs, type Manifest } from "../../sim/registry/manifest.ts";
import { TARGET, collect, send, startTarget, type OllamaTarget } from "../integration/ollama-sim-fixture.ts";

let t: OllamaTarget;
let host: string;
let pushed: string;
beforeAll(async () => {
  t = await startTarget();
  host = new URL(t.registry.url).host;
  pushed = `${host}/ops/tiny-ops:latest`;
  await t.ollama.pull({ model: t.tiny, insecure: true, stream: false });
  // New system and params layers and a new config: blobs the registry does not have yet.
  await t.ollama.create({ model: pushed, from: t.tiny, system: "You run clusters.", parameters: { temperature: 0.2 }, stream: false });
});
afterAll(() => t?.close());

const post = (path: string, body: unknown) => send(t.url, path, body);

/** The manifest the registry serves for the pushed name, and its digest header. */
async function registryManifest(): Promise<{ manifest: Manifest; digest: string | null }> {
  const res = await fetch(`${t.registry.url}/v2/ops/tiny-ops/manifests/latest`);
  expect(res.status).toBe(200);
  return { manifest: (await res.json()) as Manifest, digest: res.headers.get("docker-content-digest") };
}

describe(`Ollama push (${TARGET})`, () => {
  it("pushes a created model: retrieving manifest, pushing each blob to 100%, pushing manifest, success", async () => {
    const lines = await collect(await t.ollama.push({ model: pushed, insecure: true, stream: true }));
    expect(lines[0]).toEqual({ status: "retrieving manifest" });
    expect(lines.slice(-2)).toEqual([{ status: "pushing manifest" }, { status: "success" }]);
    const { manifest, digest } = await registryManifest();
    const blobs = manifestBlobs(manifest);
    const progress = lines.slice(1, -2);
    for (const line of progress) {
      expect(line.status).toBe(`pushing ${line.digest?.slice(7, 19)}`);
      expect(line.total).toBe(blobs.find((b) => b.digest === line.digest)?.size);
    }
    // Blob by blob in manifest order (layers, then the config), each one's last line at 100%.
    expect([...new Set(progress.map((l) => l.digest))]).toEqual(blobs.map((b) => b.digest));
    for (const blob of blobs) expect(progress.filter((l) => l.digest === blob.digest).at(-1)?.completed).toBe(blob.size);
    // The registry has the manifest re-encoded (json.Marshal): without the newline WriteManifest ended the file with.
    const local = (await t.ollama.list()).models.find((m) => m.name === pushed);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digest).not.toBe(`sha256:${local?.digest}`);
    expect(manifest.layers.find((l) => l.mediaType.endsWith(".system"))?.size).toBe("You run clusters.".length);
  });

  it("pulls the pushed model back after deleting it, under the registry's digest", async () => {
    await t.ollama.delete({ model: pushed });
    const done = await t.ollama.pull({ model: pushed, insecure: true, stream: false });
    expect(done.status).toBe("success");
    const show = await t.ollama.show({ model: pushed });
    expect(show.system).toBe("You run clusters.");
    expect(show.parameters).toContain(`temperature${" ".repeat(20)}0.2`);
    const { digest } = await registryManifest();
    expect((await t.ollama.list()).models.find((m) => m.name === pushed)?.digest).toBe(digest?.slice(7));
  });

  it("answers stream:false with the last line as application/json", async () => {
    const res = await post("/api/push", { model: pushed, insecure: true, stream: false });
    expect([res.status, res.type, res.text]).toEqual([200, "application/json", '{"status":"success"}']);
  });

  it("fails a model that is not installed after `couldn't retrieve manifest`, with the real text", async () => {
    const missing = new RegExp(`^open /\\S+/manifests/${host.replace(".", "\\.")}/ops/nope/latest: no such file or directory$`);
    const res = await post("/api/push", { model: `${host}/ops/nope`, insecure: true });
    expect([res.status, res.type]).toEqual([200, "application/x-ndjson"]);
    expect(res.lines.slice(0, 2)).toEqual([{ status: "retrieving manifest" }, { status: "couldn't retrieve manifest" }]);
    expect(res.lines[2]?.error).toMatch(missing);
    const quiet = await post("/api/push", { model: `${host}/ops/nope`, insecure: true, stream: false });
    expect([quiet.status, quiet.type]).toEqual([500, "application/json"]);
    expect(await post("/api/push", {})).toMatchObject({ status: 400, text: '{"error":"model is required"}' });
  });

  it("fails a push to the http registry without insecure: Ollama speaks HTTPS to it, even for an http:// name", async () => {
    const weights = t.tinyModel.manifest.layers[0]?.digest;
    const error = `Head "https://${host}/v2/ops/tiny-ops/blobs/${weights}": http: server gave HTTP response to HTTPS client`;
    for (const model of [pushed, `http://${pushed}`]) {
      const res = await post("/api/push", { model });
      expect(res.lines).toEqual([{ status: "retrieving manifest" }, { error }]);
    }
  });
});
