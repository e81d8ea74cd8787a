// snapshot-controller + CSI sidecar stand-in: binds VolumeSnapshots to contents, readies them, cleans up on delete.
import { recordEvent } from "../events.ts";
import { writtenBy } from "../managed-fields.ts";
import { getPath, getString, isRecord, timestamp } from "../json.ts";
import { parseQuantity, formatQuantity } from "../quantity.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const GROUP_VERSION = "snapshot.storage.k8s.io/v1";
const SNAPSHOT_FINALIZERS = ["snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection", "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection"];
const CONTENT_FINALIZER = "snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection";
const DEFAULT_CLASS = "snapshot.storage.kubernetes.io/is-default-class";
// The writers, as the real binaries' clients name themselves: snapshot-controller binds and finalizes snapshots and
// creates their contents, the CSI driver's csi-snapshotter sidecar reports on the contents.
const SNAPSHOT_CONTROLLER = { manager: "snapshot-controller" };
const SNAPSHOT_CONTROLLER_STATUS = { manager: "snapshot-controller", subresource: "status" };
const CSI_SNAPSHOTTER_STATUS = { manager: "csi-snapshotter", subresource: "status" };

interface ContentFacts {
  name: string;
  handle: string;
  restoreBytes: number;
  created: string;
  ready: boolean;
}

type Resolved<T> = { ok: T } | { error: string };

function unixNanos(iso: string): number {
  return Date.parse(iso) * 1_000_000;
}

/** The snapshot controller; onReset also serves as "resync everything" after a mode change. */
export function snapshotController(ctx: ControllerContext): Controller {
  const { store, settings, timers } = ctx;
  const readying = new Set<string>();

  function resolveClass(vs: KubeObject): Resolved<KubeObject> {
    const named = getString(vs, "spec.volumeSnapshotClassName");
    if (named) {
      const cls = store.get("VolumeSnapshotClass", undefined, named);
      return cls ? { ok: cls } : { error: `Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io "${named}" not found` };
    }
    const defaults = store.list("VolumeSnapshotClass").filter((c) => c.metadata.annotations?.[DEFAULT_CLASS] === "true");
    if (defaults.length === 1 && defaults[0]) return { ok: defaults[0] };
    const why = defaults.length === 0 ? "cannot find default snapshot class" : `${defaults.length} default snapshot classes were found`;
    return { error: `Failed to set default snapshot class with error ${why}` };
  }

  function resolvePvc(vs: KubeObject): Resolved<KubeObject> {
    const claim = getString(vs, "spec.source.persistentVolumeClaimName") ?? "";
    const pvc = store.get("PersistentVolumeClaim", vs.metadata.namespace, claim);
    if (!pvc) {
      return { error: `Failed to create snapshot content with error failed to get input parameters to create snapshot ${vs.metadata.name}: "failed to retrieve PVC ${claim} from the lister: \\"persistentvolumeclaim \\\\\\"${claim}\\\\\\" not found\\""` };
    }
    if (getString(pvc, "status.phase") !== "Bound") return { error: `Failed to create snapshot content with error the PVC ${claim} is not yet bound to a PV, will not attempt to take a snapshot` };
    return { ok: pvc };
  }

  function setStatus(vs: KubeObject, status: Record<string, unknown>): KubeObject {
    return store.replace(writtenBy(SNAPSHOT_CONTROLLER_STATUS, vs, { ...vs, status }));
  }

  function fail(vs: KubeObject, message: string, reason: string): void {
    const failed = setStatus(vs, { ...(isRecord(vs.status) ? vs.status : {}), error: { time: timestamp(), message }, readyToUse: false });
    recordEvent(store, failed, { type: "Warning", reason, message, component: "snapshot-controller" });
  }

  function createContent(vs: KubeObject, cls: KubeObject, facts: ContentFacts): KubeObject {
    return store.create(writtenBy(SNAPSHOT_CONTROLLER, undefined, {
      apiVersion: GROUP_VERSION,
      kind: "VolumeSnapshotContent",
      metadata: { name: facts.name, finalizers: [CONTENT_FINALIZER] },
      spec: {
        deletionPolicy: getString(cls, "deletionPolicy") ?? "Delete",
        driver: getString(cls, "driver") ?? "",
        source: { volumeHandle: facts.handle },
        sourceVolumeMode: "Filesystem",
        volumeSnapshotClassName: cls.metadata.name,
        volumeSnapshotRef: { apiVersion: GROUP_VERSION, kind: "VolumeSnapshot", name: vs.metadata.name, namespace: vs.metadata.namespace, resourceVersion: vs.metadata.resourceVersion, uid: vs.metadata.uid },
      },
      status: { creationTime: unixNanos(facts.created), readyToUse: facts.ready, restoreSize: facts.restoreBytes, snapshotHandle: `snapshot-${vs.metadata.uid}` },
    }));
  }

  function bind(vs: KubeObject): void {
    const cls = resolveClass(vs);
    if ("error" in cls) return fail(vs, cls.error, "SetDefaultSnapshotClassFailed");
    const pvc = resolvePvc(vs);
    if ("error" in pvc) return fail(vs, pvc.error, "SnapshotContentCreationFailed");
    const ref = `${vs.metadata.namespace}/${vs.metadata.name}`;
    const finalizers = [...new Set([...(vs.metadata.finalizers ?? []), ...SNAPSHOT_FINALIZERS])];
    const pinned = store.replace(writtenBy(SNAPSHOT_CONTROLLER, vs, { ...vs, metadata: { ...vs.metadata, finalizers }, spec: { ...(vs.spec as object), volumeSnapshotClassName: cls.ok.metadata.name } }));
    const bytes = parseQuantity(getPath(pvc.ok, "status.capacity.storage")) ?? 0;
    const created = timestamp();
    const handle = getString(pvc.ok, "spec.volumeName") ?? `pvc-${pvc.ok.metadata.uid}`;
    const content = createContent(pinned, cls.ok, { name: `snapcontent-${vs.metadata.uid}`, handle, restoreBytes: bytes, created, ready: false });
    recordEvent(store, pinned, { type: "Normal", reason: "CreatingSnapshot", message: `Waiting for a snapshot ${ref} to be created by the CSI driver.`, component: "snapshot-controller" });
    if (settings.snapshotController === "error") {
      store.replace(writtenBy(CSI_SNAPSHOTTER_STATUS, content, { ...content, status: { ...(content.status as object), error: { time: unixNanos(created), message: settings.snapshotErrorMessage } } }));
      return fail(setStatus(pinned, { boundVolumeSnapshotContentName: content.metadata.name }), settings.snapshotErrorMessage, "SnapshotCreationFailed");
    }
    const bound = setStatus(pinned, { boundVolumeSnapshotContentName: content.metadata.name, creationTime: created, readyToUse: false, restoreSize: formatQuantity(bytes) });
    recordEvent(store, bound, { type: "Normal", reason: "SnapshotCreated", message: `Snapshot ${ref} was successfully created by the CSI driver.`, component: "snapshot-controller" });
    scheduleReady(bound);
  }

  function scheduleReady(vs: KubeObject): void {
    const uid = vs.metadata.uid ?? "";
    if (readying.has(uid)) return;
    readying.add(uid);
    timers.after(settings.snapshotReadyAfterMs, () => {
      readying.delete(uid);
      const current = store.get("VolumeSnapshot", vs.metadata.namespace, vs.metadata.name);
      if (!current || current.metadata.uid !== uid || current.metadata.deletionTimestamp || settings.snapshotController !== "normal") return;
      const contentName = getString(current, "status.boundVolumeSnapshotContentName") ?? "";
      const content = store.get("VolumeSnapshotContent", undefined, contentName);
      if (content) store.replace(writtenBy(CSI_SNAPSHOTTER_STATUS, content, { ...content, status: { ...(content.status as object), readyToUse: true } }));
      const ready = setStatus(current, { ...(current.status as object), readyToUse: true });
      recordEvent(store, ready, { type: "Normal", reason: "SnapshotReady", message: `Snapshot ${vs.metadata.namespace}/${vs.metadata.name} is ready to use.`, component: "snapshot-controller" });
    });
  }

  /** A ready snapshot from a scenario may come without its content object: make one. */
  function ensureContent(vs: KubeObject): void {
    const name = getString(vs, "status.boundVolumeSnapshotContentName");
    if (!name || store.get("VolumeSnapshotContent", undefined, name)) return;
    const cls = store.get("VolumeSnapshotClass", undefined, getString(vs, "spec.volumeSnapshotClassName") ?? "") ?? { apiVersion: GROUP_VERSION, kind: "VolumeSnapshotClass", metadata: { name: "" } };
    const created = getString(vs, "status.creationTime") ?? vs.metadata.creationTimestamp ?? timestamp();
    const handle = `pvc-${getString(vs, "spec.source.persistentVolumeClaimName") ?? ""}`;
    createContent(vs, cls, { name, handle, restoreBytes: parseQuantity(getPath(vs, "status.restoreSize")) ?? 0, created, ready: true });
  }

  function finalize(vs: KubeObject): void {
    const contentName = getString(vs, "status.boundVolumeSnapshotContentName");
    const content = contentName ? store.get("VolumeSnapshotContent", undefined, contentName) : undefined;
    if (content && getString(content, "spec.deletionPolicy") === "Delete") store.remove("VolumeSnapshotContent", undefined, content.metadata.name);
    const finalizers = (vs.metadata.finalizers ?? []).filter((f) => !SNAPSHOT_FINALIZERS.includes(f));
    store.replace(writtenBy(SNAPSHOT_CONTROLLER, vs, { ...vs, metadata: { ...vs.metadata, finalizers } }));
  }

  function process(namespace: string | undefined, name: string): void {
    const vs = store.get("VolumeSnapshot", namespace, name);
    if (!vs || !settings.snapshotApi || settings.snapshotController === "stalled") return;
    if (vs.metadata.deletionTimestamp) return finalize(vs);
    const status = isRecord(vs.status) ? vs.status : undefined;
    if (!status) return bind(vs);
    if (status.error) return;
    if (status.readyToUse === true) return ensureContent(vs);
    if (settings.snapshotController === "normal") scheduleReady(vs);
  }

  return {
    onEvent(event: StoreEvent) {
      if (event.def.kind !== "VolumeSnapshot" || event.type === "DELETED") return;
      const started = event.type === "ADDED" || (event.object.metadata.deletionTimestamp && !event.old?.metadata.deletionTimestamp);
      if (started) timers.after(event.type === "ADDED" ? settings.snapshotStatusAfterMs : 0, () => process(event.object.metadata.namespace, event.object.metadata.name));
    },
    onReset() {
      readying.clear();
      for (const vs of store.list("VolumeSnapshot")) process(vs.metadata.namespace, vs.metadata.name);
    },
  };
}
