// Pull internals through the official client: joined downloads, cancel on disconnect, resume, ENOSPC, layer pruning.
import { Ollama, type ProgressResponse } from "ollama";
import { afterEach, describe, expect, it } from "vitest";
import { manifestBlobs } from "../../sim/registry/manifest.ts";
import { blobPath, partFiles } from "../../sim/volume.ts";
import { collect, libraryModel, startSim, until, type SimFixture } from "./ollama-sim-fixture.ts";

let f: SimFixture;
afterEach(() => f.sim.close());

/** Pulls until `stopWhen` sees a line, then aborts the stream; resolves to the lines seen. */
async function pullThenAbort(ollama: Ollama, model: string, stopWhen: (p: ProgressResponse) => boolean) {
  const stream = await ollama.pull({ model, stream: true });
  const seen: ProgressResponse[] = [];
  await expect(
    (async () => {
      for await (const p of stream) {
        seen.push(p);
        if (stopWhen(p)) stream.abort();
      }
    })(),
  ).rejects.toThrow(/abort/i);
  return seen;
}

describe("pull internals", () => {
  it("two concurrent pulls of one model both finish and every blob is downloaded once", async () => {
    f = await startSim({ bytesPerSecond: 4e9 });
    const model = libraryModel("llama3.2:1b");
    const [a, b] = await Promise.all([
      collect(await f.ollama.pull({ model: "llama3.2:1b", stream: true })),
      collect(await new Ollama({ host: f.sim.url }).pull({ model: "registry.ollama.ai/library/llama3.2:1b", stream: true })),
    ]);
    expect(a.at(-1)?.status).toBe("success");
    expect(b.at(-1)?.status).toBe("success");
    expect(f.sim.state.downloadedBytes).toBe(model.size);
    expect((await f.ollama.list()).models.map((m) => m.name).sort()).toEqual(["llama3.2:1b"]);
  });

  it("aborting the only client cancels the download, keeps the partial, and the next pull resumes from it", async () => {
    f = await startSim({ bytesPerSecond: 3e9 });
    const weights = libraryModel("llama3.2:3b").manifest.layers[0];
    if (!weights) throw new Error("no weights");
    await pullThenAbort(f.ollama, "llama3.2:3b", (p) => (p.completed ?? 0) > 300e6);
    await until(() => f.sim.state.activeDownloads === 0);
    const kept = f.volume.partial(weights.digest)?.completed ?? 0;
    expect(kept).toBeGreaterThan(300e6);
    expect(kept).toBeLessThan(weights.size);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(f.volume.partial(weights.digest)?.completed).toBe(kept); // really stopped

    const before = f.sim.state.downloadedBytes;
    f.sim.setSpeed(20e9);
    const lines = await collect(await f.ollama.pull({ model: "llama3.2:3b", stream: true }));
    expect(lines.at(-1)?.status).toBe("success");
    expect(f.sim.state.downloadedBytes - before).toBe(libraryModel("llama3.2:3b").size - kept);
    expect(f.volume.partial(weights.digest)).toBeUndefined();
  });

  it("a second client keeps the download alive when the first one disconnects", async () => {
    f = await startSim({ bytesPerSecond: 3e9 });
    const second = collect(await new Ollama({ host: f.sim.url }).pull({ model: "llama3.2:1b", stream: true }));
    await pullThenAbort(f.ollama, "llama3.2:1b", (p) => (p.completed ?? 0) > 0);
    expect((await second).at(-1)?.status).toBe("success");
    expect(f.sim.state.downloadedBytes).toBe(libraryModel("llama3.2:1b").size);
  });

  it("with the ollama#13142 switch the blob finishes after the client left, but no manifest is written", async () => {
    f = await startSim({ bytesPerSecond: 4e9 });
    f.sim.continueAfterDisconnect = true;
    const weights = libraryModel("phi3:mini").manifest.layers[0]?.digest ?? "";
    await pullThenAbort(f.ollama, "phi3:mini", (p) => (p.completed ?? 0) > 0);
    await until(() => f.volume.hasBlob(weights));
    expect((await f.ollama.list()).models).toEqual([]);
  });

  it("a client leaving during verification does not stop the manifest from being written", async () => {
    f = await startSim({ verifyBytesPerSecond: 2e9 });
    const seen = await pullThenAbort(f.ollama, "nomic-embed-text", (p) => p.status === "verifying sha256 digest");
    expect(seen.at(-1)?.status).toBe("verifying sha256 digest");
    expect((await f.ollama.list()).models).toEqual([]);
    await until(async () => (await f.ollama.list()).models.length === 1);
  });

  it("a full disk ends the stream with the real ENOSPC line and keeps the partial", async () => {
    f = await startSim({ capacityBytes: 1e9 });
    const weights = libraryModel("llama3.2:3b").manifest.layers[0]?.digest ?? "";
    const lines: ProgressResponse[] = [];
    const error = await (async () => {
      for await (const p of await f.ollama.pull({ model: "llama3.2:3b", stream: true })) lines.push(p);
    })().catch((e: Error) => e);
    expect(lines[0]?.status).toBe("pulling manifest");
    expect((error as Error).message).toBe(
      `write /root/.ollama/models/blobs/sha256-${weights.slice(7)}-partial: no space left on device`,
    );
    expect(f.volume.free()).toBe(0);
    // Everything the disk had went to the download: the written bytes and its part files (one small JSON per part).
    const kept = f.volume.partial(weights)!;
    expect(kept.completed + partFiles(blobPath(weights), kept.total, kept.completed).reduce((n, p) => n + p.size, 0)).toBe(1e9);
    expect((await f.ollama.list()).models).toEqual([]);
  });

  it("updating a tag removes the layers only its older build used", async () => {
    f = await startSim();
    const old = f.sim.installModel("gemma2:9b", { previous: true });
    const current = libraryModel("gemma2:9b");
    const statuses = (await collect(await f.ollama.pull({ model: "gemma2:9b", stream: true }))).map((p) => p.status);
    expect(statuses.slice(-4)).toEqual(["verifying sha256 digest", "writing manifest", "removing unused layers", "success"]);
    expect(f.volume.hasBlob(old.manifest.layers[0]?.digest ?? "")).toBe(false);
    for (const blob of manifestBlobs(current.manifest)) expect(f.volume.hasBlob(blob.digest)).toBe(true);
    expect((await f.ollama.list()).models[0]?.digest).toBe(current.digest);
  });

  it("Ollama going down mid-pull cancels the download; after restart on the same URL the pull resumes", async () => {
    f = await startSim({ bytesPerSecond: 3e9 });
    const weights = libraryModel("llama3.1:8b").manifest.layers[0]?.digest ?? "";
    const stream = await f.ollama.pull({ model: "llama3.1:8b", stream: true });
    const failed = collect(stream).catch((e: Error) => e);
    await until(() => (f.volume.partial(weights)?.completed ?? 0) > 100e6);
    await f.sim.stop();
    expect(await failed).toBeInstanceOf(Error);
    await expect(f.ollama.list()).rejects.toThrow();
    const kept = f.volume.partial(weights)?.completed ?? 0;
    await f.sim.start();
    f.sim.setSpeed(20e9);
    const lines = await collect(await f.ollama.pull({ model: "llama3.1:8b", stream: true }));
    expect(lines.find((p) => p.digest === weights && p.completed)?.completed).toBeGreaterThanOrEqual(kept);
    expect(lines.at(-1)?.status).toBe("success");
  });
});
