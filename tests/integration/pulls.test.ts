// Pull jobs against the simulated world over real HTTP: lifecycle, joining, cancel, re-attach, console and Ollama restarts, ENOSPC.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { catalogue } from "../../sim/registry/catalogue.ts";
import { manifestBlobs } from "../../sim/registry/manifest.ts";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import { kube } from "../../lib/doors/kubernetes/client";
import type { Target } from "../../lib/doors/runtime/config";
import { diskUsage } from "../../lib/features/disk";
import { listModels, invalidateOllama } from "../../lib/doors/ollama/cache";
import { cancelPull, createManager, pulls, startPull } from "../../lib/features/pulls";
import { pullEvents } from "../../lib/features/pulls/events";
import type { PullJob } from "../../lib/features/pulls/job";
import { ConfigMapJournal } from "../../lib/features/pulls/journal";
import type { PullManager } from "../../lib/features/pulls/manager";
import { finished, jobWhen, operator, startPullWorld, until, type PullWorld } from "./pulls-fixture";

let pw: PullWorld;
let target: Target;
const managers: PullManager[] = [];

beforeAll(async () => {
  pw = await startPullWorld();
});

beforeEach(async () => {
  await pw.world.clearFaults();
  await pw.world.load("homelab");
  pw.reset();
  target = pw.target;
});

afterEach(async () => {
  const stopped = [...managers.splice(0), pulls(target)];
  stopped.forEach((m) => m.shutdown());
  stopWatches(target);
  // A "dead" console's last journal write may still be landing; wait for it, so the next scenario load wipes it.
  await Promise.all(stopped.map((m) => m.journalIdle()));
});

afterAll(() => pw.close());

const size = (name: string) => catalogue.get(name)!.size;
const weights = (name: string) => manifestBlobs(catalogue.get(name)!.manifest)[0]!.digest;

async function journalEntries(): Promise<{ id: string; model: string; state: string }[]> {
  const cm = await kube(target).core.readNamespacedConfigMap({ name: "ollama-ops-pulls", namespace: "ollama" });
  return JSON.parse(cm.data?.["jobs.json"] ?? "[]") as { id: string; model: string; state: string }[];
}

describe("pull jobs against the simulators", () => {
  it("runs a pull to success: one overall progress, the model listed, the journal emptied", async () => {
    pw.world.setSpeed(4e9);
    const manager = pulls(target);
    const seen: PullJob[] = [];
    manager.subscribe((j) => seen.push(j));
    const { job, joined } = await startPull(target, operator, { model: "phi3", override: false });
    expect(joined).toBe(false);
    expect(job).toMatchObject({ model: "phi3:latest", startedBy: "olga", override: "none", totalBytes: size("phi3:mini") });
    const done = await finished(manager, job.id);
    expect(done).toMatchObject({ state: "succeeded", completedBytes: size("phi3:mini"), attempt: 1, error: null });
    const downloading = seen.filter((j) => j.state === "downloading");
    expect(downloading.length).toBeGreaterThan(0);
    expect(downloading.every((j, i) => i === 0 || j.completedBytes >= downloading[i - 1]!.completedBytes)).toBe(true);
    invalidateOllama(target);
    expect((await listModels(target)).map((m) => m.name)).toContain("phi3:latest");
    await until("the journal to forget the job", async () => (await journalEntries()).length === 0);
  });

  it("joins a second pull of the same model under another spelling", async () => {
    pw.world.setSpeed(1e9);
    const first = await startPull(target, operator, { model: "phi3:mini", override: false });
    const second = await startPull(target, operator, { model: "registry.ollama.ai/library/PHI3:mini", override: false });
    expect(second).toMatchObject({ joined: true, job: { id: first.job.id } });
    expect(pulls(target).list()).toHaveLength(1);
    await until("the job in the journal", async () => (await journalEntries().catch(() => [])).some((e) => e.id === first.job.id));
  });

  it("cancels: the stream is dropped, Ollama stops downloading, the partial stays", async () => {
    pw.world.setSpeed(200e6);
    const manager = pulls(target);
    const { job } = await startPull(target, operator, { model: "gemma2:27b", override: false });
    await jobWhen(manager, job.id, "bytes to arrive", (j) => j.completedBytes > 100e6);
    const cancelled = await cancelPull(target, { ...operator, name: "carl" }, job.id);
    expect(cancelled).toMatchObject({ state: "cancelled", cancelledBy: "carl" });
    await until("Ollama to stop downloading", () => pw.world.ollama.state.activeDownloads === 0);
    expect(pw.world.volume.partial(weights("gemma2:27b"))?.completed).toBeGreaterThan(100e6);
    await until("the journal to forget the job", async () => (await journalEntries()).length === 0);
  });

  it("re-attaches: a new event stream starts with the running job, then follows it at ≤ 4 updates per second", async () => {
    pw.world.setSpeed(300e6);
    const manager = pulls(target);
    const { job } = await startPull(target, operator, { model: "phi3:mini", override: false });
    await jobWhen(manager, job.id, "download to start", (j) => j.state === "downloading");
    const browser = new AbortController();
    const reader = pullEvents(manager, browser.signal).body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const started = Date.now();
    while (Date.now() - started < 2_000) text += (await reader.read()).value ?? "";
    browser.abort();
    const events = text.split("\n\n").filter((e) => e.startsWith("event:"));
    expect(events[0]).toMatch(/^event: snapshot\ndata: /);
    const snapshot = JSON.parse(events[0]!.split("data: ")[1]!) as { jobs: PullJob[] };
    expect(snapshot.jobs).toMatchObject([{ id: job.id, state: "downloading" }]);
    const updates = events.slice(1).map((e) => JSON.parse(e.split("data: ")[1]!) as PullJob);
    expect(updates.length).toBeGreaterThanOrEqual(4);
    expect(updates.length).toBeLessThanOrEqual(9); // 2 s at 4/s, plus one at each edge
    expect(updates.every((u) => u.id === job.id)).toBe(true);
  });

  it("survives a console restart: a fresh manager resumes the journaled job and finishes it", async () => {
    pw.world.setSpeed(300e6);
    const before = createManager(target);
    managers.push(before);
    const { job } = before.start({ model: "phi3:mini", user: operator, override: "none", expectedBytes: size("phi3:mini") });
    await jobWhen(before, job.id, "bytes to arrive", (j) => j.completedBytes > 200e6);
    before.shutdown();
    await until("Ollama to drop the download", () => pw.world.ollama.state.activeDownloads === 0);
    expect(await journalEntries()).toMatchObject([{ id: job.id, model: "phi3:mini", state: "running" }]);
    pw.world.setSpeed(4e9);
    const after = createManager(target);
    managers.push(after);
    await until("the journal's job to be resumed", () => after.list().some((j) => j.id === job.id));
    const done = await finished(after, job.id);
    expect(done).toMatchObject({ state: "succeeded", resumed: true, startedBy: "olga" });
    await until("the journal to forget the job", async () => (await journalEntries()).length === 0);
  });

  it("survives an Ollama restart mid-pull: retries with backoff and resumes from the partial files", async () => {
    pw.world.setSpeed(300e6);
    const fetchedBefore = pw.world.ollama.state.downloadedBytes;
    const manager = createManager(target, { retry: { firstMs: 200, maxMs: 400, attempts: 20 } });
    managers.push(manager);
    const { job } = manager.start({ model: "phi3:mini", user: operator, override: "none", expectedBytes: size("phi3:mini") });
    await jobWhen(manager, job.id, "bytes to arrive", (j) => j.completedBytes > 500e6);
    await pw.world.ollama.stop();
    const retrying = await jobWhen(manager, job.id, "the job to retry", (j) => j.state === "retrying");
    expect(retrying.status).toMatch(/retrying in/);
    expect(retrying.nextRetryAt).not.toBeNull();
    pw.world.setSpeed(4e9);
    await pw.world.ollama.start();
    const done = await finished(manager, job.id);
    expect(done.state).toBe("succeeded");
    expect(done.attempt).toBeGreaterThanOrEqual(2);
    // Resumed, not restarted: the registry sent each byte once.
    expect(pw.world.ollama.state.downloadedBytes - fetchedBefore).toBeLessThan(size("phi3:mini") * 1.05);
  });

  it("fails with Ollama's own ENOSPC text and the disk state when the volume fills up", async () => {
    pw.world.setSpeed(2e9);
    pw.world.volume.fillBytes = pw.world.volume.free() - 1e9;
    // The console measures the disk every few seconds; start once it has seen the volume fill up.
    await until("the console to see the full disk", async () => (await diskUsage(target)).availableBytes < 2e9, 20_000);
    const manager = pulls(target);
    const { job } = await startPull(target, operator, { model: "phi3:mini", override: true });
    expect(job.override).toBe("does_not_fit");
    const done = await finished(manager, job.id);
    expect(done.state).toBe("failed");
    expect(done.error).toMatch(/^write .*sha256-[0-9a-f]{64}-partial: no space left on device$/);
    const withDisk = await jobWhen(manager, job.id, "the disk state after the failure", (j) => j.diskAtFailure !== null, 20_000);
    expect(withDisk.diskAtFailure).toMatchObject({ source: "agent" });
    expect(withDisk.diskAtFailure!.availableBytes).toBeLessThan(1e6);
  });
});

describe("the journal ConfigMap", () => {
  it("keeps every entry when two writers race (Conflict → re-read and re-apply)", async () => {
    const a = new ConfigMapJournal(target, "ollama-ops-pulls");
    const b = new ConfigMapJournal(target, "ollama-ops-pulls");
    const entry = (id: string) => ({
      id,
      model: `m${id}:latest`,
      startedBy: operator,
      startedAt: new Date().toISOString(),
      override: "none" as const,
      state: "running" as const,
      expectedBytes: 1,
    });
    await Promise.all(["1", "2", "3", "4"].flatMap((id) => [a.save(entry(`a${id}`)), b.save(entry(`b${id}`))]));
    expect((await a.load()).map((e) => e.id).sort()).toEqual(["a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"]);
    await Promise.all([a.remove("a1"), b.remove("b1")]);
    expect((await b.load()).map((e) => e.id).sort()).toEqual(["a2", "a3", "a4", "b2", "b3", "b4"]);
  });
});
