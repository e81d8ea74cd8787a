// The push side of the registry simulator: what it answers for pushes the catalogue cannot take.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalogue } from "./catalogue.ts";
import { CONFIG_MEDIA_TYPE, LAYER_MEDIA, MANIFEST_MEDIA_TYPE, serializeManifest } from "./manifest.ts";
import { createRegistrySim, type RegistrySim } from "./server.ts";

const catalogue = new Catalogue();
let sim: RegistrySim;
let base = "";

beforeAll(async () => {
  sim = createRegistrySim({ catalogue, port: 0, host: "127.0.0.1" });
  base = await sim.listen();
});
afterAll(() => sim.close());

async function pushBlob(repo: string, bytes: Buffer): Promise<string> {
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: "POST" });
  expect(start.status).toBe(202);
  const location = start.headers.get("location") ?? "";
  const put = await fetch(`${location}?digest=${digest}`, { method: "PUT", body: new Uint8Array(bytes) });
  expect(put.status).toBe(201);
  return digest;
}

describe("registry push", () => {
  it("answers NAME_INVALID for a manifest pushed under an invalid repository name", async () => {
    const config = Buffer.from("{}");
    const digest = await pushBlob("ns/m", config);
    const json = serializeManifest({ schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE, config: { mediaType: CONFIG_MEDIA_TYPE, digest, size: config.length }, layers: [] });
    const res = await fetch(`${base}/v2/ns/-bad-/manifests/latest`, { method: "PUT", body: json });
    expect(res.status).toBe(400);
    expect(res.headers.get("docker-content-digest")).toBeNull();
    expect(await res.json()).toEqual({ errors: [{ code: "NAME_INVALID", message: "invalid repository name", detail: "ns/-bad-:latest" }] });
  });

  it("stores and serves params and messages layers that are not JSON", async () => {
    const config = Buffer.from('{"model_format":"gguf"}');
    const params = Buffer.from("not json {");
    const messages = Buffer.from("[oops");
    const layers = [
      { mediaType: LAYER_MEDIA.params, digest: await pushBlob("ns/odd", params), size: params.length },
      { mediaType: LAYER_MEDIA.messages, digest: await pushBlob("ns/odd", messages), size: messages.length },
    ];
    const manifest = { schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE, config: { mediaType: CONFIG_MEDIA_TYPE, digest: await pushBlob("ns/odd", config), size: config.length }, layers };
    const put = await fetch(`${base}/v2/ns/odd/manifests/latest`, { method: "PUT", body: serializeManifest(manifest) });
    expect(put.status).toBe(201);
    const got = await fetch(`${base}/v2/ns/odd/manifests/latest`);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(serializeManifest(manifest));
    const blob = await fetch(`${base}/v2/ns/odd/blobs/${layers[0]?.digest ?? ""}`);
    expect(Buffer.from(await blob.arrayBuffer()).toString()).toBe("not json {");
  });

  it("answers its own failures as a registry's 500", async () => {
    const broken = new (class extends Catalogue {
      override get(): never {
        throw new Error("boom");
      }
    })();
    const other = createRegistrySim({ catalogue: broken, port: 0, host: "127.0.0.1" });
    const url = await other.listen();
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const res = await fetch(`${url}/v2/library/m/manifests/latest`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ errors: [{ code: "UNKNOWN", message: "unknown error", detail: "boom" }] });
      expect(errors).toHaveLength(1);
    } finally {
      console.error = log;
      await other.close();
    }
  });

  it("forgets unfinished uploads on a scenario reset, and keeps at most 64", async () => {
    const open = async () => (await fetch(`${base}/v2/ns/m/blobs/uploads/`, { method: "POST" })).headers.get("location") ?? "";
    const patch = (location: string) => fetch(location, { method: "PATCH", body: "x" });
    const before = await open();
    catalogue.resetPublished();
    const after = await open();
    expect((await patch(before)).status).toBe(404);
    expect((await patch(after)).status).toBe(202);
    const first = await open();
    for (let i = 0; i < 64; i++) await open();
    expect((await patch(first)).status).toBe(404);
  });
});
