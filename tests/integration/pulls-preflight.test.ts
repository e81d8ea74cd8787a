// The pull pre-flight and the model mutations against the simulated world: fit verdicts, suggestions, refusals, delete impact, unload.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AgentReport } from "../../agent/report.ts";
import { catalogue } from "../../sim/registry/catalogue.ts";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import type { Target } from "../../lib/doors/runtime/config";
import { deleteImpact, deleteInstalledModel } from "../../lib/features/models/delete";
import { unload } from "../../lib/features/models/unload";
import { invalidateOllama, listLoaded, listModels } from "../../lib/doors/ollama/cache";
import { pulls, startPull } from "../../lib/features/pulls";
import { preflight } from "../../lib/features/pulls/preflight";
import { finished, operator, startPullWorld, until, type PullWorld } from "./pulls-fixture";

let pw: PullWorld;
let target: Target;

beforeAll(async () => {
  pw = await startPullWorld();
});

beforeEach(async () => {
  await pw.world.clearFaults();
  await pw.world.load("homelab");
  pw.reset();
  target = pw.target;
});

afterEach(() => {
  pulls(target).shutdown();
  stopWatches(target);
});

afterAll(() => pw.close());

const size = (name: string) => catalogue.get(name)!.size;
/**
 * Waits until the cache agent reports the volume as it is now: it serves a finished scan for a while (the simulator's
 * agent for 2 s), so a change made to the volume shows up in its report a little later. Waits on the report itself,
 * not on that constant.
 */
async function agentRescan(): Promise<void> {
  await until("the cache agent to report the changed volume", async () => {
    const res = await fetch(`${pw.world.agentUrl}/v1/report`);
    const report = (await res.json()) as AgentReport;
    return report.fs.availableBytes === pw.world.volume.free();
  });
}

describe("pre-flight", () => {
  it("fits: counts layers already present (shared with an installed model) and says so", async () => {
    const p = await preflight(target, "llama3.2:1b");
    expect(p).toMatchObject({ model: "llama3.2:1b", check: "ok", problem: null, upToDate: false, disk: { source: "agent" } });
    expect(p.fit?.verdict).toBe("fits");
    // llama3.2:3b is installed: the template, license and params layers are not downloaded again.
    expect(p.fit?.presentBytes).toBeGreaterThan(1000);
    expect(p.fit?.downloadBytes).toBe(size("llama3.2:1b") - p.fit!.presentBytes);
  });

  it("knows an installed model is up to date (nothing left to download)", async () => {
    const p = await preflight(target, "llama3.2:3b");
    expect(p).toMatchObject({ upToDate: true, fit: { downloadBytes: 0, verdict: "fits" } });
  });

  it("subtracts an interrupted download already on disk", async () => {
    pw.world.ollama.addPartial("gemma2:27b", 0.5);
    await agentRescan();
    const p = await preflight(target, "gemma2:27b");
    expect(p.fit!.partialBytes + p.fit!.presentBytes).toBeGreaterThan(size("gemma2:27b") * 0.45);
    expect(p.fit!.downloadBytes).toBeLessThan(size("gemma2:27b") * 0.55);
  });

  it("does not fit on a nearly full volume and suggests what to delete, largest saving first", async () => {
    pw.world.volume.fillBytes = pw.world.volume.free() - 10e9;
    await agentRescan();
    const p = await preflight(target, "gemma2:27b");
    expect(p.fit).toMatchObject({ verdict: "does_not_fit" });
    expect(p.fit!.suggestions[0]).toEqual({ name: "llama3.1:70b", freesBytes: size("llama3.1:70b") - sharedOf("llama3.1:70b") });
    expect(p.fit!.suggestionsCover).toBe(true);
    expect(p.suggestionsNote).toMatch(/exact/);
  });

  it("says when the manifest cannot be read instead of guessing", async () => {
    const p = await preflight(target, "no-such-model:7b");
    expect(p).toMatchObject({ check: "unavailable", fit: null });
    expect(p.problem).toMatch(/has no model no-such-model:7b/);
  });

  it("refuses names outside the grammar or the registry allow-list before anything is fetched", async () => {
    pw.world.resetRequests();
    await expect(preflight(target, "bad name")).rejects.toMatchObject({ code: "invalid", message: expect.stringMatching(/spaces/) as unknown });
    await expect(startPull(target, operator, { model: "evil.example.com/x/y", override: true })).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringMatching(/not allowed/) as unknown,
    });
    expect(pw.world.requests()).toMatchObject({ ollama: 0, registry: 0 });
  });
});

describe("starting a pull after the pre-flight", () => {
  it("blocks a pull that does not fit unless the operator overrides, and records the override", async () => {
    pw.world.volume.fillBytes = pw.world.volume.free() - 10e9;
    await agentRescan();
    await expect(startPull(target, operator, { model: "gemma2:27b", override: false })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/does not fit: .* Free .* for example by deleting llama3\.1:70b/) as unknown,
    });
    expect(pulls(target).list()).toEqual([]);
    const { job } = await startPull(target, operator, { model: "gemma2:27b", override: true });
    expect(job.override).toBe("does_not_fit");
  });

  it("lets the operator proceed knowingly when the manifest is unavailable; Ollama's error ends the job", async () => {
    await expect(startPull(target, operator, { model: "no-such-model:7b", override: false })).rejects.toMatchObject({ code: "conflict" });
    const { job } = await startPull(target, operator, { model: "no-such-model:7b", override: true });
    expect(job.override).toBe("unchecked");
    expect(await finished(pulls(target), job.id)).toMatchObject({ state: "failed", error: "pull model manifest: file does not exist" });
  });
});

describe("delete and unload", () => {
  it("delete frees only the layers no other model uses and warns when the model is loaded", async () => {
    const impact = await deleteImpact(target, "qwen2.5:7b");
    expect(impact).toMatchObject({ model: "qwen2.5:7b", loaded: true, source: "agent", snapshot: { available: true, reason: null } });
    expect(impact.freesBytes).toBe(size("qwen2.5:7b") - sharedOf("qwen2.5:7b"));
    const before = pw.world.volume.free();
    const result = await deleteInstalledModel(target, operator, { model: "qwen2.5:7b", snapshotFirst: false });
    expect(result).toMatchObject({ model: "qwen2.5:7b", freedBytes: impact.freesBytes, snapshot: null });
    // The volume also gets the manifest file (under 1 KB) back.
    expect(pw.world.volume.free() - before - impact.freesBytes).toBeGreaterThanOrEqual(0);
    expect(pw.world.volume.free() - before - impact.freesBytes).toBeLessThan(2_000);
    expect((await listModels(target)).map((m) => m.name)).not.toContain("qwen2.5:7b");
  });

  it("delete can snapshot the cache first and waits until the snapshot is taken", async () => {
    const result = await deleteInstalledModel(target, operator, { model: "mistral:7b", snapshotFirst: true });
    expect(result.snapshot).toMatch(/^ollama-models-\d{8}-\d{4}/);
    expect(pw.world.kube.store.list("VolumeSnapshot").map((s) => s.metadata.name)).toContain(result.snapshot);
  });

  it("delete of a model that is not installed says so", async () => {
    await expect(deleteInstalledModel(target, operator, { model: "gemma2:27b", snapshotFirst: false })).rejects.toMatchObject({ code: "not_found" });
  });

  it("unloads one model, then all, and the loaded list follows", async () => {
    expect((await listLoaded(target)).map((m) => m.name).sort()).toEqual(["nomic-embed-text:latest", "qwen2.5:7b"]);
    await unload(target, operator, { model: "qwen2.5:7b" });
    await until("qwen2.5 to leave memory", async () => (invalidateOllama(target), (await listLoaded(target)).every((m) => m.name !== "qwen2.5:7b")));
    pw.world.ollama.load("llama3.2:3b");
    invalidateOllama(target);
    const all = await unload(target, operator, { all: true });
    expect(all.failed).toEqual([]);
    expect(all.unloaded.sort()).toEqual(["llama3.2:3b", "nomic-embed-text:latest"]);
    await until("memory to empty", async () => (invalidateOllama(target), (await listLoaded(target)).length === 0));
  });
});

/** Bytes of a model's layers that other homelab models also reference (deleting it does not free them). */
function sharedOf(name: string): number {
  const report = pw.world.volume.list().manifests;
  const mine = report.find((m) => m.name === name)!;
  const others = new Set(report.filter((m) => m.name !== name).flatMap((m) => m.layers.map((l) => l.digest)));
  const digests = new Map([...mine.layers].map((l) => [l.digest, l.size]));
  return [...digests].filter(([d]) => others.has(d)).reduce((sum, [, s]) => sum + s, 0);
}
