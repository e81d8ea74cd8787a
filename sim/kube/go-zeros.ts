// The zero values Go's encoding/json writes for fields a client left out, found against a real kube-apiserver v1.34
// (sim/README.md "Differences" 16): a metav1.Time or MicroTime that is no pointer is written as `null` when unset
// (Time.MarshalJSON), a struct that is no pointer as `{}`, a field without omitempty as its zero. ObjectMeta's
// creationTimestamp is `omitzero` since k8s.io/apimachinery v0.34, so a template's unset one is left out instead.
import { isRecord } from "./json.ts";
import type { KubeObject } from "./types.ts";

type Obj = Record<string, unknown>;

const records = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isRecord) : []);

/** The unset times of each kind's status conditions (k8s.io/api v0.34 PodCondition, NodeCondition…). */
const CONDITION_TIMES: Record<string, string[]> = {
  Pod: ["lastProbeTime", "lastTransitionTime"],
  PersistentVolumeClaim: ["lastProbeTime", "lastTransitionTime"],
  Namespace: ["lastTransitionTime"],
  Node: ["lastHeartbeatTime", "lastTransitionTime"],
  Deployment: ["lastUpdateTime", "lastTransitionTime"],
  ReplicaSet: ["lastTransitionTime"],
};

/** A ContainerState's running and terminated times (waiting has none). */
function stateTimes(state: unknown): void {
  if (!isRecord(state)) return;
  if (isRecord(state.running)) state.running.startedAt ??= null;
  if (isRecord(state.terminated)) {
    state.terminated.startedAt ??= null;
    state.terminated.finishedAt ??= null;
  }
}

/** A ContainerStatus: its two states are structs, ready/restartCount/image/imageID have no omitempty. */
function containerStatus(status: Obj): void {
  status.state ??= {};
  status.lastState ??= {};
  stateTimes(status.state);
  stateTimes(status.lastState);
  status.ready ??= false;
  status.restartCount ??= 0;
  status.image ??= "";
  status.imageID ??= "";
}

/** Metadata inside an object (a pod template's, a claim template's): a `creationTimestamp: null` sent is not kept. */
function innerMeta(template: unknown): void {
  if (isRecord(template) && isRecord(template.metadata) && template.metadata.creationTimestamp === null) delete template.metadata.creationTimestamp;
}

/** A claim spec's data sources: the apiGroup of a TypedLocalObjectReference and a TypedObjectReference has no omitempty. */
function dataSources(spec: unknown): void {
  if (!isRecord(spec)) return;
  for (const key of ["dataSource", "dataSourceRef"]) {
    const ref = spec[key];
    if (isRecord(ref)) ref.apiGroup ??= null;
  }
}

/** A pod spec's ephemeral volumes' claim templates. */
function claimTemplates(spec: unknown): void {
  if (!isRecord(spec)) return;
  for (const volume of records(spec.volumes)) {
    if (!isRecord(volume.ephemeral)) continue;
    innerMeta(volume.ephemeral.volumeClaimTemplate);
    if (isRecord(volume.ephemeral.volumeClaimTemplate)) dataSources(volume.ephemeral.volumeClaimTemplate.spec);
  }
}

/** Writes into `obj` what Go's JSON of the stored object has for the fields left out: nulls, `{}` and zeros. */
export function writeGoZeros(obj: KubeObject): void {
  // ObjectMeta's lists and maps are omitempty: one left empty (finalizers: [] after a patch) is not written.
  for (const key of ["labels", "annotations", "finalizers", "ownerReferences"] as const) {
    const value: unknown = obj.metadata[key];
    if ((Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0)) delete obj.metadata[key];
  }
  const status = isRecord(obj.status) ? obj.status : undefined;
  for (const condition of records(status?.conditions)) for (const time of CONDITION_TIMES[obj.kind] ?? []) condition[time] ??= null;
  if (obj.kind === "Pod") {
    claimTemplates(obj.spec);
    for (const key of ["initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"]) for (const c of records(status?.[key])) containerStatus(c);
  }
  if ((obj.kind === "Deployment" || obj.kind === "ReplicaSet") && isRecord(obj.spec)) {
    innerMeta(obj.spec.template);
    if (isRecord(obj.spec.template)) claimTemplates(obj.spec.template.spec);
  }
  if (obj.kind === "PersistentVolumeClaim") dataSources(obj.spec);
  // ServiceStatus and IngressStatus are structs whose loadBalancer is one too: `{loadBalancer: {}}` at the least.
  if (obj.kind === "Service" || obj.kind === "Ingress") {
    const lb = isRecord(obj.status) ? obj.status : (obj.status = {});
    lb.loadBalancer ??= {};
  }
  if (obj.kind === "Event") {
    obj.firstTimestamp ??= null;
    obj.lastTimestamp ??= null;
    obj.eventTime ??= null;
    if (isRecord(obj.series)) obj.series.lastObservedTime ??= null;
    obj.source ??= {};
    obj.reportingComponent ??= "";
    obj.reportingInstance ??= "";
  }
}
