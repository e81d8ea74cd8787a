// Models as desired state (issue 14) against the simulators over real HTTP: update checks, Update all, the declared set
// from a watched ConfigMap, drift, reconcile, pins re-asserted, variants.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { catalogue } from "../../sim/registry/catalogue.ts";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import { kube } from "../../lib/doors/kubernetes/client";
import type { Target } from "../../lib/doors/runtime/config";
import { diskUsage } from "../../lib/features/disk";
import { invalidateOllama, listLoaded, listModels } from "../../lib/doors/ollama/cache";
import { pulls } from "../../lib/features/pulls";
import { declaredState, onDeclaredChange, stopDeclared, type DeclaredState } from "../../lib/features/models/declared";
import { currentDrift, reconcile, startAutoReconcile } from "../../lib/features/models/reconcile";
import { MAX_TRIES, reassertPins, retryPin } from "../../lib/features/models/pins";
import { applyUpdates, checkUpdates, currentUpdateReport, updateAllPlan } from "../../lib/features/models/updates";
import { createVariant } from "../../lib/features/models/variants";
import { finished, operator, startPullWorld, until, type PullWorld } from "./pulls-fixture";

const admin = { id: "ada", name: "ada", role: "admin" as const };
const GIB = 2 ** 30;
let pw: PullWorld;
let target: Target;

beforeAll(async () => {
  // Only startAutoReconcile reads it; every other test calls reconcile() by hand.
  process.env.RECONCILE = "auto";
  pw = await startPullWorld();
});

beforeEach(async () => {
  await pw.world.clearFaults();
  await pw.world.load("homelab");
  // Every test starts from a cold console: caches forgotten, watches, pull managers and pin/update memory dropped.
  pw.reset();
  target = pw.target;
});

afterEach(async () => {
  pulls(target).shutdown();
  stopDeclared(target);
  stopWatches(target);
  await new Promise((resolve) => setTimeout(resolve, 200));
});

afterAll(() => pw.close());

async function declare(yaml: string): Promise<void> {
  const { core } = kube(target);
  const body = { metadata: { name: "ollama-models", namespace: "ollama" }, data: { "models.yaml": yaml } };
  try {
    const current = await core.readNamespacedConfigMap({ name: "ollama-models", namespace: "ollama" });
    await core.replaceNamespacedConfigMap({ name: "ollama-models", namespace: "ollama", body: { ...body, metadata: { ...body.metadata, resourceVersion: current.metadata?.resourceVersion } } });
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
    await core.createNamespacedConfigMap({ namespace: "ollama", body });
  }
}

const state = (model: string, report: Awaited<ReturnType<typeof checkUpdates>>) => report.models.find((m) => m.model === model);

describe("update check", () => {
  it("finds an update after the registry publishes a new build, with the new layers' size and the shared rest", async () => {
    const before = await checkUpdates(target);
    expect(before.models.map((m) => m.state)).toEqual(before.models.map(() => "up_to_date"));
    const old = catalogue.get("llama3.2:3b")!;
    const published = pw.world.publish("llama3.2:3b", { modelBytes: 2_500_000_000 });
    const after = await checkUpdates(target);
    const configBytes = published.manifest.config.size;
    const unchanged = old.manifest.layers.slice(1).reduce((n, l) => n + l.size, 0);
    expect(state("llama3.2:3b", after)).toMatchObject({ state: "update_available", newBytes: 2_500_000_000 + configBytes, sharedBytes: unchanged, fit: "fits" });
    expect(state("qwen2.5:7b", after)?.state).toBe("up_to_date");
    expect(after.checkedAt).not.toBeNull();
    // Once "Update" has pulled the new build, the old result no longer shows as an available update.
    pw.world.setSpeed(20e9);
    const { started } = await applyUpdates(target, operator, { models: ["llama3.2:3b"], snapshotFirst: false });
    await finished(pulls(target), started[0]!.jobId, 30_000);
    invalidateOllama(target);
    const now = await currentUpdateReport(target);
    expect(state("llama3.2:3b", now)).toMatchObject({ state: "not_checked", reason: expect.stringMatching(/changed since the last check/) as string });
    expect(state("llama3.2:3b", await checkUpdates(target))?.state).toBe("up_to_date");
  });

  it("does not call a re-serialised manifest with unchanged layers stale", async () => {
    pw.world.publish("qwen2.5:7b", { reserialize: true });
    const report = await checkUpdates(target);
    expect(catalogue.get("qwen2.5:7b")!.digest).not.toBe((await listModels(target)).find((m) => m.name === "qwen2.5:7b")!.digest);
    expect(state("qwen2.5:7b", report)).toMatchObject({ state: "up_to_date", newBytes: 0 });
  });

  it("says when a tag is no longer in the registry, and when the registry cannot be asked", async () => {
    await fetch(`${pw.world.ollama.url}/api/copy`, { method: "POST", body: JSON.stringify({ source: "llama3.2:3b", destination: "llama3.2:retired" }) });
    invalidateOllama(target);
    const report = await checkUpdates(target);
    expect(state("llama3.2:retired", report)).toMatchObject({ state: "tag_missing" });
    expect(state("llama3.2:retired", report)?.reason).toMatch(/has no model llama3.2:retired/);
    await pw.world.registry.close();
    try {
      const down = await checkUpdates(target);
      expect(state("llama3.2:3b", down)).toMatchObject({ state: "check_failed" });
      expect(state("llama3.2:3b", down)?.reason).toMatch(/unreachable/);
    } finally {
      await pw.world.registry.listen();
    }
  });

  it("Update all goes smallest first and stops before the first update that does not fit", async () => {
    const disk = await diskUsage(target);
    const free = disk.availableBytes;
    // Three updates: 2 GiB and a quarter of the free space fit together; the third needs more than what is then left.
    pw.world.publish("mistral:7b", { modelBytes: 2 * GIB });
    pw.world.publish("qwen2.5:7b", { modelBytes: Math.round(free / 4) });
    pw.world.publish("deepseek-r1:14b", { modelBytes: Math.round(free * 0.9) });
    pw.world.setSpeed(1e6); // keep the pulls queued/running: the test reads the plan, not the downloads
    await checkUpdates(target);
    const plan = await updateAllPlan(target);
    expect(plan.updates.map((u) => u.model)).toEqual(["mistral:7b", "qwen2.5:7b"]);
    expect(plan.stoppedAt?.model).toBe("deepseek-r1:14b");
    const result = await applyUpdates(target, operator, { all: true, snapshotFirst: false });
    expect(result.started.map((s) => s.model)).toEqual(["mistral:7b", "qwen2.5:7b"]);
    expect(result.refused).toEqual([]);
    expect(result.plan?.stoppedAt?.reason).toMatch(/deepseek-r1:14b needs .* but only .* would be free/);
    expect(pulls(target).activeFor("deepseek-r1:14b")).toBeUndefined();
  });
});

describe("declared set, drift and reconcile", () => {
  it("computes drift from a ConfigMap change delivered by the watch", async () => {
    await declare("models:\n  - name: llama3.2:3b\n    pin: true\n  - name: qwen2.5:7b\n");
    expect((await declaredState(target)).status).toBe("ok");
    const changes: DeclaredState[] = [];
    onDeclaredChange(target, (s) => changes.push(s));
    pw.world.publish("qwen2.5:7b", { modelBytes: 3 * GIB });
    await checkUpdates(target);
    await declare("models:\n  - name: llama3.2:3b\n    pin: true\n  - name: qwen2.5:7b\n  - name: phi3:mini\n");
    await until("the watch to deliver the change", () => changes.some((c) => c.set?.models.length === 3));
    const drift = await currentDrift(target);
    expect(drift).toEqual({
      missing: ["phi3:mini"],
      extra: ["deepseek-r1:14b", "llama3.1:70b", "mistral:7b", "nomic-embed-text:latest"],
      outdated: ["qwen2.5:7b"],
      pinnedNotLoaded: ["llama3.2:3b"],
    });
  });

  it("reconcile pulls what is missing and deletes nothing without prune", async () => {
    await declare("models:\n  - name: llama3.2:3b\n  - name: phi3:mini\nprune: false\n");
    await declaredState(target);
    const before = (await listModels(target)).map((m) => m.name).sort();
    const result = await reconcile(target, operator, { prune: false });
    expect(result.pulls.map((p) => p.model)).toEqual(["phi3:mini"]);
    expect(result.deleted).toEqual([]);
    expect(result.keptExtras?.reason).toBe("models.yaml has prune: false");
    await finished(pulls(target), result.pulls[0]!.jobId, 30_000);
    invalidateOllama(target);
    const after = (await listModels(target)).map((m) => m.name).sort();
    expect(after).toEqual([...before, "phi3:mini"].sort());
    // Asking to prune while models.yaml says prune: false is refused, whoever asks.
    await expect(reconcile(target, admin, { prune: true, confirm: ["mistral:7b"] })).rejects.toMatchObject({ code: "conflict" });
  });

  it("with prune: true deletes extras only for an admin naming each one", async () => {
    await declare("models:\n  - name: llama3.2:3b\n  - name: qwen2.5:7b\n  - name: mistral:7b\n  - name: deepseek-r1:14b\n  - name: nomic-embed-text\nprune: true\n");
    await declaredState(target);
    await expect(reconcile(target, operator, { prune: true, confirm: ["llama3.1:70b"] })).rejects.toMatchObject({ code: "forbidden" });
    await expect(reconcile(target, admin, { prune: true, confirm: [] })).rejects.toMatchObject({ code: "invalid", message: /llama3.1:70b/ });
    expect((await listModels(target)).some((m) => m.name === "llama3.1:70b")).toBe(true);
    const done = await reconcile(target, admin, { prune: true, confirm: ["llama3.1:70b"] });
    expect(done.deleted).toEqual(["llama3.1:70b"]);
    invalidateOllama(target);
    expect((await listModels(target)).some((m) => m.name === "llama3.1:70b")).toBe(false);
  });

  it("a malformed models.yaml names its line, and nothing is pulled or deleted", async () => {
    await declare("models:\n  - name: phi3:mini\n  - name: evil.example.com/x/y\nprune: true\n");
    const s = await declaredState(target);
    expect(s).toMatchObject({ status: "invalid", problem: { line: 3 } });
    expect(s.problem?.message).toMatch(/not allowed/);
    await expect(reconcile(target, admin, { prune: true, confirm: ["llama3.1:70b"] })).rejects.toMatchObject({ code: "invalid", message: /line 3/ });
    expect(pulls(target).list()).toEqual([]);
    expect((await listModels(target)).length).toBe(6);
  });

  it("refuses to pull an unknown model with the registry's words, pulling nothing", async () => {
    await declare("models:\n  - name: no-such-model:1b\n");
    await declaredState(target);
    const result = await reconcile(target, operator, { prune: false });
    expect(result.pulls).toEqual([]);
    expect(result.refused[0]).toMatchObject({ model: "no-such-model:1b" });
    expect(result.refused[0]?.reason).toMatch(/not found|no model/i);
  });
});

describe("RECONCILE=auto", () => {
  it("pulls a missing model when the ConfigMap changes, at most once per gap, and deletes nothing", async () => {
    await declare("models:\n  - name: llama3.2:3b\n");
    await declaredState(target);
    const stop = new AbortController();
    try {
      startAutoReconcile(stop.signal, target);
      await declare("models:\n  - name: llama3.2:3b\n  - name: phi3:mini\nprune: true\n");
      await until("the auto-reconcile pull of phi3:mini", () => pulls(target).list().some((j) => j.model === "phi3:mini"), 10_000);
      expect(pulls(target).list().find((j) => j.model === "phi3:mini")?.startedBy).toBe("auto-reconcile");
      // A second change within the gap: nothing more is pulled yet.
      await declare("models:\n  - name: llama3.2:3b\n  - name: phi3:mini\n  - name: llama3.2:1b\nprune: true\n");
      await until("the watch to deliver the second change", async () => (await declaredState(target)).set?.models.length === 3);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(pulls(target).list().some((j) => j.model === "llama3.2:1b")).toBe(false);
      // prune: true, but auto never deletes.
      expect((await listModels(target)).length).toBe(6);
    } finally {
      stop.abort();
    }
  });
});

describe("pinned models", () => {
  const ollamaPost = (path: string, body: unknown) => fetch(`${pw.world.ollama.url}${path}`, { method: "POST", body: JSON.stringify(body) });
  const kept = async (name: string) => {
    invalidateOllama(target);
    return (await listLoaded(target)).find((m) => m.name === name)?.keptLoaded === true;
  };

  it("re-loads a pin after a client sets keep_alive 0 or a finite keep_alive, and after an Ollama restart", async () => {
    await declare("models:\n  - name: llama3.2:3b\n    pin: true\n");
    expect((await reassertPins(target))[0]).toMatchObject({ model: "llama3.2:3b", state: "loaded" });
    expect(await kept("llama3.2:3b")).toBe(true);

    await ollamaPost("/api/generate", { model: "llama3.2:3b", keep_alive: 0 });
    await until("the client's unload", async () => !(await kept("llama3.2:3b")) && (await listLoaded(target)).every((m) => m.name !== "llama3.2:3b"));
    expect((await reassertPins(target))[0]?.state).toBe("loaded");
    expect(await kept("llama3.2:3b")).toBe(true);

    await ollamaPost("/api/generate", { model: "llama3.2:3b", keep_alive: "5m" });
    expect(await kept("llama3.2:3b")).toBe(false);
    await reassertPins(target);
    expect(await kept("llama3.2:3b")).toBe(true);

    await pw.world.ollama.restart();
    // The first read after the restart may meet a connection the old process closed.
    await until("Ollama to answer after its restart", async () => (await reassertPins(target))[0]?.state === "loaded");
    expect(await kept("llama3.2:3b")).toBe(true);
  });

  it("shows why a load fails, backs off, and stops retrying after the last try", async () => {
    await declare("models:\n  - name: llama3.2:3b\n    pin: true\n");
    await pw.world.setFaults({ ollamaLoadError: "model requires more system memory (12.0 GiB) than is available (3.1 GiB)" });
    const loads = () => pw.world.ollama.requestsByRoute["POST /api/generate"] ?? 0;
    const first = await reassertPins(target);
    expect(first[0]).toMatchObject({ state: "reloading", failures: 1 });
    expect(first[0]?.lastError).toMatch(/more system memory/);
    expect(first[0]?.nextAttemptAt).not.toBeNull();
    // Within the backoff nothing is tried again.
    const before = loads();
    await reassertPins(target);
    expect(loads()).toBe(before);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (let i = 2; i <= MAX_TRIES; i++) {
        vi.setSystemTime(Date.now() + 10 * 60_000);
        await reassertPins(target);
      }
      const gaveUp = await reassertPins(target);
      expect(gaveUp[0]).toMatchObject({ state: "failed", failures: MAX_TRIES });
      const tried = loads();
      vi.setSystemTime(Date.now() + 60 * 60_000);
      await reassertPins(target);
      expect(loads()).toBe(tried);
      expect(tried - before).toBe(MAX_TRIES - 1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("pins on several replicas", () => {
  const MEMORY = "more system memory (12.0 GiB) than is available (3.1 GiB)";
  const giveUp = async () => {
    await pw.world.setFaults({ ollamaLoadError: `model requires ${MEMORY}` });
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (let i = 0; i < MAX_TRIES; i++) {
        await reassertPins(target);
        vi.setSystemTime(Date.now() + 10 * 60_000);
      }
    } finally {
      vi.useRealTimers();
    }
    expect((await reassertPins(target))[0]).toMatchObject({ state: "failed", failures: MAX_TRIES });
  };
  const pinsConfigMap = async () => (await kube(target).core.readNamespacedConfigMap({ name: "ollama-ops-pins", namespace: "ollama" })).data ?? {};

  it("shares a pin that gave up with every replica, and Retry loads it again, here or handed over by another replica", async () => {
    await declare("models:\n  - name: llama3.2:3b\n    pin: true\n");
    await giveUp();
    // The leader's memory is in the cluster, for the other replicas and the next leader.
    expect(JSON.parse((await pinsConfigMap())["memory.json"] ?? "{}")).toMatchObject({ "registry.ollama.ai/library/llama3.2:3b": { failures: MAX_TRIES, lastError: expect.stringContaining(MEMORY) as string } });
    // A console that starts leading now (empty memory) takes it over: it does not start the pin over.
    pw.reset();
    const loads = () => pw.world.ollama.requestsByRoute["POST /api/generate"] ?? 0;
    const before = loads();
    expect((await reassertPins(target))[0]).toMatchObject({ state: "failed", failures: MAX_TRIES });
    expect(loads()).toBe(before);

    // Retry at the leader: failures forgotten, loaded at once.
    await pw.world.setFaults({ ollamaLoadError: null });
    await expect(retryPin(target, operator, "llama3.1:8b")).rejects.toMatchObject({ code: "not_found" });
    const retried = await retryPin(target, operator, "llama3.2:3b");
    expect(retried).toMatchObject({ handedOver: false, pins: [{ model: "llama3.2:3b", state: "loaded", failures: 0 }] });

    // Retry at another replica: a request in the shared ConfigMap, which the leader's next pass acts on.
    await fetch(`${pw.world.ollama.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: "llama3.2:3b", keep_alive: 0 }) });
    await until("the unload", async () => {
      invalidateOllama(target);
      return (await listLoaded(target)).every((m) => m.name !== "llama3.2:3b");
    });
    await giveUp();
    const { core } = kube(target);
    const cm = await core.readNamespacedConfigMap({ name: "ollama-ops-pins", namespace: "ollama" });
    const request = [{ model: "llama3.2:3b", at: new Date().toISOString(), by: "olga" }];
    await core.replaceNamespacedConfigMap({ name: "ollama-ops-pins", namespace: "ollama", body: { ...cm, data: { ...cm.data, "retry.json": JSON.stringify(request) } } });
    await pw.world.setFaults({ ollamaLoadError: null });
    expect((await reassertPins(target))[0]).toMatchObject({ state: "loaded", failures: 0 });
    invalidateOllama(target);
    expect((await listLoaded(target)).find((m) => m.name === "llama3.2:3b")?.keptLoaded).toBe(true);

    // That request is done once: after the pin gives up again, a new leader does not act on it a second time.
    await fetch(`${pw.world.ollama.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: "llama3.2:3b", keep_alive: 0 }) });
    await until("the unload", async () => {
      invalidateOllama(target);
      return (await listLoaded(target)).every((m) => m.name !== "llama3.2:3b");
    });
    await giveUp();
    pw.reset();
    const stillBefore = loads();
    expect((await reassertPins(target))[0]).toMatchObject({ state: "failed", failures: MAX_TRIES });
    expect(loads()).toBe(stillBefore);
  });
});

describe("variants", () => {
  it("creates a variant from an installed model, sharing its weights, with the name validated", async () => {
    pw.world.ollama.resetRequestCount();
    const made = await createVariant(target, operator, { name: "llama3.2-long:3b", from: "llama3.2:3b", parameters: { num_ctx: 16384, temperature: 0.2 }, system: "Answer in French." });
    expect(made).toMatchObject({ model: "llama3.2-long:3b", from: "llama3.2:3b", newWeightBytes: 0 });
    invalidateOllama(target);
    const models = await listModels(target);
    const variant = models.find((m) => m.name === "llama3.2-long:3b");
    const base = models.find((m) => m.name === "llama3.2:3b");
    expect(variant).toBeDefined();
    expect(variant!.digest).not.toBe(base!.digest);
    const weights = catalogue.get("llama3.2:3b")!.manifest.layers[0]!.digest;
    expect(pw.world.volume.getManifest("llama3.2-long:3b")!.manifest.layers.map((l) => l.digest)).toContain(weights);

    await expect(createVariant(target, operator, { name: "llama3.2-long:3b", from: "llama3.2:3b", parameters: {} })).rejects.toMatchObject({ code: "conflict", message: /already exists/ });
    await expect(createVariant(target, operator, { name: "Bad Name!", from: "llama3.2:3b", parameters: {} })).rejects.toMatchObject({ code: "invalid" });
    await expect(createVariant(target, operator, { name: "evil.example.com/x/y:1", from: "llama3.2:3b", parameters: {} })).rejects.toMatchObject({ code: "invalid", message: /not allowed/ });
    await expect(createVariant(target, operator, { name: "mine:1", from: "phi3:mini", parameters: {} })).rejects.toMatchObject({ code: "not_found" });
    expect(pw.world.ollama.routes["POST /api/create"]?.count).toBe(1);
  });
});
