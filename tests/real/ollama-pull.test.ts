// Pull faults on both targets: a client that cancels mid-way, the Ollama process killed mid-pull while the console's
// pull manager drives it, and a models filesystem that fills up. TARGET=real uses the real process and a real tmpfs.
import { Ollama, type ProgressResponse } from "ollama";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryJournal } from "../../lib/features/pulls/journal";
import { PullManager } from "../../lib/features/pulls/manager";
import { TARGET, mountTmpfs, startTarget, until, type OllamaTarget } from "../integration/ollama-sim-fixture.ts";

let t: OllamaTarget | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const weightsOf = (target: OllamaTarget) => target.tinyModel.manifest.layers[0] ?? { digest: "", size: 0 };

/** Pulls until `stopWhen` sees a line, then aborts the stream. */
async function pullThenAbort(target: OllamaTarget, stopWhen: (p: ProgressResponse) => boolean): Promise<void> {
  const stream = await target.ollama.pull({ model: target.tiny, insecure: true, stream: true });
  await expect(
    (async () => {
      for await (const p of stream) if (stopWhen(p)) stream.abort();
    })(),
  ).rejects.toThrow(/abort/i);
}

describe(`pull faults (${TARGET})`, () => {
  it("a cancelled pull keeps its partial download and the next pull fetches only the rest", async () => {
    t = await startTarget();
    const target = t;
    const weights = weightsOf(target);
    target.setPullSpeed(500e3);
    await pullThenAbort(target, (p) => p.digest === weights.digest && (p.completed ?? 0) > 300e3);
    // The download stops with the last client (its progress reaches the part file as it stops): wait until it has.
    let fetched = -1;
    await until(async () => {
      const now = target.downloadedBytes();
      const stopped = now === fetched && (target.partialBytes(weights.digest) ?? 0) > 300e3;
      fetched = now;
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 250));
      return stopped;
    }, 10_000);
    const kept = target.partialBytes(weights.digest) ?? 0;
    expect(kept).toBeLessThan(weights.size);
    expect((await target.ollama.list()).models).toEqual([]);

    target.setPullSpeed(0);
    const done = await target.ollama.pull({ model: target.tiny, insecure: true, stream: false });
    expect(done.status).toBe("success");
    // Only the rest of the weights (plus the small blobs not fetched yet) came over the wire again.
    expect(target.downloadedBytes() - fetched).toBeLessThan(weights.size - kept + 2000);
    expect(target.partialBytes(weights.digest)).toBeUndefined();
    expect(target.hasBlob(weights.digest)).toBe(true);
  });

  it("Ollama killed mid-pull: the console's pull manager retries after the restart and the pull completes", async () => {
    t = await startTarget();
    const target = t;
    const weights = weightsOf(target);
    target.setPullSpeed(300e3);
    const client = new Ollama({ host: target.url });
    const manager = new PullManager({
      journal: new MemoryJournal(),
      concurrency: 1,
      retry: { firstMs: 200, maxMs: 1000, attempts: 40 },
      publishMs: 50,
      // The console pulls from the library over HTTPS; the registry simulator is plain HTTP on loopback.
      open: async (model, signal) => {
        const stream = await client.pull({ model, insecure: true, stream: true });
        signal.addEventListener("abort", () => stream.abort(), { once: true });
        return stream;
      },
    });
    const { job } = manager.start({
      model: target.tiny,
      user: { id: "olga", name: "olga", role: "operator" },
      override: "none",
      expectedBytes: target.tinyModel.size,
    });
    await until(() => (manager.list().find((j) => j.id === job.id)?.completedBytes ?? 0) > 200e3, 10_000);
    await target.kill();
    await until(() => manager.list().find((j) => j.id === job.id)?.state === "retrying", 10_000);
    const beforeRestart = target.downloadedBytes();
    target.setPullSpeed(0);
    await target.restart();
    await until(() => manager.list().find((j) => j.id === job.id)?.state === "succeeded", 20_000);
    const final = manager.list().find((j) => j.id === job.id);
    expect(final?.attempt).toBeGreaterThanOrEqual(2);
    expect((await target.ollama.list()).models.map((m) => m.name)).toEqual([target.tiny]);
    // Starting, Ollama pruned the partial download (no OLLAMA_NOPRUNE): the weights came over the wire again in full.
    expect(target.downloadedBytes() - beforeRestart).toBeGreaterThanOrEqual(weights.size);
  });

  it("with OLLAMA_NOPRUNE the partial survives a kill, but the part in flight starts over", async () => {
    t = await startTarget({ noPrune: true });
    const target = t;
    const weights = weightsOf(target);
    target.setPullSpeed(300e3);
    const stream = await target.ollama.pull({ model: target.tiny, insecure: true, stream: true });
    const failed = (async () => {
      for await (const p of stream) if (p.digest === weights.digest && (p.completed ?? 0) > 200e3) break;
    })();
    await failed;
    await target.kill();
    await target.restart();
    // The partial file is still there; its only part (blobs under 1.6 GB have parts of 100 MB) recorded 0 bytes.
    expect(target.partialBytes(weights.digest)).toBe(0);
    target.setPullSpeed(0);
    const before = target.downloadedBytes();
    expect((await target.ollama.pull({ model: target.tiny, insecure: true, stream: false })).status).toBe("success");
    expect(target.downloadedBytes() - before).toBeGreaterThanOrEqual(weights.size);
  });

  it("a full models filesystem ends the pull with the real ENOSPC text and no model", async (ctx) => {
    if (TARGET === "real") {
      const probe = mountTmpfs(1 << 20);
      if ("reason" in probe) ctx.skip(`no size-limited mount here (${probe.reason}); see docs/real-ollama.md`);
      else probe.unmount();
    }
    t = await startTarget({ capacityBytes: 1 << 20 });
    const target = t;
    const weights = weightsOf(target);
    const error = await target.ollama.pull({ model: target.tiny, insecure: true, stream: false }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const hex = weights.digest.slice(7);
    expect((error as Error).message).toMatch(new RegExp(`^write /\\S+/blobs/sha256-${hex}-partial: no space left on device$`));
    expect((await target.ollama.list()).models).toEqual([]);
  });
});
