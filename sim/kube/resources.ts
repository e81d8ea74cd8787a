// The resources the simulator serves, with the discovery facts kubectl and client-node rely on.
import type { ResourceDef } from "./types.ts";

const CRUD = ["create", "delete", "get", "list", "patch", "update", "watch"];
const SNAPSHOT_GROUP = "snapshot.storage.k8s.io";

/** Every resource the simulator knows, in discovery order. */
export const RESOURCES: readonly ResourceDef[] = [
  // Only made (a scheduler's older way to bind a Pod; see binding.ts), never stored.
  { group: "", version: "v1", plural: "bindings", singular: "binding", kind: "Binding", namespaced: true, verbs: ["create"], subresources: [] },
  { group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false, verbs: CRUD, shortNames: ["ns"], subresources: ["finalize", "status"], nameRule: "label", fieldLabels: ["status.phase"] },
  { group: "", version: "v1", plural: "nodes", singular: "node", kind: "Node", namespaced: false, verbs: CRUD, shortNames: ["no"], subresources: ["proxy", "status"], fieldLabels: ["spec.unschedulable"] },
  {
    group: "", version: "v1", plural: "pods", singular: "pod", kind: "Pod", namespaced: true, verbs: CRUD, shortNames: ["po"], categories: ["all"], subresources: ["binding", "ephemeralcontainers", "eviction", "log", "status"], generation: true,
    fieldLabels: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
  },
  { group: "", version: "v1", plural: "services", singular: "service", kind: "Service", namespaced: true, verbs: CRUD, createOnUpdate: true, storagePrefix: "services/specs", shortNames: ["svc"], categories: ["all"], subresources: ["status"], nameRule: "dns1035", fieldLabels: ["spec.clusterIP", "spec.type"] },
  { group: "", version: "v1", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim", kind: "PersistentVolumeClaim", namespaced: true, verbs: CRUD, shortNames: ["pvc"], subresources: ["status"] },
  {
    group: "", version: "v1", plural: "events", singular: "event", kind: "Event", namespaced: true, verbs: CRUD, createOnUpdate: true, shortNames: ["ev"], subresources: [],
    fieldLabels: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
  },
  { group: "", version: "v1", plural: "endpoints", singular: "endpoints", kind: "Endpoints", namespaced: true, verbs: CRUD, shortNames: ["ep"], subresources: [] },
  { group: "storage.k8s.io", version: "v1", plural: "storageclasses", singular: "storageclass", kind: "StorageClass", namespaced: false, verbs: CRUD, shortNames: ["sc"], subresources: [] },
  { group: "", version: "v1", plural: "configmaps", singular: "configmap", kind: "ConfigMap", namespaced: true, verbs: CRUD, shortNames: ["cm"], subresources: [] },
  { group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret", namespaced: true, verbs: CRUD, subresources: [], fieldLabels: ["type"] },
  { group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount", namespaced: true, verbs: CRUD, shortNames: ["sa"], subresources: ["token"] },
  { group: "coordination.k8s.io", version: "v1", plural: "leases", singular: "lease", kind: "Lease", namespaced: true, verbs: CRUD, createOnUpdate: true, subresources: [] },
  { group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment", namespaced: true, verbs: CRUD, shortNames: ["deploy"], categories: ["all"], subresources: ["status", "scale"], generation: true },
  { group: "apps", version: "v1", plural: "replicasets", singular: "replicaset", kind: "ReplicaSet", namespaced: true, verbs: CRUD, shortNames: ["rs"], categories: ["all"], subresources: ["status", "scale"], generation: true },
  { group: "networking.k8s.io", version: "v1", plural: "ingresses", singular: "ingress", kind: "Ingress", namespaced: true, verbs: CRUD, shortNames: ["ing"], subresources: ["status"], generation: true },
  { group: "discovery.k8s.io", version: "v1", plural: "endpointslices", singular: "endpointslice", kind: "EndpointSlice", namespaced: true, verbs: CRUD, subresources: [], generation: true },
  { group: "authentication.k8s.io", version: "v1", plural: "selfsubjectreviews", singular: "selfsubjectreview", kind: "SelfSubjectReview", namespaced: false, verbs: ["create"], subresources: [] },
  { group: "authorization.k8s.io", version: "v1", plural: "selfsubjectaccessreviews", singular: "selfsubjectaccessreview", kind: "SelfSubjectAccessReview", namespaced: false, verbs: ["create"], subresources: [] },
  { group: SNAPSHOT_GROUP, version: "v1", plural: "volumesnapshots", singular: "volumesnapshot", kind: "VolumeSnapshot", namespaced: true, verbs: CRUD, shortNames: ["vs"], subresources: ["status"], crd: true, snapshotApi: true },
  { group: SNAPSHOT_GROUP, version: "v1", plural: "volumesnapshotclasses", singular: "volumesnapshotclass", kind: "VolumeSnapshotClass", namespaced: false, verbs: CRUD, shortNames: ["vsclass", "vsclasses"], subresources: [], crd: true, snapshotApi: true },
  { group: SNAPSHOT_GROUP, version: "v1", plural: "volumesnapshotcontents", singular: "volumesnapshotcontent", kind: "VolumeSnapshotContent", namespaced: false, verbs: CRUD, shortNames: ["vsc", "vscs"], subresources: ["status"], crd: true, snapshotApi: true },
  { group: "traefik.io", version: "v1alpha1", plural: "ingressroutes", singular: "ingressroute", kind: "IngressRoute", namespaced: true, verbs: CRUD, subresources: [], crd: true },
  { group: "traefik.io", version: "v1alpha1", plural: "middlewares", singular: "middleware", kind: "Middleware", namespaced: true, verbs: CRUD, subresources: [], crd: true },
];

const byKind = new Map(RESOURCES.map((d) => [d.kind, d]));

/** The definition for a kind; throws for kinds the simulator does not serve. */
export function defForKind(kind: string): ResourceDef {
  const def = byKind.get(kind);
  if (!def) throw new Error(`the Kubernetes simulator does not serve kind ${kind}`);
  return def;
}

/** The definition for a kind, or undefined when the simulator does not serve it. */
export function findKind(kind: string): ResourceDef | undefined {
  return byKind.get(kind);
}

/** The definition served at group/version/plural, if any. */
export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return RESOURCES.find((d) => d.group === group && d.version === version && d.plural === plural);
}

/** "v1" or "group/version". */
export function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** The resource as error messages name it: "pods" or "volumesnapshots.snapshot.storage.k8s.io". */
export function qualifiedResource(def: ResourceDef): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

/** The kind as Invalid messages name it: "Pod" or "VolumeSnapshot.snapshot.storage.k8s.io". */
export function qualifiedKind(def: ResourceDef): string {
  return def.group ? `${def.kind}.${def.group}` : def.kind;
}
