// Table columns per kind, matching kubectl's built-in printers and the snapshot CRDs' printer columns.
import { ageOf } from "./duration.ts";
import { formatEndpoints } from "./endpoints.ts";
import { getArray, getNumber, getPath, getString, isRecord } from "./json.ts";
import type { KubeObject } from "./types.ts";

/** One Table column: its definition and how to compute its cell. */
export interface Column {
  name: string;
  type: "string" | "integer" | "boolean" | "date" | "number";
  format?: string;
  description: string;
  priority?: number;
  cell(obj: KubeObject, now: number): unknown;
}

function col(name: string, type: Column["type"], path: string, extra: Partial<Column> = {}): Column {
  return { name, type, description: `${name} (${path})`, cell: (o) => getPath(o, path), ...extra };
}

function orNone(value: string | undefined): string {
  return value === undefined || value === "" ? "<none>" : value;
}

/** NAME, first column of most tables. */
export const nameColumn: Column = { name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.", cell: (o) => o.metadata.name };
/** AGE. */
export const ageColumn: Column = { name: "Age", type: "string", description: "CreationTimestamp is a timestamp representing the server time when this object was created.", cell: (o, now) => ageOf(o.metadata.creationTimestamp, now) };

/** kubectl's STATUS column for a pod (printPod). */
export function podStatusReason(pod: KubeObject): string {
  let reason = getString(pod, "status.reason") ?? getString(pod, "status.phase") ?? "Unknown";
  let running = false;
  for (const cs of getArray(pod, "status.containerStatuses").toReversed()) {
    const waiting = getString(cs, "state.waiting.reason");
    const terminated = getPath(cs, "state.terminated");
    if (waiting) reason = waiting;
    else if (isRecord(terminated)) reason = getString(terminated, "reason") ?? `ExitCode:${getNumber(terminated, "exitCode") ?? 0}`;
    else if (getPath(cs, "ready") === true && isRecord(getPath(cs, "state.running"))) running = true;
  }
  if (reason === "Completed" && running) reason = "Running";
  if (pod.metadata.deletionTimestamp) reason = getString(pod, "status.reason") === "NodeLost" ? "Unknown" : "Terminating";
  return reason;
}

function podReady(pod: KubeObject): string {
  const statuses = getArray(pod, "status.containerStatuses");
  return `${statuses.filter((cs) => getPath(cs, "ready") === true).length}/${getArray(pod, "spec.containers").length}`;
}

function podRestarts(pod: KubeObject, now: number): string {
  const statuses = getArray(pod, "status.containerStatuses");
  const restarts = statuses.reduce<number>((n, cs) => n + (getNumber(cs, "restartCount") ?? 0), 0);
  const last = statuses.map((cs) => getString(cs, "lastState.terminated.finishedAt")).filter((t) => t !== undefined).sort().at(-1);
  return last ? `${restarts} (${ageOf(last, now)} ago)` : String(restarts);
}

const ACCESS_MODES: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };

function servicePorts(svc: KubeObject): string {
  const ports = getArray(svc, "spec.ports").map((p) => {
    const node = getNumber(p, "nodePort");
    return `${getNumber(p, "port")}${node ? `:${node}` : ""}/${getString(p, "protocol") ?? "TCP"}`;
  });
  return orNone(ports.join(","));
}

function externalIp(svc: KubeObject): string {
  const type = getString(svc, "spec.type") ?? "ClusterIP";
  const ingress = getArray(svc, "status.loadBalancer.ingress").map((i) => getString(i, "ip") ?? getString(i, "hostname") ?? "");
  const external = getArray(svc, "spec.externalIPs").map(String);
  if (type === "LoadBalancer") return ingress.length ? [...ingress, ...external].join(",") : "<pending>";
  if (type === "ExternalName") return getString(svc, "spec.externalName") ?? "<none>";
  return orNone(external.join(","));
}

function nodeStatus(node: KubeObject): string {
  const ready = getArray(node, "status.conditions").find((c) => getPath(c, "type") === "Ready");
  const status = getPath(ready, "status") === "True" ? "Ready" : getPath(ready, "status") === "False" ? "NotReady" : "Unknown";
  return getPath(node, "spec.unschedulable") === true ? `${status},SchedulingDisabled` : status;
}

function nodeRoles(node: KubeObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length));
  return orNone(roles.join(","));
}

function lbAddresses(obj: KubeObject): string {
  return getArray(obj, "status.loadBalancer.ingress").map((i) => getString(i, "ip") ?? getString(i, "hostname") ?? "").join(",");
}

function sliceEndpoints(slice: KubeObject): string {
  const addresses = getArray(slice, "endpoints").flatMap((e) => getArray(e, "addresses").map(String));
  if (addresses.length === 0) return "<none>";
  return addresses.length > 3 ? `${addresses.slice(0, 3).join(",")} + ${addresses.length - 3} more...` : addresses.join(",");
}

function date(name: string, path: string): Column {
  return { name, type: "date", description: `${name} (${path})`, cell: (o, now) => (getPath(o, path) === undefined ? undefined : ageOf(getPath(o, path), now)) };
}

const N = nameColumn;
const AGE = ageColumn;

function wide(column: Column): Column {
  return { ...column, priority: 1 };
}

function nodeAddress(name: string, type: string): Column {
  return wide(col(name, "string", "status.addresses", { cell: (o) => orNone(getString(getArray(o, "status.addresses").find((a) => getPath(a, "type") === type), "address")) }));
}

/** Every column per kind, in kubectl's order (priority 1 = only with -o wide); kinds not listed get NAME, AGE. */
export const PRINTERS: Record<string, Column[]> = {
  Pod: [
    N,
    { name: "Ready", type: "string", description: "The aggregate readiness state of this pod for accepting traffic.", cell: podReady },
    { name: "Status", type: "string", description: "The aggregate status of the containers in this pod.", cell: podStatusReason },
    { name: "Restarts", type: "string", description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.", cell: podRestarts },
    AGE,
    wide(col("IP", "string", "status.podIP", { cell: (o) => orNone(getString(o, "status.podIP")) })),
    wide(col("Node", "string", "spec.nodeName", { cell: (o) => orNone(getString(o, "spec.nodeName")) })),
    wide(col("Nominated Node", "string", "status.nominatedNodeName", { cell: (o) => orNone(getString(o, "status.nominatedNodeName")) })),
    wide(col("Readiness Gates", "string", "spec.readinessGates", { cell: () => "<none>" })),
  ],
  PersistentVolumeClaim: [
    N,
    col("Status", "string", "status.phase", { cell: (o) => (o.metadata.deletionTimestamp ? "Terminating" : getString(o, "status.phase")) }),
    col("Volume", "string", "spec.volumeName", { cell: (o) => getString(o, "spec.volumeName") ?? "" }),
    col("Capacity", "string", "status.capacity.storage", { cell: (o) => getString(o, "status.capacity.storage") ?? "" }),
    col("Access Modes", "string", "status.accessModes", { cell: (o) => getArray(o, "status.accessModes").map((m) => ACCESS_MODES[String(m)] ?? String(m)).join(",") }),
    col("StorageClass", "string", "spec.storageClassName", { cell: (o) => getString(o, "spec.storageClassName") ?? "<unset>" }),
    col("VolumeAttributesClass", "string", "spec.volumeAttributesClassName", { cell: (o) => getString(o, "spec.volumeAttributesClassName") ?? "<unset>" }),
    AGE,
    wide(col("VolumeMode", "string", "spec.volumeMode", { cell: (o) => getString(o, "spec.volumeMode") ?? "<unset>" })),
  ],
  Deployment: [
    N,
    col("Ready", "string", "status.readyReplicas", { cell: (o) => `${getNumber(o, "status.readyReplicas") ?? 0}/${getNumber(o, "spec.replicas") ?? 1}` }),
    col("Up-to-date", "integer", "status.updatedReplicas", { cell: (o) => getNumber(o, "status.updatedReplicas") ?? 0 }),
    col("Available", "integer", "status.availableReplicas", { cell: (o) => getNumber(o, "status.availableReplicas") ?? 0 }),
    AGE,
    wide(col("Containers", "string", "spec.template.spec.containers", { cell: (o) => getArray(o, "spec.template.spec.containers").map((c) => getString(c, "name")).join(",") })),
    wide(col("Images", "string", "spec.template.spec.containers", { cell: (o) => getArray(o, "spec.template.spec.containers").map((c) => getString(c, "image")).join(",") })),
    wide(col("Selector", "string", "spec.selector", { cell: (o) => Object.entries(getPath(o, "spec.selector.matchLabels") ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(",") })),
  ],
  ReplicaSet: [
    N,
    col("Desired", "integer", "spec.replicas", { cell: (o) => getNumber(o, "spec.replicas") ?? 0 }),
    col("Current", "integer", "status.replicas", { cell: (o) => getNumber(o, "status.replicas") ?? 0 }),
    col("Ready", "integer", "status.readyReplicas", { cell: (o) => getNumber(o, "status.readyReplicas") ?? 0 }),
    AGE,
    wide(col("Containers", "string", "spec.template.spec.containers", { cell: (o) => getArray(o, "spec.template.spec.containers").map((c) => getString(c, "name")).join(",") })),
    wide(col("Images", "string", "spec.template.spec.containers", { cell: (o) => getArray(o, "spec.template.spec.containers").map((c) => getString(c, "image")).join(",") })),
    wide(col("Selector", "string", "spec.selector", { cell: (o) => Object.entries(getPath(o, "spec.selector.matchLabels") ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(",") })),
  ],
  Service: [
    N,
    col("Type", "string", "spec.type", { cell: (o) => getString(o, "spec.type") ?? "ClusterIP" }),
    col("Cluster-IP", "string", "spec.clusterIP", { cell: (o) => orNone(getString(o, "spec.clusterIP")) }),
    col("External-IP", "string", "status.loadBalancer", { cell: externalIp }),
    col("Port(s)", "string", "spec.ports", { cell: servicePorts }),
    AGE,
    wide(col("Selector", "string", "spec.selector", { cell: (o) => orNone(Object.entries(getPath(o, "spec.selector") ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(",")) })),
  ],
  Node: [
    N,
    col("Status", "string", "status.conditions", { cell: nodeStatus }),
    col("Roles", "string", "metadata.labels", { cell: nodeRoles }),
    AGE,
    col("Version", "string", "status.nodeInfo.kubeletVersion"),
    nodeAddress("Internal-IP", "InternalIP"),
    nodeAddress("External-IP", "ExternalIP"),
    wide(col("OS-Image", "string", "status.nodeInfo.osImage", { cell: (o) => getString(o, "status.nodeInfo.osImage") ?? "<unknown>" })),
    wide(col("Kernel-Version", "string", "status.nodeInfo.kernelVersion", { cell: (o) => getString(o, "status.nodeInfo.kernelVersion") ?? "<unknown>" })),
    wide(col("Container-Runtime", "string", "status.nodeInfo.containerRuntimeVersion", { cell: (o) => getString(o, "status.nodeInfo.containerRuntimeVersion") ?? "<unknown>" })),
  ],
  Namespace: [N, col("Status", "string", "status.phase"), AGE],
  Secret: [N, col("Type", "string", "type"), col("Data", "string", "data", { cell: (o) => Object.keys(getPath(o, "data") ?? {}).length }), AGE],
  ServiceAccount: [N, col("Secrets", "string", "secrets", { cell: (o) => getArray(o, "secrets").length }), AGE],
  ConfigMap: [N, col("Data", "integer", "data", { cell: (o) => Object.keys(getPath(o, "data") ?? {}).length + Object.keys(getPath(o, "binaryData") ?? {}).length }), AGE],
  Event: [
    col("Last Seen", "string", "lastTimestamp", { cell: (o, now) => ageOf(getString(o, "lastTimestamp") ?? getString(o, "eventTime") ?? o.metadata.creationTimestamp, now) }),
    col("Type", "string", "type"),
    col("Reason", "string", "reason"),
    col("Object", "string", "involvedObject", { cell: (o) => `${(getString(o, "involvedObject.kind") ?? "").toLowerCase()}/${getString(o, "involvedObject.name") ?? ""}` }),
    wide(col("Subobject", "string", "involvedObject.fieldPath", { cell: (o) => getString(o, "involvedObject.fieldPath") ?? "" })),
    wide(col("Source", "string", "source", { cell: (o) => [getString(o, "source.component"), getString(o, "source.host")].filter((x) => x).join(", ") })),
    col("Message", "string", "message"),
    wide(col("First Seen", "string", "firstTimestamp", { cell: (o, now) => ageOf(getString(o, "firstTimestamp") ?? getString(o, "eventTime"), now) })),
    wide(col("Count", "integer", "count", { cell: (o) => getNumber(o, "count") ?? 1 })),
    wide(col("Name", "string", "metadata.name", { format: "name", cell: (o) => o.metadata.name })),
  ],
  Ingress: [
    N,
    col("Class", "string", "spec.ingressClassName", { cell: (o) => orNone(getString(o, "spec.ingressClassName")) }),
    col("Hosts", "string", "spec.rules", { cell: (o) => getArray(o, "spec.rules").map((r) => getString(r, "host") ?? "*").join(",") || "*" }),
    col("Address", "string", "status.loadBalancer.ingress", { cell: lbAddresses }),
    col("Ports", "string", "spec.tls", { cell: (o) => (getArray(o, "spec.tls").length ? "80, 443" : "80") }),
    AGE,
  ],
  Endpoints: [N, col("Endpoints", "string", "subsets", { cell: formatEndpoints }), AGE],
  EndpointSlice: [
    N,
    col("AddressType", "string", "addressType"),
    col("Ports", "string", "ports", { cell: (o) => getArray(o, "ports").map((p) => String(getNumber(p, "port") ?? "")).join(",") || "<unset>" }),
    col("Endpoints", "string", "endpoints", { cell: sliceEndpoints }),
    AGE,
  ],
  VolumeSnapshot: [
    N,
    col("ReadyToUse", "boolean", "status.readyToUse"),
    col("SourcePVC", "string", "spec.source.persistentVolumeClaimName"),
    col("SourceSnapshotContent", "string", "spec.source.volumeSnapshotContentName"),
    col("RestoreSize", "string", "status.restoreSize"),
    col("SnapshotClass", "string", "spec.volumeSnapshotClassName"),
    col("SnapshotContent", "string", "status.boundVolumeSnapshotContentName"),
    date("CreationTime", "status.creationTime"),
    AGE,
  ],
  VolumeSnapshotClass: [N, col("Driver", "string", "driver"), col("DeletionPolicy", "string", "deletionPolicy"), AGE],
  VolumeSnapshotContent: [
    N,
    col("ReadyToUse", "boolean", "status.readyToUse"),
    col("RestoreSize", "integer", "status.restoreSize"),
    col("DeletionPolicy", "string", "spec.deletionPolicy"),
    col("Driver", "string", "spec.driver"),
    col("VolumeSnapshotClass", "string", "spec.volumeSnapshotClassName"),
    col("VolumeSnapshot", "string", "spec.volumeSnapshotRef.name"),
    col("VolumeSnapshotNamespace", "string", "spec.volumeSnapshotRef.namespace"),
    AGE,
  ],
};
