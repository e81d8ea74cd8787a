// The managedFields a scenario's objects are loaded with: each object's as the writes that made it on a real cluster
// left them. The real tier (tools/realstack/scenario.ts) creates what people create through a client that names no
// user agent (`unknown`); kube-controller-manager makes ReplicaSets, their Pods, EndpointSlices, the `default`
// ServiceAccount and `kube-root-ca.crt`, binds claims and writes the workloads' statuses; the binding (which records
// no fields) places a Pod and the kubelet (KWOK's client, `kwok`) reports on it and on its Node; snapshot-controller and
// the CSI sidecars handle snapshots; each Event is its recorder's. An object is replayed as those writes: the creator's
// over the decoded object (so what admission added is nobody's, as real), then each later writer's over the state
// before it, undone from the loaded object.
import { eventManager } from "./events.ts";
import { isSeriesEvent, seriesEventEntry } from "./event-series.ts";
import { isRecord, recordOf } from "./json.ts";
import { CONTROLLER_MANAGER, CONTROLLER_MANAGER_STATUS, type FieldWriter, KUBELET_STATUS, recordWrite } from "./managed-fields.ts";
import type { KubeObject, ResourceDef } from "./types.ts";

type Obj = Record<string, unknown>;

/** A write after the creator's: who wrote it (none: a binding, which records no fields) and how to undo it. */
interface Layer {
  writer?: FieldWriter;
  undo: (o: KubeObject) => void;
}

const UNKNOWN: FieldWriter = { manager: "unknown" };
const SNAPSHOT_CONTROLLER: FieldWriter = { manager: "snapshot-controller" };

const controllerKind = (o: KubeObject) => o.metadata.ownerReferences?.find((r) => r.controller === true)?.kind;

function dropKeys(o: KubeObject, field: "annotations" | "labels", keys: (k: string) => boolean): void {
  const map = o.metadata[field];
  if (!isRecord(map)) return;
  const kept = Object.fromEntries(Object.entries(map).filter(([k]) => !keys(k)));
  if (Object.keys(kept).length > 0) o.metadata[field] = kept;
  else delete o.metadata[field];
}

function setStatus(o: KubeObject, status: Obj | undefined): void {
  const kept = Object.fromEntries(Object.entries(status ?? {}).filter(([, v]) => v !== undefined));
  if (status === undefined) delete o.status;
  else o.status = kept;
}

function deleteSpec(o: KubeObject, field: string): void {
  if (isRecord(o.spec)) delete o.spec[field];
}

const KUBE_APISERVER: FieldWriter = { manager: "kube-apiserver" };
/** The namespaces kube-apiserver makes when it starts. */
export const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

/** The ConfigMap in kube-system saying since when kube-apiserver tracks legacy ServiceAccount tokens. */
export const LEGACY_TOKEN_TRACKING = "kube-apiserver-legacy-service-account-token-tracking";

/** What kube-apiserver makes itself as it starts: its namespaces, the `kubernetes` Service, the tracking ConfigMap. */
const isApiServers = (o: KubeObject) =>
  (o.kind === "Namespace" && SYSTEM_NAMESPACES.includes(o.metadata.name)) ||
  (o.kind === "Service" && o.metadata.namespace === "default" && o.metadata.name === "kubernetes") ||
  (o.kind === "ConfigMap" && o.metadata.namespace === "kube-system" && o.metadata.name === LEGACY_TOKEN_TRACKING);

/** Who created `o`. */
function creatorOf(o: KubeObject): FieldWriter {
  if (o.kind === "Event") {
    const component = [o.reportingComponent, recordOf(o.source).component].find((c): c is string => typeof c === "string" && c !== "");
    return { manager: eventManager(component ?? "") };
  }
  if (o.kind === "VolumeSnapshotContent") return SNAPSHOT_CONTROLLER;
  if (o.kind === "EndpointSlice" || ["ReplicaSet", "Deployment"].includes(controllerKind(o) ?? "")) return CONTROLLER_MANAGER;
  if ((o.kind === "ServiceAccount" && o.metadata.name === "default") || (o.kind === "ConfigMap" && o.metadata.name === "kube-root-ca.crt")) return CONTROLLER_MANAGER;
  if (isApiServers(o)) return KUBE_APISERVER;
  return UNKNOWN;
}

const CLAIM_BINDER_ANNOTATIONS = new Set(["pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller", "volume.kubernetes.io/storage-provisioner", "volume.beta.kubernetes.io/storage-provisioner"]);

/** The writes after the creator's, in order. */
function laterWrites(o: KubeObject): Layer[] {
  switch (o.kind) {
    case "Pod": {
      const status = recordOf(o.status);
      const scheduled = Array.isArray(status.conditions) ? status.conditions.filter((c) => recordOf(c).type === "PodScheduled") : [];
      const created = { phase: "Pending", qosClass: status.qosClass };
      return [
        // The binding: spec.nodeName and the PodScheduled condition, recorded for nobody.
        { undo: (p) => (deleteSpec(p, "nodeName"), setStatus(p, created)) },
        { writer: KUBELET_STATUS, undo: (p) => setStatus(p, { ...created, conditions: scheduled.length > 0 ? scheduled : undefined }) },
      ];
    }
    case "Node":
      return [
        // The TTL and node lifecycle controllers.
        { writer: CONTROLLER_MANAGER, undo: (n) => (dropKeys(n, "annotations", (k) => k === "node.alpha.kubernetes.io/ttl"), dropKeys(n, "labels", (k) => k === "beta.kubernetes.io/os")) },
        { writer: KUBELET_STATUS, undo: (n) => setStatus(n, undefined) },
      ];
    case "Deployment":
      // The deployment controller writes its revision annotation with the status.
      return [{ writer: CONTROLLER_MANAGER_STATUS, undo: (d) => (setStatus(d, {}), dropKeys(d, "annotations", (k) => k === "deployment.kubernetes.io/revision")) }];
    case "ReplicaSet":
      return [{ writer: CONTROLLER_MANAGER_STATUS, undo: (r) => setStatus(r, { replicas: 0 }) }];
    case "PersistentVolumeClaim":
      return [
        { writer: CONTROLLER_MANAGER, undo: (c) => (dropKeys(c, "annotations", (k) => CLAIM_BINDER_ANNOTATIONS.has(k)), deleteSpec(c, "volumeName")) },
        { writer: CONTROLLER_MANAGER_STATUS, undo: (c) => setStatus(c, { phase: "Pending" }) },
      ];
    case "VolumeSnapshot":
      return [
        {
          writer: SNAPSHOT_CONTROLLER,
          undo: (s) => {
            const kept = s.metadata.finalizers?.filter((f) => !f.startsWith("snapshot.storage.kubernetes.io/")) ?? [];
            if (kept.length > 0) s.metadata.finalizers = kept;
            else delete s.metadata.finalizers;
          },
        },
        { writer: { ...SNAPSHOT_CONTROLLER, subresource: "status" }, undo: (s) => setStatus(s, undefined) },
      ];
    case "VolumeSnapshotContent":
      return [{ writer: { manager: "csi-snapshotter", subresource: "status" }, undo: (c) => setStatus(c, undefined) }];
    default:
      return [];
  }
}

/**
 * What the creator sent: no finalizers (the server's and the controllers' own, as tools/realstack/scenario.ts leaves
 * them out) and no Namespace spec (its strategy's finalizer).
 */
function creatorView(o: KubeObject): KubeObject {
  delete o.metadata.finalizers;
  if (o.kind === "Namespace") delete o.spec;
  // kube-apiserver creates its Service through its own client, not a decoded body: nothing copied its clusterIP
  // into clusterIPs before the field manager looked.
  if (o.kind === "Service" && isApiServers(o) && isRecord(o.spec)) {
    delete o.spec.clusterIPs;
    delete o.spec.ipFamilies;
  }
  return o;
}

/**
 * A later write's time: the latest timestamp it left, at least a second after the write before it (`after`), and not
 * in the future. (managedFields are sorted by time, so the writes keep their order.)
 */
function timeOf(part: unknown, after: Date): Date {
  let latest = after.getTime() + 1000;
  const visit = (v: unknown): void => {
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(v)) latest = Math.max(latest, Date.parse(v) || 0);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) Object.values(v).forEach(visit);
  };
  visit(part);
  return new Date(Math.min(latest, Date.now()));
}

/**
 * The managedFields of a scenario object loaded as `loaded` (defaulted and admitted), whose decoded form (defaulted as
 * the decoder does, before the strategy and admission) was `decoded`; undefined for none.
 */
export function scenarioManagedFields(def: ResourceDef, decoded: KubeObject, loaded: KubeObject): KubeObject["metadata"]["managedFields"] {
  // An Event written through events.k8s.io/v1 (the scheduler's) has that version's fields.
  if (loaded.kind === "Event" && isSeriesEvent(loaded)) {
    return [seriesEventEntry(creatorOf(loaded).manager, loaded.series !== undefined && loaded.series !== null, new Date(Date.parse(loaded.metadata.creationTimestamp ?? "") || Date.now()))];
  }
  const layers = laterWrites(loaded);
  const undoAll = (o: KubeObject, from: number) => {
    const copy = structuredClone(o);
    for (let i = layers.length - 1; i >= from; i--) layers[i]?.undo(copy);
    return copy;
  };
  let time = new Date(Date.parse(loaded.metadata.creationTimestamp ?? "") || Date.now());
  let live = recordWrite(def, undefined, creatorView(undoAll(decoded, 0)), creatorOf(loaded), undefined, time);
  let before = undoAll(loaded, 0);
  layers.forEach((layer, i) => {
    const after = undoAll(loaded, i + 1);
    after.metadata = { ...after.metadata, uid: loaded.metadata.uid ?? "loaded" };
    const from = { ...before, metadata: { ...before.metadata, uid: loaded.metadata.uid ?? "loaded", managedFields: live.metadata.managedFields } };
    if (!layer.writer) {
      if (live.metadata.managedFields) after.metadata.managedFields = live.metadata.managedFields;
    } else {
      time = timeOf(layer.writer.subresource === "status" ? after.status : after.metadata, time);
      recordWrite(def, from, after, layer.writer, undefined, time);
    }
    live = after;
    before = after;
  });
  return live.metadata.managedFields;
}
