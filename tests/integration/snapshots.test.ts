// Snapshot lifecycle against the simulated cluster over real HTTP: create → ready, delete, restore → Bound + patch, and every state the page must explain.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { kubeconfigYaml } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { resetCaches, resetProcessState } from "../../lib/doors/runtime/caches";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import { kube } from "../../lib/doors/kubernetes/client";
import type { Target } from "../../lib/doors/runtime/config";
import { recentAudit } from "../../lib/features/audit";
import { AppError } from "../../lib/doors/runtime/errors";
import { snapshotAccess } from "../../lib/features/snapshots/access";
import { cacheVolume } from "../../lib/features/snapshots/cache-volume";
import { createSnapshot } from "../../lib/features/snapshots/create";
import { deleteSnapshot } from "../../lib/features/snapshots/delete";
import { kustomizePatch } from "../../lib/shared/snapshots/patch";
import { SNAPSHOT_API_MISSING, SNAPSHOT_GROUP as GROUP } from "../../lib/doors/kubernetes/snapshots";
import { listSnapshots } from "../../lib/features/snapshots/read";
import { listRestores, restoreSnapshot } from "../../lib/features/snapshots/restore";
import { snapshotState } from "../../lib/shared/snapshots/state";
import type { SnapshotSummary } from "../../lib/shared/snapshots/types";
import { until } from "./kube-sim-fixture";

const operator = { id: "olga", name: "olga", role: "operator" as const };
const admin = { id: "ada", name: "ada", role: "admin" as const };

let world: World;
let dir: string;
let kubeconfig: string;
let target: Target;

beforeAll(async () => {
  world = await createWorld("homelab", { snapshotReadyAfterMs: 300 });
  dir = mkdtempSync(join(tmpdir(), "snapshots-it-"));
  kubeconfig = join(dir, "kubeconfig");
  const kc = parse(kubeconfigYaml(world.kube.url, { context: "c0" })) as { clusters: { cluster: Record<string, unknown> }[] };
  for (const c of kc.clusters) c.cluster["insecure-skip-tls-verify"] = true; // client-node 2.x needs this for plain http
  writeFileSync(kubeconfig, stringify(kc));
  process.env.KUBECONFIG = kubeconfig;
  process.env.OLLAMA_URL = world.ollama.url;
});

/** Each test starts here: loads its scenario once, against a console as freshly started (every cache empty, lib/doors/runtime/caches.ts). */
async function start(scenario = "homelab"): Promise<void> {
  await world.clearFaults();
  await world.load(scenario);
  resetProcessState();
  target = { context: "c0", namespace: "ollama", deployment: "ollama", ollamaUrl: world.ollama.url, cachePvc: undefined, agentUrl: world.agentUrl };
}

afterEach(() => stopWatches(target));

afterAll(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The latest audit record for `action` on `subject`. */
function audited(action: string, subject: string) {
  return recentAudit().findLast((r) => r.action === action && r.subject === subject);
}

/** The AppError `p` rejects with. */
async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

async function snapshotNamed(name: string): Promise<SnapshotSummary | undefined> {
  return (await listSnapshots(target)).items.find((s) => s.name === name);
}

async function waitFor(name: string, check: (s: SnapshotSummary) => boolean): Promise<SnapshotSummary> {
  let found: SnapshotSummary | undefined;
  await until(async () => {
    found = await snapshotNamed(name);
    return found !== undefined && check(found);
  }, 8000);
  return found as SnapshotSummary;
}

describe("snapshot lifecycle", () => {
  it("creates a snapshot with the default class, records who and what, follows it to ready, and kubectl sees it", async () => {
    await start();
    const created = await createSnapshot(target, operator, {});
    expect(created.name).toMatch(/^ollama-models-\d{8}-\d{4}$/);
    expect(created).toMatchObject({ sourcePvc: "ollama-models", className: "longhorn-snapshot", createdBy: "olga", controllerActed: false });
    expect(created.models?.map((m) => m.name).sort()).toEqual(["deepseek-r1:14b", "llama3.1:70b", "llama3.2:3b", "mistral:7b", "nomic-embed-text:latest", "qwen2.5:7b"]);
    expect(created.models?.every((m) => /^[0-9a-f]{64}$/.test(m.digest))).toBe(true);
    expect(audited("SnapshotCreated", created.name)).toMatchObject({ outcome: "success", user: { name: "olga", role: "operator" } });

    const ready = await waitFor(created.name, (s) => s.ready === true);
    expect(ready).toMatchObject({ restoreSize: "100Gi", restoreSizeBytes: 100 * 2 ** 30, deletionPolicy: "Delete", error: undefined });
    expect((await listSnapshots(target)).items[0]?.name).toBe(created.name);

    const env = { ...process.env, HOME: dir };
    const { stdout } = await promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "kube-cache"), "get", "volumesnapshots", "-n", "ollama"], { env });
    expect(stdout).toContain(created.name);
    expect(stdout).toContain("ollama-models-20261125-0300");
  });

  it("takes the name and class asked for, and refuses a name that exists", async () => {
    await start();
    const s = await createSnapshot(target, operator, { name: "before-upgrade", className: "longhorn-backup-retain" });
    expect(s).toMatchObject({ name: "before-upgrade", className: "longhorn-backup-retain", deletionPolicy: "Retain" });
    const dup = await failure(createSnapshot(target, operator, { name: "before-upgrade" }));
    expect(dup.code).toBe("conflict");
    expect(dup.message).toContain('"before-upgrade" already exists');
  });

  it("deletes a snapshot and reports its deletion policy", async () => {
    await start();
    const result = await deleteSnapshot(target, admin, "ollama-models-20261119-0300");
    expect(result).toEqual({ name: "ollama-models-20261119-0300", deletionPolicy: "Delete" });
    expect(audited("SnapshotDeleted", "ollama-models-20261119-0300")).toMatchObject({ outcome: "success", user: { name: "ada" } });
    await until(async () => (await snapshotNamed("ollama-models-20261119-0300")) === undefined, 8000);
    await expect(deleteSnapshot(target, admin, "ollama-models-20261119-0300")).rejects.toMatchObject({ code: "not_found" });
    expect(audited("SnapshotDeleted", "ollama-models-20261119-0300")).toMatchObject({ outcome: "failure", message: expect.stringMatching(/not found/) as unknown });
  });

  it("restores into a new PVC with the cache's class and size, follows it to Bound, and builds the patch for its volume", async () => {
    await start();
    await expect(restoreSnapshot(target, admin, "ollama-models-20261125-0300", { size: "10Gi" })).rejects.toMatchObject({
      code: "invalid",
      message: "10Gi is smaller than the snapshot's restore size 100Gi; the claim must be between the snapshot's restore size 100Gi and 64Ti",
    });
    const restore = await restoreSnapshot(target, admin, "ollama-models-20261125-0300", {});
    expect(restore).toMatchObject({ name: "ollama-models-restore-ollama-models-20261125-0300", snapshot: "ollama-models-20261125-0300", request: "100Gi", createdBy: "ada" });
    expect(audited("SnapshotRestored", "ollama-models-20261125-0300")).toMatchObject({ outcome: "success", user: { name: "ada" } });

    let bound: Awaited<ReturnType<typeof listRestores>>[number] | undefined;
    await until(async () => {
      bound = (await listRestores(target)).find((r) => r.name === restore.name);
      return bound?.phase === "Bound";
    }, 8000);
    expect(bound).toMatchObject({ capacity: "100Gi", message: undefined, waitingForConsumer: false });

    const pvc = await kube(target).core.readNamespacedPersistentVolumeClaim({ name: restore.name, namespace: "ollama" });
    expect(pvc.spec?.dataSource).toEqual({ apiGroup: GROUP, kind: "VolumeSnapshot", name: "ollama-models-20261125-0300" });
    expect(pvc.spec?.storageClassName).toBe((await cacheVolume(target)).storageClassName);

    const cache = await cacheVolume(target);
    expect(cache).toMatchObject({ pvc: "ollama-models", volume: "models", deployment: "ollama" });
    const patch = kustomizePatch({ namespace: cache.namespace, deployment: cache.deployment, volume: cache.volume ?? "", claim: restore.name, snapshot: restore.snapshot });
    expect(patch.patchYaml).toContain("        - name: models\n          persistentVolumeClaim:\n            claimName: ollama-models-restore-ollama-models-20261125-0300\n");
  });
});

describe("states the page must explain", () => {
  it("says the snapshot API is not installed", async () => {
    await start("no-snapshot-api");
    const missing = { code: "unavailable", message: SNAPSHOT_API_MISSING, details: { reason: "snapshot_api_missing" } };
    await expect(listSnapshots(target)).rejects.toMatchObject(missing);
    await expect(createSnapshot(target, operator, {})).rejects.toMatchObject(missing);
  });

  it("asks for a class when none is the default, and says when there is no class at all", async () => {
    const file = join(dir, "no-default-class.yaml");
    writeFileSync(
      file,
      [
        "apiVersion: sim.ollama-ops.dev/v1\nkind: SimulatorState\nextends: homelab",
        "apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotClass\nmetadata: {name: longhorn-snapshot}\ndriver: driver.longhorn.io\ndeletionPolicy: Delete",
      ].join("\n---\n"),
    );
    await start(file);
    await expect(createSnapshot(target, operator, {})).rejects.toMatchObject({
      code: "invalid",
      message: 'No VolumeSnapshotClass is marked as default: choose one (longhorn-backup-retain, longhorn-snapshot), or annotate exactly one with snapshot.storage.kubernetes.io/is-default-class: "true"',
    });
    expect((await createSnapshot(target, operator, { className: "longhorn-snapshot" })).className).toBe("longhorn-snapshot");

    for (const name of ["longhorn-snapshot", "longhorn-backup-retain"]) {
      await kube(target).custom.deleteClusterCustomObject({ group: GROUP, version: "v1", plural: "volumesnapshotclasses", name });
    }
    // The class list is cached (lib/features/snapshots/read.ts); a console started now lists the classes afresh.
    resetCaches();
    const none = await failure(createSnapshot(target, operator, {}));
    expect(none.code).toBe("unavailable");
    expect(none.message).toMatch(/^No VolumeSnapshotClass exists in the cluster/);
  });

  it("names the permission the console lacks, before and after trying", async () => {
    await start();
    await world.setFaults({ forbid: [{ verb: "create", resource: "volumesnapshots", group: GROUP }] });
    const access = await snapshotAccess(target, admin);
    expect(access.create).toEqual({ allowed: false, reason: "the console's service account may not create volumesnapshots.snapshot.storage.k8s.io in namespace ollama" });
    expect(access.delete.allowed).toBe(true);
    expect((await snapshotAccess(target, { ...operator, role: "viewer" })).create).toEqual({ allowed: false, reason: "needs the operator role; you are signed in as viewer" });
    await expect(createSnapshot(target, operator, { name: "denied" })).rejects.toMatchObject({
      code: "forbidden",
      message: "The console's service account is not allowed to create volumesnapshots.snapshot.storage.k8s.io in namespace ollama (creating VolumeSnapshot ollama/denied); grant it in the console's Role",
    });
    expect(audited("SnapshotCreated", "denied")).toMatchObject({ outcome: "failure", user: { name: "olga" } });
  });

  it("says the namespace is being deleted when Kubernetes refuses the snapshot for that, not that a grant is missing", async () => {
    await start();
    // Deleted, the namespace is Terminating at once; its controller starts emptying it 5 s later.
    await kube(target).core.deleteNamespace({ name: "ollama" });
    const refused = await failure(createSnapshot(target, operator, { name: "late" }));
    expect(refused).toMatchObject({ code: "forbidden", message: "Namespace ollama is being deleted: Kubernetes takes nothing new into it (creating VolumeSnapshot ollama/late)" });
    expect(refused.details).toMatchObject({ reason: "namespace_terminating", namespace: "ollama" });
    expect(audited("SnapshotCreated", "late")).toMatchObject({ outcome: "failure" });
  });

  it("shows the error the snapshot controller wrote in the status", async () => {
    await start();
    await world.setFaults({ snapshotController: "error" });
    const created = await createSnapshot(target, operator, { name: "doomed" });
    const failed = await waitFor(created.name, (s) => s.error !== undefined);
    expect(failed.error?.message).toMatch(/storage backend unavailable/);
    expect(snapshotState(failed, Date.now()).kind).toBe("error");
  });

  it("suspects the snapshot controller when a snapshot gets no status for a minute", async () => {
    await start();
    await world.setFaults({ snapshotController: "stalled" });
    const created = await createSnapshot(target, operator, { name: "ignored" });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const s = await snapshotNamed(created.name);
    expect(s).toMatchObject({ controllerActed: false, ready: undefined });
    expect(snapshotState(s as SnapshotSummary, Date.now()).kind).toBe("pending");
    expect(snapshotState(s as SnapshotSummary, Date.parse(s?.createdAt ?? "") + 61_000)).toMatchObject({
      kind: "stalled",
      detail: "the snapshot controller has not acted on this snapshot after 1m 1s; is it running?",
    });
  });
});
