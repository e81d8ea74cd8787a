// Test-support controller (never in the image): plays the CSI snapshotter and provisioner of the real test cluster.
// A new VolumeSnapshot gets a VolumeSnapshotContent and, after `readyAfterMs`, status readyToUse + restoreSize (the
// source PVC's capacity); in "error" mode status.error instead, in "stalled" mode nothing. A PVC restored from a ready
// snapshot (spec.dataSource) gets a pre-bound PV, and the real PV binder binds the two. A bound snapshot carries
// snapshot-controller's finalizers until it is deleted and its content (under a Delete policy) with it. It writes as
// the binaries it stands in for name themselves (`snapshot-controller`, `csi-provisioner`), so their managedFields are
// theirs.
import { kubeCall, kubeRequest, type KubeConn } from "./kubeapi.ts";

export type SnapshotterMode = "normal" | "stalled" | "error";

export interface SnapshotterSettings {
  readyAfterSeconds?: number;
  controller?: SnapshotterMode;
  errorMessage?: string;
}

export interface Snapshotter {
  set(settings: SnapshotterSettings & { readyAfterMs?: number }): void;
  /** Snapshots created by the scenario as already taken: ready at once with this restoreSize. */
  preset(key: string, restoreSize?: string): void;
  stop(): Promise<void>;
}

interface Snap {
  metadata: { name: string; namespace: string; uid: string; creationTimestamp: string; deletionTimestamp?: string; finalizers?: string[] };
  spec: { source: { persistentVolumeClaimName?: string; volumeSnapshotContentName?: string }; volumeSnapshotClassName?: string };
  status?: { readyToUse?: boolean; error?: unknown; boundVolumeSnapshotContentName?: string };
}

interface Pvc {
  metadata: { name: string; namespace: string; uid: string };
  spec: { volumeName?: string; storageClassName?: string; accessModes?: string[]; resources?: { requests?: { storage?: string } }; dataSource?: { kind?: string; name?: string; apiGroup?: string } };
  status?: { phase?: string; capacity?: { storage?: string } };
}

const SNAP_API = "/apis/snapshot.storage.k8s.io/v1";

// The finalizers snapshot-controller keeps on a bound snapshot until it has dealt with its content.
const SNAPSHOT_FINALIZERS = ["snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection", "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection"];

export function startSnapshotter(base: KubeConn, initial: SnapshotterSettings = {}): Snapshotter {
  // Each write under the name of the binary it stands in for, as their clients name themselves (the field manager).
  const conn: KubeConn = { ...base, userAgent: "snapshot-controller/v8.4.0" };
  const provisioner: KubeConn = { ...base, userAgent: "csi-provisioner/v5.3.0" };
  let mode: SnapshotterMode = initial.controller ?? "normal";
  let readyAfterMs = (initial.readyAfterSeconds ?? 4) * 1000;
  let errorMessage = initial.errorMessage ?? "Failed to create snapshot: rpc error: code = Internal desc = backend unavailable";
  const presets = new Map<string, string | undefined>();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function classes(): Promise<Map<string, { driver: string; deletionPolicy: string; isDefault: boolean }>> {
    const res = await kubeRequest<{ items?: { metadata: { name: string; annotations?: Record<string, string> }; driver: string; deletionPolicy: string }[] }>(conn, "GET", `${SNAP_API}/volumesnapshotclasses`);
    return new Map(
      (res.body.items ?? []).map((c) => [c.metadata.name, { driver: c.driver, deletionPolicy: c.deletionPolicy, isDefault: c.metadata.annotations?.["snapshot.storage.kubernetes.io/is-default-class"] === "true" }]),
    );
  }

  async function pass(): Promise<void> {
    const snaps = await kubeRequest<{ items?: Snap[] }>(conn, "GET", `${SNAP_API}/volumesnapshots`);
    if (snaps.status !== 200) return; // API down or CRDs absent: try again next round
    const pvcs = (await kubeCall<{ items: Pvc[] }>(conn, "GET", "/api/v1/persistentvolumeclaims")).body.items;
    const pvcOf = (ns: string, name?: string) => pvcs.find((p) => p.metadata.namespace === ns && p.metadata.name === name);
    const cls = await classes();
    for (const s of snaps.body.items ?? []) {
      if (s.metadata.deletionTimestamp) {
        await finalize(s);
        continue;
      }
      if (s.status?.readyToUse === true || s.status?.error) continue;
      const key = `${s.metadata.namespace}/${s.metadata.name}`;
      const preset = presets.has(key);
      if (!preset) {
        if (mode === "stalled") continue;
        if (mode === "error") {
          await patchStatus(s, { readyToUse: false, error: { message: errorMessage, time: new Date().toISOString() } });
          continue;
        }
        if (Date.now() - Date.parse(s.metadata.creationTimestamp) < readyAfterMs) continue;
      }
      const source = pvcOf(s.metadata.namespace, s.spec.source.persistentVolumeClaimName);
      const className = s.spec.volumeSnapshotClassName ?? [...cls].find(([, c]) => c.isDefault)?.[0];
      const klass = className ? cls.get(className) : undefined;
      if (!klass) {
        await patchStatus(s, { readyToUse: false, error: { message: `Failed to get snapshot class with error: volumesnapshotclass "${className ?? ""}" not found`, time: new Date().toISOString() } });
        continue;
      }
      if (!source?.spec.volumeName) continue; // the source PVC is not bound yet: a real snapshotter waits too
      const content = `snapcontent-${s.metadata.uid}`;
      const finalizers = s.metadata.finalizers ?? [];
      if (!SNAPSHOT_FINALIZERS.every((f) => finalizers.includes(f))) {
        await kubeRequest(conn, "PATCH", `${SNAP_API}/namespaces/${s.metadata.namespace}/volumesnapshots/${s.metadata.name}`, { metadata: { finalizers: [...new Set([...finalizers, ...SNAPSHOT_FINALIZERS])] } }, "application/merge-patch+json");
      }
      await kubeCall(
        conn,
        "POST",
        `${SNAP_API}/volumesnapshotcontents`,
        {
          apiVersion: "snapshot.storage.k8s.io/v1",
          kind: "VolumeSnapshotContent",
          metadata: { name: content },
          spec: {
            volumeSnapshotRef: { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", name: s.metadata.name, namespace: s.metadata.namespace, uid: s.metadata.uid },
            source: { volumeHandle: source.spec.volumeName },
            driver: klass.driver,
            deletionPolicy: klass.deletionPolicy,
            volumeSnapshotClassName: className,
          },
        },
        undefined,
        [409],
      );
      const restoreSize = presets.get(key) ?? source.status?.capacity?.storage ?? source.spec.resources?.requests?.storage;
      await patchStatus(s, { boundVolumeSnapshotContentName: content, creationTime: new Date().toISOString(), readyToUse: true, restoreSize });
    }
    // Restores: a PVC whose dataSource is a ready VolumeSnapshot gets a PV pre-bound to it (the real binder finishes).
    for (const p of pvcs) {
      if (p.status?.phase !== "Pending" || p.spec.volumeName || p.spec.dataSource?.kind !== "VolumeSnapshot") continue;
      const snap = (snaps.body.items ?? []).find((s) => s.metadata.namespace === p.metadata.namespace && s.metadata.name === p.spec.dataSource?.name);
      if (snap?.status?.readyToUse !== true) continue;
      const klass = snap.spec.volumeSnapshotClassName ? cls.get(snap.spec.volumeSnapshotClassName) : undefined;
      const name = `pvc-${p.metadata.uid}`;
      await kubeCall(
        provisioner,
        "POST",
        "/api/v1/persistentvolumes",
        {
          apiVersion: "v1",
          kind: "PersistentVolume",
          metadata: { name, annotations: { "pv.kubernetes.io/provisioned-by": klass?.driver ?? "driver.longhorn.io" } },
          spec: {
            capacity: { storage: p.spec.resources?.requests?.storage ?? "1Gi" },
            accessModes: p.spec.accessModes ?? ["ReadWriteOnce"],
            persistentVolumeReclaimPolicy: "Delete",
            ...(p.spec.storageClassName ? { storageClassName: p.spec.storageClassName } : {}),
            claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
            csi: { driver: klass?.driver ?? "driver.longhorn.io", volumeHandle: name },
          },
        },
        undefined,
        [409],
      );
    }
  }

  /** A deleted snapshot: its content goes when its policy says Delete, then its finalizers. */
  async function finalize(s: Snap): Promise<void> {
    const finalizers = s.metadata.finalizers ?? [];
    if (!finalizers.some((f) => SNAPSHOT_FINALIZERS.includes(f))) return;
    const content = s.status?.boundVolumeSnapshotContentName;
    if (content) {
      const found = await kubeRequest<{ spec?: { deletionPolicy?: string } }>(conn, "GET", `${SNAP_API}/volumesnapshotcontents/${content}`);
      if (found.status === 200 && found.body.spec?.deletionPolicy === "Delete") await kubeRequest(conn, "DELETE", `${SNAP_API}/volumesnapshotcontents/${content}`);
    }
    await kubeRequest(conn, "PATCH", `${SNAP_API}/namespaces/${s.metadata.namespace}/volumesnapshots/${s.metadata.name}`, { metadata: { finalizers: finalizers.filter((f) => !SNAPSHOT_FINALIZERS.includes(f)) } }, "application/merge-patch+json");
  }

  async function patchStatus(s: Snap, status: Record<string, unknown>): Promise<void> {
    await kubeRequest(conn, "PATCH", `${SNAP_API}/namespaces/${s.metadata.namespace}/volumesnapshots/${s.metadata.name}/status`, { status }, "application/merge-patch+json");
  }

  const loop = async () => {
    while (!stopped) {
      running = pass().catch(() => {});
      await running;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  void loop();

  return {
    set(settings) {
      if (settings.controller) mode = settings.controller;
      if (settings.readyAfterSeconds !== undefined) readyAfterMs = settings.readyAfterSeconds * 1000;
      if (settings.readyAfterMs !== undefined) readyAfterMs = settings.readyAfterMs;
      if (settings.errorMessage) errorMessage = settings.errorMessage;
    },
    preset(key, restoreSize) {
      presets.set(key, restoreSize);
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
