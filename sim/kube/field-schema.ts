// What kube-apiserver's field manager knows of the served kinds' shapes (their OpenAPI schemas, as
// k8s.io/kube-openapi's schemaconv reads them): which lists are merged by key (`+listType=map`, or a patchMergeKey) or
// as sets, and which structs and maps are atomic (`+structType=atomic`, `+mapType=atomic`). Taken from k8s.io/kubernetes
// v1.34.4's api/openapi-spec/v3 for the kinds the simulator serves. Everything not listed here takes the default: an
// object is a struct or map whose fields are tracked one by one, a list is atomic (owned whole). Of the custom
// resources' CRDs (external-snapshotter v8.4.0, Traefik v3.6) only VolumeSnapshotContent declares something (an atomic
// volumeSnapshotRef); their metadata is an ObjectMeta as any object's.

/** Something owned whole: an atomic struct, map or list. */
export interface Atomic {
  atomic: true;
}

/** A node's shape: a type with tracked fields (by name), a list keyed by some fields, a set, or atomic. */
export type FieldShape = string | { keys: readonly string[]; of?: string } | { set: true } | Atomic;

const keyed = (keys: readonly string[], of?: string): FieldShape => ({ keys, of });
const SET: FieldShape = { set: true };
const ATOMIC: Atomic = { atomic: true };

const CONTAINER = { env: keyed(["name"], "EnvVar"), ports: keyed(["containerPort", "protocol"]), resources: "ResourceRequirements", volumeDevices: keyed(["devicePath"]), volumeMounts: keyed(["mountPath"]) };
const LOCAL_SECRET = { secretRef: "LocalObjectReference" };

/**
 * The types with something other than the default somewhere below them, by Go type name (the volume sources whose
 * only such field is an atomic secretRef share the one entry SecretRefSource).
 */
export const TYPES: Readonly<Record<string, Atomic | Readonly<Record<string, FieldShape>>>> = {
  ObjectMeta: { finalizers: SET, ownerReferences: keyed(["uid"], "OwnerReference") },
  OwnerReference: ATOMIC,
  LabelSelector: ATOMIC,
  LocalObjectReference: ATOMIC,
  ObjectReference: ATOMIC,
  TypedLocalObjectReference: ATOMIC,
  NodeSelector: ATOMIC,
  ConfigMapKeySelector: ATOMIC,
  ObjectFieldSelector: ATOMIC,
  FileKeySelector: ATOMIC,
  ResourceFieldSelector: ATOMIC,
  SecretKeySelector: ATOMIC,
  ServiceBackendPort: ATOMIC,

  Namespace: { metadata: "ObjectMeta", status: "NamespaceStatus" },
  NamespaceStatus: { conditions: keyed(["type"]) },
  Node: { metadata: "ObjectMeta", spec: "NodeSpec", status: "NodeStatus" },
  NodeSpec: { podCIDRs: SET },
  NodeStatus: { addresses: keyed(["type"]), conditions: keyed(["type"]) },
  Pod: { metadata: "ObjectMeta", spec: "PodSpec", status: "PodStatus" },
  PodSpec: {
    affinity: "Affinity",
    containers: keyed(["name"], "Container"),
    ephemeralContainers: keyed(["name"], "Container"),
    hostAliases: keyed(["ip"]),
    imagePullSecrets: keyed(["name"], "LocalObjectReference"),
    initContainers: keyed(["name"], "Container"),
    nodeSelector: ATOMIC,
    resourceClaims: keyed(["name"]),
    resources: "ResourceRequirements",
    schedulingGates: keyed(["name"]),
    topologySpreadConstraints: keyed(["topologyKey", "whenUnsatisfiable"], "TopologySpreadConstraint"),
    volumes: keyed(["name"], "Volume"),
  },
  Affinity: { nodeAffinity: "NodeAffinity" },
  NodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: "NodeSelector" },
  Container: CONTAINER,
  EnvVar: { valueFrom: "EnvVarSource" },
  EnvVarSource: { configMapKeyRef: "ConfigMapKeySelector", fieldRef: "ObjectFieldSelector", fileKeyRef: "FileKeySelector", resourceFieldRef: "ResourceFieldSelector", secretKeyRef: "SecretKeySelector" },
  ResourceRequirements: { claims: keyed(["name"]) },
  TopologySpreadConstraint: { labelSelector: "LabelSelector" },
  Volume: {
    cephfs: "SecretRefSource",
    cinder: "SecretRefSource",
    csi: "CSIVolumeSource",
    ephemeral: "EphemeralVolumeSource",
    flexVolume: "SecretRefSource",
    iscsi: "SecretRefSource",
    rbd: "SecretRefSource",
    scaleIO: "SecretRefSource",
    storageos: "SecretRefSource",
  },
  SecretRefSource: LOCAL_SECRET,
  CSIVolumeSource: { nodePublishSecretRef: "LocalObjectReference" },
  EphemeralVolumeSource: { volumeClaimTemplate: "PersistentVolumeClaimTemplate" },
  PersistentVolumeClaimTemplate: { metadata: "ObjectMeta", spec: "PersistentVolumeClaimSpec" },
  PersistentVolumeClaimSpec: { dataSource: "TypedLocalObjectReference", selector: "LabelSelector" },
  PodStatus: { conditions: keyed(["type"]), podIPs: keyed(["ip"]), resourceClaimStatuses: keyed(["name"]) },
  Service: { metadata: "ObjectMeta", spec: "ServiceSpec", status: "ServiceStatus" },
  ServiceSpec: { ports: keyed(["port", "protocol"]), selector: ATOMIC },
  ServiceStatus: { conditions: keyed(["type"]) },
  PersistentVolumeClaim: { metadata: "ObjectMeta", spec: "PersistentVolumeClaimSpec", status: "PersistentVolumeClaimStatus" },
  PersistentVolumeClaimStatus: { conditions: keyed(["type"]) },
  Event: { involvedObject: "ObjectReference", metadata: "ObjectMeta", related: "ObjectReference" },
  StorageClass: { metadata: "ObjectMeta" },
  ConfigMap: { metadata: "ObjectMeta" },
  Secret: { metadata: "ObjectMeta" },
  ServiceAccount: { metadata: "ObjectMeta", secrets: keyed(["name"], "ObjectReference") },
  Lease: { metadata: "ObjectMeta" },
  Deployment: { metadata: "ObjectMeta", spec: "DeploymentSpec", status: "DeploymentStatus" },
  DeploymentSpec: { selector: "LabelSelector", template: "PodTemplateSpec" },
  PodTemplateSpec: { metadata: "ObjectMeta", spec: "PodSpec" },
  DeploymentStatus: { conditions: keyed(["type"]) },
  ReplicaSet: { metadata: "ObjectMeta", spec: "ReplicaSetSpec", status: "ReplicaSetStatus" },
  ReplicaSetSpec: { selector: "LabelSelector", template: "PodTemplateSpec" },
  ReplicaSetStatus: { conditions: keyed(["type"]) },
  Ingress: { metadata: "ObjectMeta", spec: "IngressSpec" },
  IngressSpec: { defaultBackend: "IngressBackend" },
  IngressBackend: { resource: "TypedLocalObjectReference", service: "IngressServiceBackend" },
  IngressServiceBackend: { port: "ServiceBackendPort" },
  EndpointSlice: { metadata: "ObjectMeta" },
  Endpoints: { metadata: "ObjectMeta" },
  // A custom resource: only its metadata is typed, but for VolumeSnapshotContent's reference to its snapshot.
  CustomResource: { metadata: "ObjectMeta" },
  VolumeSnapshotContent: { metadata: "ObjectMeta", spec: "VolumeSnapshotContentSpec" },
  VolumeSnapshotContentSpec: { volumeSnapshotRef: ATOMIC },
};

/**
 * The fields a new, empty object of each kind already has when kube-apiserver compares it with the one being created
 * (the Go zero value, converted as the field manager converts it): the structs that are no pointers, so they are there
 * (empty) before the create and the create does not add them, and the lists with no omitempty (null). A custom
 * resource starts empty.
 */
export const ZERO_SKELETONS: Readonly<Record<string, Record<string, unknown>>> = {
  Pod: { metadata: {}, spec: { containers: null }, status: {} },
  Deployment: { metadata: {}, spec: { selector: null, template: { metadata: {}, spec: { containers: null } }, strategy: {} }, status: {} },
  ReplicaSet: { metadata: {}, spec: { selector: null, template: { metadata: {}, spec: { containers: null } } }, status: { replicas: 0 } },
  Service: { metadata: {}, spec: {}, status: { loadBalancer: {} } },
  Ingress: { metadata: {}, spec: {}, status: { loadBalancer: {} } },
  PersistentVolumeClaim: { metadata: {}, spec: { resources: {} }, status: {} },
  Node: { metadata: {}, spec: {}, status: { daemonEndpoints: { kubeletEndpoint: { Port: 0 } }, nodeInfo: {} } },
  Namespace: { metadata: {}, spec: {}, status: {} },
  Lease: { metadata: {}, spec: {} },
  Event: { metadata: {}, involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: null, reportingComponent: "", reportingInstance: "" },
  EndpointSlice: { metadata: {}, addressType: "", endpoints: null },
  Endpoints: { metadata: {} },
  StorageClass: { metadata: {}, provisioner: "" },
};

/**
 * The fields a write cannot set and nobody owns through it (the registry strategies' GetResetFields): a main resource's
 * status; through status, the spec (and for a Pod its owners and deletion time, for a Deployment its labels).
 */
export function resetFields(kind: string, subresource: string | undefined, hasStatus: boolean): string[][] {
  if (subresource === "status") {
    if (kind === "Pod") return [["spec"], ["metadata", "deletionTimestamp"], ["metadata", "ownerReferences"]];
    if (kind === "Deployment") return [["spec"], ["metadata", "labels"]];
    return [["spec"]];
  }
  return hasStatus ? [["status"]] : [];
}
