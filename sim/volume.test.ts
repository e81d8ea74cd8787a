// Volume accounting: shared layers once, sparse partials, ENOSPC, pruning only unreferenced blobs, the dir listing.
import { describe, expect, it } from "vitest";
import { Catalogue } from "./registry/catalogue.ts";
import { manifestBlobs } from "./registry/manifest.ts";
import { NoSpaceError, partFiles, SimVolume } from "./volume.ts";

const catalogue = new Catalogue();

function install(volume: SimVolume, name: string) {
  const model = catalogue.get(name);
  if (!model) throw new Error(name);
  for (const blob of manifestBlobs(model.manifest)) volume.addBlob(blob.digest, blob.size);
  return volume.writeManifest(name, model.manifest);
}

describe("SimVolume", () => {
  it("counts layers shared by models of one family once", () => {
    const volume = new SimVolume({ capacityBytes: 100e9, overheadBytes: 1000, fillBytes: 500 });
    const big = install(volume, "llama3.2:3b");
    const small = install(volume, "llama3.2:1b");
    const unique = new Map([...manifestBlobs(big.manifest), ...manifestBlobs(small.manifest)].map((l) => [l.digest, l.size]));
    const sharedCount = manifestBlobs(big.manifest).length + manifestBlobs(small.manifest).length - unique.size;
    expect(sharedCount).toBe(4); // template, two licenses, params
    const blobBytes = [...unique.values()].reduce((a, b) => a + b, 0);
    const manifestBytes = Buffer.byteLength(big.json) + Buffer.byteLength(small.json);
    expect(volume.used()).toBe(blobBytes + manifestBytes + 1000 + 500);
    expect(volume.free()).toBe(100e9 - volume.used());
  });

  it("an alias tag adds only its manifest file", () => {
    const volume = new SimVolume({ capacityBytes: 100e9 });
    install(volume, "llama3.2:3b");
    const before = volume.used();
    const alias = install(volume, "llama3.2:latest");
    expect(volume.used() - before).toBe(Buffer.byteLength(alias.json));
  });

  it("counts only the written bytes of a partial and fails with ENOSPC once full, keeping what fit", () => {
    const volume = new SimVolume({ capacityBytes: 1000, overheadBytes: 100 });
    const digest = `sha256:${"ab".repeat(32)}`;
    expect(volume.writePartial(digest, 5000, 300)).toBe(300);
    // 100 overhead + 300 written + the part file `{"N":0,"Offset":0,"Size":5000,"Completed":0}\n` (45 bytes).
    expect(volume.used()).toBe(445);
    const error = (() => {
      try {
        volume.writePartial(digest, 5000, 5000);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NoSpaceError);
    expect((error as Error).message).toBe(`write /root/.ollama/models/blobs/sha256-${"ab".repeat(32)}-partial: no space left on device`);
    expect(volume.partial(digest)).toEqual({ total: 5000, completed: 855, modifiedAt: expect.any(Date) as Date });
    expect(volume.free()).toBe(0);
    expect(() => volume.addBlob(`sha256:${"cd".repeat(32)}`, 1)).toThrow(NoSpaceError);
  });

  it("deleting one model keeps the layers another model still references", () => {
    const volume = new SimVolume({ capacityBytes: 100e9 });
    const big = install(volume, "llama3.2:3b");
    const small = install(volume, "llama3.2:1b");
    volume.deleteManifest("LLAMA3.2:3B");
    const removed = volume.removeUnreferenced(manifestBlobs(big.manifest).map((l) => l.digest));
    expect(removed.sort()).toEqual([big.manifest.layers[0]?.digest, big.manifest.config.digest].sort());
    for (const blob of manifestBlobs(small.manifest)) expect(volume.hasBlob(blob.digest)).toBe(true);
  });

  it("lists itself like an Ollama models dir and notifies listeners", () => {
    const volume = new SimVolume({ capacityBytes: 100e9 });
    let changes = 0;
    const off = volume.onChange(() => changes++);
    install(volume, "nomic-embed-text:latest");
    volume.writePartial(`sha256:${"ef".repeat(32)}`, 10, 4);
    off();
    volume.fillBytes = 7;
    expect(changes).toBeGreaterThan(3);
    const listing = volume.list();
    expect(listing.root).toBe("/root/.ollama/models");
    expect(listing.manifests[0]?.path).toBe("manifests/registry.ollama.ai/library/nomic-embed-text/latest");
    expect(listing.manifests[0]?.layers.at(-1)?.mediaType).toBe("application/vnd.docker.container.image.v1+json");
    expect(listing.blobs.every((b) => /^blobs\/sha256-[0-9a-f]{64}$/.test(b.path))).toBe(true);
    const blob = `blobs/sha256-${"ef".repeat(32)}`;
    expect(listing.partials).toEqual([
      {
        path: `${blob}-partial`,
        digest: `sha256:${"ef".repeat(32)}`,
        total: 10,
        completed: 4,
        modifiedAt: expect.any(Date) as Date,
        parts: [{ path: `${blob}-partial-0`, size: 43, json: { N: 0, Offset: 0, Size: 10, Completed: 0 } }],
      },
    ]);
  });

  it("splits a download into Ollama's parts (16 of 100 MB to 1000 MB), each part file written when the part ends", () => {
    const mb = 1000 * 1000;
    const small = partFiles("blobs/sha256-aa", 250 * mb, 150 * mb);
    expect(small.map((f) => f.json)).toEqual([
      { N: 0, Offset: 0, Size: 100 * mb, Completed: 100 * mb },
      { N: 1, Offset: 100 * mb, Size: 100 * mb, Completed: 0 },
      { N: 2, Offset: 200 * mb, Size: 50 * mb, Completed: 0 },
    ]);
    expect(small[2]).toMatchObject({ path: "blobs/sha256-aa-partial-2", size: `{"N":2,"Offset":200000000,"Size":50000000,"Completed":0}\n`.length });
    expect(partFiles("b", 3.2e9, 0)).toHaveLength(16);
    expect(partFiles("b", 40e9, 0)).toHaveLength(40);
  });
});
