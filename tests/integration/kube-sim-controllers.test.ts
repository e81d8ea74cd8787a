// The simulated controllers: snapshot lifecycle and its fault modes, PVC provisioning, restore and protection, Deployment pods.
import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../sim/kube/index.ts";
import { api, startKubeSim, until, type KubeFixture } from "./kube-sim-fixture.ts";

const SNAPS = "/apis/snapshot.storage.k8s.io/v1/namespaces/ollama/volumesnapshots";
const PVCS = "/api/v1/namespaces/ollama/persistentvolumeclaims";

let f: KubeFixture;
afterEach(() => f.close());

function snapshot(name: string, spec: Record<string, unknown> = { source: { persistentVolumeClaimName: "ollama-models" } }): unknown {
  return { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name }, spec };
}

function restorePvc(name: string, storage: string, storageClassName = "csi-local", from = "ollama-models-before-upgrade"): unknown {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage } }, dataSource: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: from } },
  };
}

const statusOf = (kind: string, name: string, namespace: string | undefined = "ollama") => f.sim.store.get(kind, namespace, name)?.status as Record<string, unknown> | undefined;

function eventsFor(name: string): string[] {
  return f.sim.store.list("Event", "ollama").filter((e) => (e.involvedObject as { name: string }).name === name).map((e) => `${String(e.type)} ${String(e.reason)}`);
}

describe("snapshot controller", () => {
  it("uses the default class, reports readyToUse false with a bound content, then true", async () => {
    f = await startKubeSim({ snapshotReadyAfterMs: 400 });
    await api(f, SNAPS, { method: "POST", body: snapshot("nightly") });
    await until(() => statusOf("VolumeSnapshot", "nightly") !== undefined);
    const vs = f.sim.store.get("VolumeSnapshot", "ollama", "nightly") as KubeObject;
    expect(vs.status).toMatchObject({ readyToUse: false, restoreSize: "100Gi", boundVolumeSnapshotContentName: `snapcontent-${vs.metadata.uid}`, creationTime: expect.stringMatching(/Z$/) as unknown });
    expect(vs.metadata.finalizers).toEqual(["snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection", "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection"]);
    const content = f.sim.store.get("VolumeSnapshotContent", undefined, `snapcontent-${vs.metadata.uid}`) as KubeObject;
    expect(content.spec).toMatchObject({ deletionPolicy: "Delete", driver: "local.csi.example.com", volumeSnapshotClassName: "csi-snapclass", volumeSnapshotRef: { name: "nightly", namespace: "ollama", uid: vs.metadata.uid } });
    expect(content.status).toMatchObject({ restoreSize: 107374182400, readyToUse: false, creationTime: Date.parse(String((vs.status as { creationTime: string }).creationTime)) * 1e6 });
    await until(() => statusOf("VolumeSnapshot", "nightly")?.readyToUse === true);
    expect(eventsFor("nightly")).toEqual(["Normal CreatingSnapshot", "Normal SnapshotCreated", "Normal SnapshotReady"]);
  });

  it("reports an error when no class is named and none is the default", async () => {
    f = await startKubeSim();
    f.sim.patch("VolumeSnapshotClass", undefined, "csi-snapclass", { metadata: { annotations: null } });
    await api(f, SNAPS, { method: "POST", body: snapshot("orphan") });
    await until(() => statusOf("VolumeSnapshot", "orphan") !== undefined);
    expect(statusOf("VolumeSnapshot", "orphan")).toEqual({
      error: { time: expect.stringMatching(/Z$/) as unknown, message: "Failed to set default snapshot class with error cannot find default snapshot class" },
      readyToUse: false,
    });
  });

  it("stalled: no status ever appears until the controller runs again", async () => {
    f = await startKubeSim();
    f.sim.setSnapshotController("stalled");
    await api(f, SNAPS, { method: "POST", body: snapshot("stuck") });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(statusOf("VolumeSnapshot", "stuck")).toBeUndefined();
    f.sim.setSnapshotController("normal");
    await until(() => statusOf("VolumeSnapshot", "stuck")?.readyToUse === true);
  });

  it("error: status.error carries the configured message and readyToUse stays false", async () => {
    f = await startKubeSim();
    f.sim.setSnapshotController("error", "Failed to create snapshot: rpc error: code = Internal desc = out of quota");
    await api(f, SNAPS, { method: "POST", body: snapshot("broken") });
    await until(() => statusOf("VolumeSnapshot", "broken")?.error !== undefined);
    expect(statusOf("VolumeSnapshot", "broken")).toMatchObject({ readyToUse: false, error: { message: "Failed to create snapshot: rpc error: code = Internal desc = out of quota" } });
    expect(eventsFor("broken")).toContain("Warning SnapshotCreationFailed");
  });
});

describe("PVC provisioner", () => {
  it("binds a plain PVC of the default class and a restore from a ready snapshot with the requested capacity", async () => {
    f = await startKubeSim();
    const plain = await api(f, PVCS, { method: "POST", body: { metadata: { name: "scratch" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } });
    expect(plain.body.status).toEqual({ phase: "Pending" });
    expect(plain.body.spec).toMatchObject({ storageClassName: "csi-local" });
    await api(f, PVCS, { method: "POST", body: restorePvc("ollama-models-restore", "120Gi") });
    await until(() => statusOf("PersistentVolumeClaim", "ollama-models-restore")?.phase === "Bound" && statusOf("PersistentVolumeClaim", "scratch")?.phase === "Bound");
    expect(statusOf("PersistentVolumeClaim", "ollama-models-restore")).toEqual({ phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "120Gi" } });
    expect(eventsFor("ollama-models-restore")).toEqual(["Normal ExternalProvisioning", "Normal Provisioning", "Normal ProvisioningSucceeded"]);
  });

  it("binds a WaitForFirstConsumer restore only once a Pod using it is scheduled, and binds the Pod after it", async () => {
    f = await startKubeSim();
    await api(f, PVCS, { method: "POST", body: restorePvc("later", "120Gi", "local-path") });
    await until(() => eventsFor("later").includes("Normal WaitForFirstConsumer"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statusOf("PersistentVolumeClaim", "later")).toEqual({ phase: "Pending" });
    const pod = { metadata: { name: "consumer" }, spec: { containers: [{ name: "c", image: "busybox" }], volumes: [{ name: "v", persistentVolumeClaim: { claimName: "later" } }] } };
    await api(f, "/api/v1/namespaces/ollama/pods", { method: "POST", body: pod });
    await until(() => f.sim.store.get("PersistentVolumeClaim", "ollama", "later")?.metadata.annotations?.["volume.kubernetes.io/selected-node"] === "gpu-node-1");
    // The scheduler binds the pod only after the claim: never before.
    const nodeWhileUnbound = (f.sim.store.get("Pod", "ollama", "consumer")?.spec as { nodeName?: string }).nodeName;
    if (statusOf("PersistentVolumeClaim", "later")?.phase !== "Bound") expect(nodeWhileUnbound).toBeUndefined();
    await until(() => statusOf("PersistentVolumeClaim", "later")?.phase === "Bound" && (f.sim.store.get("Pod", "ollama", "consumer")?.spec as { nodeName?: string }).nodeName === "gpu-node-1");
    expect(eventsFor("later")).toEqual(["Normal WaitForFirstConsumer", "Normal ExternalProvisioning", "Normal Provisioning", "Normal ProvisioningSucceeded"]);
  });

  it("keeps a restore smaller than the snapshot Pending with a ProvisioningFailed warning", async () => {
    f = await startKubeSim();
    await api(f, PVCS, { method: "POST", body: restorePvc("too-small", "10Gi") });
    await until(() => eventsFor("too-small").includes("Warning ProvisioningFailed"));
    expect(statusOf("PersistentVolumeClaim", "too-small")).toEqual({ phase: "Pending" });
    const warning = f.sim.store.list("Event", "ollama").find((e) => e.reason === "ProvisioningFailed");
    expect(warning?.message).toBe('failed to provision volume with StorageClass "csi-local": requested volume size 10737418240 is less than the size 107374182400 for the source snapshot ollama-models-before-upgrade');
  });
});

describe("deployment controller and kubelet", () => {
  it("replaces a deleted pod, starts it with kubelet events and keeps the counters true", async () => {
    f = await startKubeSim();
    // The controller has seen the loaded rollout complete before the pod goes (else it never was, for it too).
    await until(() => (statusOf("Deployment", "ollama")?.conditions as { reason?: string }[] | undefined)?.some((c) => c.reason === "NewReplicaSetAvailable") === true);
    const statuses: unknown[] = [];
    f.sim.store.subscribe((e) => e.def.kind === "Deployment" && statuses.push(e.object.status));
    f.sim.delete("Pod", "ollama", "ollama-5d8f7c9b4-x2k4q");
    await until(() => f.sim.store.list("Pod", "ollama").length === 2);
    await until(() => statusOf("Deployment", "ollama")?.readyReplicas === 1 && f.sim.store.list("Pod", "ollama").length === 1);
    // While the replacement starts, zero counters are absent (omitempty), not 0. Whether the ReplicaSet's status has
    // counted the replacement yet (it counts the pods it saw before making it) depends on timing, as on a real cluster.
    expect(statuses[0]).toMatchObject({ observedGeneration: 1, unavailableReplicas: 1 });
    expect(statuses[0]).not.toHaveProperty("readyReplicas");
    expect(statuses[0]).not.toHaveProperty("availableReplicas");
    for (const status of statuses) expect(Object.values(status as object)).not.toContain(0);
    const pods = f.sim.store.list("Pod", "ollama");
    expect(pods).toHaveLength(1);
    const pod = pods[0] as KubeObject;
    expect(pod.metadata.labels).toEqual({ "app.kubernetes.io/name": "ollama", "pod-template-hash": "5d8f7c9b4" });
    expect(pod.spec).toMatchObject({ nodeName: "gpu-node-1", containers: [{ name: "ollama", image: "ollama/ollama:0.12.6" }] });
    expect(pod.status).toMatchObject({ phase: "Running", containerStatuses: [{ name: "ollama", ready: true, restartCount: 0, state: { running: {} } }] });
    expect(eventsFor(pod.metadata.name)).toEqual(["Normal Scheduled", "Normal Pulled", "Normal Created", "Normal Started"]);
    // As kube-controller-manager: the finished rollout's Progressing is left alone; Available, False then True again, moves last.
    expect(statusOf("Deployment", "ollama")).toMatchObject({ availableReplicas: 1, conditions: [{ type: "Progressing", reason: "NewReplicaSetAvailable" }, { type: "Available", status: "True" }] });
    expect(statusOf("Deployment", "ollama")).not.toHaveProperty("unavailableReplicas");
  });

  it("leaves a replacement Pending and Unschedulable when no node fits", async () => {
    f = await startKubeSim();
    f.sim.patch("Node", undefined, "gpu-node-1", { spec: { unschedulable: true } });
    f.sim.delete("Pod", "ollama", "ollama-5d8f7c9b4-x2k4q", { gracePeriodSeconds: 0 });
    await until(() => f.sim.store.list("Event", "ollama").some((e) => e.reason === "FailedScheduling"));
    const pod = f.sim.store.list("Pod", "ollama")[0] as KubeObject;
    expect(pod.status).toMatchObject({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: expect.stringMatching(/^0\/1 nodes are available/) as unknown }] });
  });
});

describe("persistent volume controller resync", () => {
  it("says again on every resync why a claim stays Pending, counted, until the recorder's spam filter holds it back", async () => {
    // kube-controller-manager resyncs every 15 s (measured on the real tier: 7 ProvisioningFailed in 83 s); here every 20 ms.
    f = await startKubeSim({ pvcResyncMs: 20 });
    const claim = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "classless" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "missing-class", resources: { requests: { storage: "1Gi" } } } };
    await api(f, PVCS, { method: "POST", body: claim });
    const failed = () => f.sim.store.list("Event", "ollama").filter((e) => (e.involvedObject as { name: string }).name === "classless");
    await until(() => (failed()[0]?.count as number | undefined) === 25);
    // One Event, its count at the filter's burst: 25 from this source about this claim, then one per 5 minutes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failed().map((e) => [e.reason, e.count, e.message])).toEqual([["ProvisioningFailed", 25, 'storageclass.storage.k8s.io "missing-class" not found']]);
  });
});

describe("deployment controller rollouts", () => {
  it("takes a loaded Deployment's pods into a ReplicaSet of their hash and uid, with nothing rolled out", async () => {
    f = await startKubeSim();
    const statuses: unknown[] = [];
    f.sim.store.subscribe((e) => e.def.kind === "Deployment" && statuses.push(e.object.status));
    const pod = f.sim.store.list("Pod", "ollama")[0] as KubeObject;
    const hash = pod.metadata.labels?.["pod-template-hash"] ?? "";
    await until(() => f.sim.store.get("ReplicaSet", "ollama", `ollama-${hash}`) !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rs = f.sim.store.get("ReplicaSet", "ollama", `ollama-${hash}`) as KubeObject;
    expect(rs.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
    if (pod.metadata.ownerReferences?.[0]?.uid) expect(rs.metadata.uid).toBe(pod.metadata.ownerReferences[0].uid);
    for (const status of statuses) expect(status).toMatchObject({ availableReplicas: 1, conditions: [{ type: "Available", status: "True" }, { type: "Progressing", reason: "NewReplicaSetAvailable" }] });
    expect(statusOf("Deployment", "ollama")).toMatchObject({ availableReplicas: 1, conditions: [{ type: "Available", status: "True" }, { type: "Progressing", reason: "NewReplicaSetAvailable" }] });
    expect(f.sim.store.list("Event", "ollama").map((e) => e.reason)).not.toContain("ScalingReplicaSet");
  });

  it("Recreate scales the old ReplicaSet to 0 before the new one gets pods, and keeps revisionHistoryLimit old ones", async () => {
    f = await startKubeSim();
    const deploy = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "rc", namespace: "ollama" },
      spec: { replicas: 2, revisionHistoryLimit: 1, strategy: { type: "Recreate" }, selector: { matchLabels: { app: "rc" } }, template: { metadata: { labels: { app: "rc" } }, spec: { containers: [{ name: "c", image: "busybox:1.35" }] } } },
    };
    expect((await api(f, "/apis/apps/v1/namespaces/ollama/deployments", { method: "POST", body: deploy })).status).toBe(201);
    const sets = () => f.sim.store.list("ReplicaSet", "ollama").filter((rs) => rs.metadata.name.startsWith("rc-"));
    const rolledOut = (revision: string) => () => {
      const d = f.sim.store.get("Deployment", "ollama", "rc");
      const status = d?.status as { availableReplicas?: number; updatedReplicas?: number; replicas?: number } | undefined;
      return d?.metadata.annotations?.["deployment.kubernetes.io/revision"] === revision && status?.availableReplicas === 2 && status.updatedReplicas === 2 && status.replicas === 2;
    };
    await until(rolledOut("1"), 10_000);
    // Never pods of two templates at once (old ones still terminating count).
    let mixed = false;
    f.sim.store.subscribe((e) => {
      if (e.def.kind !== "Pod") return;
      const hashes = new Set(f.sim.store.list("Pod", "ollama").filter((p) => p.metadata.labels?.app === "rc").map((p) => p.metadata.labels?.["pod-template-hash"]));
      if (hashes.size > 1) mixed = true;
    });
    for (const [image, revision] of [["busybox:1.36", "2"], ["busybox:1.37", "3"]] as const) {
      expect((await f.kubectl("set", "image", "deployment/rc", `c=${image}`, "-n", "ollama")).code).toBe(0);
      await until(rolledOut(revision), 15_000);
    }
    expect(mixed).toBe(false);
    await until(() => sets().length === 2, 5_000);
    const byRevision = sets().map((rs) => [rs.metadata.annotations?.["deployment.kubernetes.io/revision"], (rs.spec as { replicas?: number }).replicas]);
    expect(byRevision.sort()).toEqual([["2", 0], ["3", 2]]);
  }, 40_000);
});

describe("pvc-protection controller", () => {
  it("keeps a deleted claim while a pod that has not finished uses it, then lets it go", async () => {
    f = await startKubeSim();
    // The scenario's claim carries the admission plugin's finalizer, as if created through the API.
    expect(f.sim.store.get("PersistentVolumeClaim", "ollama", "ollama-models")?.metadata.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
    const user = { apiVersion: "v1", kind: "Pod", metadata: { name: "user" }, spec: { containers: [{ name: "c", image: "busybox" }], volumes: [{ name: "m", persistentVolumeClaim: { claimName: "ollama-models" } }] } };
    expect((await api(f, "/api/v1/namespaces/ollama/pods", { method: "POST", body: user })).status).toBe(201);
    expect((await api(f, `${PVCS}/ollama-models`, { method: "DELETE" })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(f.sim.store.get("PersistentVolumeClaim", "ollama", "ollama-models")?.metadata.deletionTimestamp).toBeDefined();
    f.sim.store.remove("Pod", "ollama", "user");
    await until(() => f.sim.store.get("PersistentVolumeClaim", "ollama", "ollama-models") === undefined);
  });
});
