// The push side of the registry simulator: what it answers for pushes the catalogue cannot take.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalogue } from "./catalogue.ts";
import { CONFIG_MEDIA_TYPE, MANIFEST_MEDIA_TYPE, serializeManifest } from "./manifest.ts";
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
});
