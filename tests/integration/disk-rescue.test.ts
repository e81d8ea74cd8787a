// Disk rescue (issue 15) against the simulated world: reclaim by restarting Ollama (prune at start, guards, pinned
// models reloaded, freed vs expected), growing the cache PVC through the resize conditions, and the refusals.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeDigest } from "../../sim/registry/manifest.ts";
import { blobPath, partFiles } from "../../sim/volume.ts";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import { kube } from "../../lib/doors/kubernetes/client";
import { config, type Target } from "../../lib/doors/runtime/config";
import { formatBytes } from "../../lib/shared/format";
import { checkModelName } from "../../lib/shared/ollama/names";
import { fetchManifest } from "../../lib/doors/registry/manifest";
import { expandNow, expansionPlan } from "../../lib/features/disk/expand";
import { reclaimPlan, restartOllama, type ReclaimRun } from "../../lib/features/disk/reclaim";
import { isAppError } from "../../lib/doors/runtime/errors";
import { pulls, startPull } from "../../lib/features/pulls";
import { stopDeclared } from "../../lib/features/models/declared";
import { ConfigMapJournal } from "../../lib/features/pulls/journal";
import { operator, startPullWorld, until, type PullWorld } from "./pulls-fixture";

const admin = { id: "ada", name: "ada", role: "admin" as const };
const GIB = 1024 ** 3;
const HOUR = 3_600_000;

let pw: PullWorld;
let target: Target;

beforeAll(async () => {
  pw = await startPullWorld();
});

beforeEach(async () => {
  await pw.world.clearFaults();
  await pw.world.load("homelab");
  // Ollama's answers are cached, and every test starts a fresh Ollama process: start from a cold console too.
  pw.reset();
  target = pw.target;
});

afterEach(async () => {
  pulls(target).shutdown();
  stopWatches(target);
  await new Promise((resolve) => setTimeout(resolve, 200));
});

afterAll(() => pw.close());

const UNREFERENCED = fakeDigest("unreferenced-0");

/** Leaves an interrupted download of `bytes` of `digest`, last written `ageMs` ago. */
function partial(digest: string, total: number, bytes: number, ageMs: number): void {
  pw.world.volume.writePartial(digest, total, bytes);
  pw.world.volume.touchPartial(digest, new Date(Date.now() - ageMs));
}

async function finishedRun(): Promise<ReclaimRun> {
  let run: ReclaimRun | null = null;
  await until(
    "the restart to finish",
    async () => {
      run = (await reclaimPlan(target)).run;
      return run !== null && ["done", "failed"].includes(run.phase);
    },
    30_000,
  );
  return run!;
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("reclaim", () => {
  it("frees exactly the unreferenced blobs and the partials older than 1 h, keeps a fresh partial, and audits freed vs expected", async () => {
    const stale = fakeDigest("stale-partial");
    const fresh = fakeDigest("fresh-partial");
    partial(stale, 3 * GIB, 2 * GIB, 2 * HOUR);
    partial(fresh, 3 * GIB, 1 * GIB, 10 * 60_000);
    const unreferencedBytes = pw.world.volume.blobSize(UNREFERENCED)!;
    // A partial download on disk: the bytes written into its sparse data file, plus one small JSON file per part.
    const onDisk = (digest: string, written: number) => written + partFiles(blobPath(digest), 3 * GIB, written).reduce((n, f) => n + f.size, 0);
    const staleBytes = onDisk(stale, 2 * GIB);

    let plan = await reclaimPlan(target);
    await until(
      "the agent to see both partials",
      async () => (plan = await reclaimPlan(target)).reclaimable!.keptPartials.bytes + plan.reclaimable!.stalePartials.bytes === staleBytes + onDisk(fresh, 1 * GIB),
    );
    expect(plan.refusal).toBeNull();
    expect(plan.reclaimable).toMatchObject({ unreferenced: { bytes: unreferencedBytes, blobs: 1 }, stalePartials: { bytes: staleBytes }, keptPartials: { bytes: onDisk(fresh, 1 * GIB) } });
    expect(plan.reclaimable!.keptPartials.downloads[0]).toMatchObject({ digest: fresh, keptBecause: "modified within the last hour: Ollama keeps it" });
    expect(plan.reclaimable!.expectedBytes).toBe(unreferencedBytes + staleBytes);
    expect(plan.rollout).toMatchObject({ strategy: "Recreate", replicas: 1 });
    expect(plan.rollout.downtime).toMatch(/^Ollama runs one replica with the Recreate strategy: it is down from the pod's deletion until the new pod is ready/);

    const oldPod = (await kube(target).core.listNamespacedPod({ namespace: "ollama", labelSelector: "app.kubernetes.io/name=ollama" })).items[0]!.metadata!.name;
    const run = await restartOllama(target, admin, "reclaim");
    expect(run).toMatchObject({ phase: "restarting", pod: oldPod, expectedBytes: unreferencedBytes + staleBytes });
    const done = await finishedRun();
    expect(done.phase, done.message).toBe("done");
    expect(done.freedBytes).toBe(unreferencedBytes + staleBytes);
    expect(done.message).toBe(`Freed ${formatBytes(unreferencedBytes + staleBytes)} of the expected ${formatBytes(unreferencedBytes + staleBytes)}`);
    expect(pw.world.volume.hasBlob(UNREFERENCED)).toBe(false);
    expect(pw.world.volume.partial(stale)).toBeUndefined();
    expect(pw.world.volume.partial(fresh)?.completed).toBe(1 * GIB);
    // The pod was deleted and replaced, not rolled out: no restartedAt annotation on the template.
    const deploy = await kube(target).apps.readNamespacedDeployment({ name: "ollama", namespace: "ollama" });
    expect(deploy.spec?.template.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBeUndefined();
    const pods = (await kube(target).core.listNamespacedPod({ namespace: "ollama", labelSelector: "app.kubernetes.io/name=ollama" })).items.map((p) => p.metadata!.name);
    expect(pods).not.toContain(oldPod);
  });

  it("keeps the partials of a journaled pull: they never count, and the restart is refused while the journal holds the pull", async () => {
    pw.world.setSpeed(1);
    // The blobs the registry serves for the model (what the resumed pull writes to).
    const ref = checkModelName("gemma2:27b");
    if (!ref.ok) throw new Error(ref.reason);
    const w = (await fetchManifest(ref.ref, { mirrors: config().registryMirrors, allowed: config().pulls.registries })).blobs.reduce((a, b) => (b.size > a.size ? b : a));
    partial(w.digest, w.size, 1 * GIB, 3 * HOUR);
    await new ConfigMapJournal(target, "ollama-ops-pulls").save({
      id: "journaled-1",
      model: "gemma2:27b",
      startedBy: operator,
      startedAt: new Date(Date.now() - 3 * HOUR).toISOString(),
      override: "none",
      state: "running",
      expectedBytes: w.size,
    });
    // The cache agent rescans at most every 2 s: wait until its report shows the partial.
    let plan = await reclaimPlan(target);
    await until("the agent to see the partial", async () => (plan = await reclaimPlan(target)).reclaimable!.keptPartials.downloads.some((x) => x.digest === w.digest));
    expect(plan.reclaimable!.stalePartials.bytes).toBe(0);
    expect(plan.reclaimable!.keptPartials.downloads).toEqual([expect.objectContaining({ digest: w.digest, keptBecause: "belongs to the unfinished pull of gemma2:27b" })]);
    expect(plan.refusal).toMatch(/^Refused while a pull is running or journaled: gemma2:27b/);
    const refused = await refusal(restartOllama(target, admin, "reclaim"));
    expect(refused.code).toBe("conflict");
    expect(pw.world.volume.partial(w.digest)?.completed).toBeGreaterThanOrEqual(1 * GIB);
    expect(pw.world.ollama.state.up).toBe(true);
  });

  it("is refused during a pull", async () => {
    pw.world.setSpeed(50e6);
    const { job } = await startPull(target, operator, { model: "phi3", override: false });
    await until("the pull to download", () => pulls(target).list().some((j) => j.id === job.id && j.state === "downloading"));
    const refused = await refusal(restartOllama(target, admin, "reclaim"));
    expect(refused).toMatchObject({ code: "conflict" });
    expect(refused.message).toMatch(/^Refused while a pull is running or journaled: phi3:latest/);
    expect(pw.world.ollama.state.up).toBe(true);
  });

  it("lists the models that drop and loads the pinned ones (keep_alive -1) again after the restart", async () => {
    const plan = await reclaimPlan(target);
    expect(plan.loaded).toEqual(
      expect.arrayContaining([
        { name: "qwen2.5:7b", pinned: false },
        { name: "nomic-embed-text:latest", pinned: true },
      ]),
    );
    await restartOllama(target, admin, "reclaim");
    const done = await finishedRun();
    expect(done).toMatchObject({ phase: "done", pinned: ["nomic-embed-text:latest"], reloaded: ["nomic-embed-text:latest"], reloadFailed: [] });
    expect(done.dropped.sort()).toEqual(["nomic-embed-text:latest", "qwen2.5:7b"]);
    const loaded = pw.world.ollama.state.loaded;
    expect(loaded.map((m) => m.name)).toEqual(["nomic-embed-text:latest"]);
    expect(Date.parse(loaded[0]!.expiresAt.toISOString())).toBeGreaterThan(Date.now() + 100 * 365 * 24 * HOUR);
  });

  it("brings a model that models.yaml pins back with the restart, though it was not kept loaded when the restart began", async () => {
    const body = { metadata: { name: "ollama-models", namespace: "ollama" }, data: { "models.yaml": "models:\n  - name: qwen2.5:7b\n    pin: true\n" } };
    await kube(target).core.createNamespacedConfigMap({ namespace: "ollama", body });
    try {
      expect((await reclaimPlan(target)).loaded).toContainEqual({ name: "qwen2.5:7b", pinned: false });
      await restartOllama(target, admin, "reclaim");
      const done = await finishedRun();
      expect(done).toMatchObject({ phase: "done", pinned: ["nomic-embed-text:latest"], reloadFailed: [] });
      // Loaded again at once by the rescue, with keep_alive -1, not on the pins loop's next pass (no loop runs here).
      const loaded = pw.world.ollama.state.loaded;
      expect(loaded.map((m) => m.name).sort()).toEqual(["nomic-embed-text:latest", "qwen2.5:7b"]);
      for (const m of loaded) expect(Date.parse(m.expiresAt.toISOString())).toBeGreaterThan(Date.now() + 100 * 365 * 24 * HOUR);
    } finally {
      stopDeclared(target);
    }
  });

  it("warns when the Deployment sets OLLAMA_NOPRUNE, and then expects and frees nothing", async () => {
    await kube(target).apps.patchNamespacedDeployment(
      { name: "ollama", namespace: "ollama", body: [{ op: "add", path: "/spec/template/spec/containers/0/env/-", value: { name: "OLLAMA_NOPRUNE", value: "1" } }] },
      (await import("@kubernetes/client-node")).setHeaderOptions("Content-Type", "application/json-patch+json"),
    );
    const plan = await reclaimPlan(target);
    expect(plan.noPrune).toBe(true);
    await restartOllama(target, admin, "reclaim");
    const done = await finishedRun();
    expect(done).toMatchObject({ phase: "done", expectedBytes: 0, freedBytes: 0 });
    expect(pw.world.volume.hasBlob(UNREFERENCED)).toBe(true);
  });
});

describe("grow the volume", () => {
  const pvcConditions = () => {
    const seen: string[] = [];
    const off = pw.world.kube.store.subscribe((e) => {
      if (e.def.kind !== "PersistentVolumeClaim") return;
      for (const c of ((e.object.status as { conditions?: { type: string }[] } | undefined)?.conditions ?? [])) if (seen.at(-1) !== c.type) seen.push(c.type);
    });
    return { seen, off };
  };

  it("proposes used + pull + headroom as a tidy size with a Kustomize patch, and Expand now reaches status.capacity through Resizing and FileSystemResizePending", async () => {
    const plan = await expansionPlan(target, 40 * GIB);
    expect(plan.pvc).toMatchObject({ name: "ollama-models", capacityBytes: 100 * GIB, storageClass: "longhorn" });
    expect(plan.storageClass).toMatchObject({ name: "longhorn", allowVolumeExpansion: true });
    expect(plan.refusal).toBeNull();
    expect(plan.target!.quantity).toMatch(/^\d+Gi$/);
    expect(plan.target!.bytes).toBeGreaterThan(100 * GIB);
    expect(plan.patch!.patch).toContain(`metadata:\n  name: ollama-models\n  namespace: ollama\nspec:\n  resources:\n    requests:\n      storage: ${plan.target!.quantity}\n`);
    expect(plan.progress.stage).toBe("idle");

    const watch = pvcConditions();
    const progress = await expandNow(target, admin, 150 * GIB);
    expect(progress.stage).toBe("resizing");
    await until(
      "status.capacity 150Gi",
      async () => (await kube(target).core.readNamespacedPersistentVolumeClaim({ name: "ollama-models", namespace: "ollama" })).status?.capacity?.storage === "150Gi",
      15_000,
    );
    watch.off();
    expect(watch.seen).toEqual(["Resizing", "FileSystemResizePending"]);
    const after = await expansionPlan(target);
    expect(after.progress.stage).toBe("idle");
    expect(after.pvc.capacityBytes).toBe(150 * GIB);
    await until("the volume to grow on disk", () => pw.world.volume.capacityBytes === 150 * GIB);
  });

  it("finishes an offline node expansion with an Ollama pod restart", async () => {
    const sc = pw.world.kube.store.get("StorageClass", undefined, "longhorn")!;
    pw.world.kube.store.replace({ ...sc, parameters: { ...(sc as { parameters?: object }).parameters, "sim.ollama-ops.dev/node-expansion": "offline" } });
    await expandNow(target, admin, 120 * GIB);
    await until("FileSystemResizePending", async () => (await expansionPlan(target)).progress.stage === "filesystem-pending", 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await expansionPlan(target)).progress.stage).toBe("filesystem-pending");
    await restartOllama(target, admin, "resize");
    await until("status.capacity 120Gi", async () => (await expansionPlan(target)).pvc.capacityBytes === 120 * GIB, 20_000);
    expect((await finishedRun()).phase).toBe("done");
  });

  it("refuses a shrink with the reason, and the API server refuses it too", async () => {
    const refused = await refusal(expandNow(target, admin, 50 * GIB));
    expect(refused).toMatchObject({ code: "invalid" });
    expect(refused.message).toMatch(/^50Gi is not larger than the volume's current 100Gi: Kubernetes cannot shrink a volume/);
    const direct = await kube(target)
      .core.patchNamespacedPersistentVolumeClaim(
        { name: "ollama-models", namespace: "ollama", body: { spec: { resources: { requests: { storage: "50Gi" } } } } },
        (await import("@kubernetes/client-node")).setHeaderOptions("Content-Type", "application/merge-patch+json"),
      )
      .then(() => undefined, (err: { code?: number; body?: string }) => err);
    expect(direct?.code).toBe(422);
    expect(direct?.body).toContain("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
  });

  it("refuses a class without allowVolumeExpansion with the reason, and the API server refuses it too", async () => {
    const sc = pw.world.kube.store.get("StorageClass", undefined, "longhorn")!;
    const { allowVolumeExpansion: _allow, ...rest } = sc as typeof sc & { allowVolumeExpansion?: boolean };
    pw.world.kube.store.replace(rest);
    const plan = await expansionPlan(target, 40 * GIB);
    expect(plan.storageClass).toMatchObject({ name: "longhorn", allowVolumeExpansion: false });
    expect(plan.refusal).toMatch(/^StorageClass "longhorn" does not allow volume expansion/);
    expect(plan.patch).not.toBeNull();
    const refused = await refusal(expandNow(target, admin, 150 * GIB));
    expect(refused.code).toBe("invalid");
    expect(refused.message).toMatch(/^StorageClass "longhorn" does not allow volume expansion/);
    const direct = await kube(target)
      .core.patchNamespacedPersistentVolumeClaim(
        { name: "ollama-models", namespace: "ollama", body: { spec: { resources: { requests: { storage: "150Gi" } } } } },
        (await import("@kubernetes/client-node")).setHeaderOptions("Content-Type", "application/merge-patch+json"),
      )
      .then(() => undefined, (err: { code?: number; body?: string }) => err);
    expect(direct?.code).toBe(403);
    expect(direct?.body).toContain("only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
  });
});
