// What kube-apiserver v1.34 fills in on the objects it stores, so a create reads back as it would from a real server:
// the v1 defaulting functions (k8s.io/kubernetes pkg/apis/core/v1 and apps/v1 defaults.go), the conversion that keeps
// the deprecated serviceAccount equal to serviceAccountName, the create-time strategies (Service IPs and node ports,
// the Namespace finalizer) and the admission plugins that change a new Pod without reading other objects
// (DefaultTolerationSeconds, Priority; the ServiceAccount plugin is admission.ts), and the defaults of the other served kinds.
import { defaultEndpoints } from "./endpoints.ts";
import { PVC_PROTECTION } from "./controllers/pvc-protection.ts";
import { applySchemaDefaults, crdSchema } from "./crd-schemas.ts";
import { writeGoZeros } from "./go-zeros.ts";
import { prepareNewPod } from "./pod-create.ts";
import { getPath, isRecord } from "./json.ts";
import type { KubeObject, ResourceDef } from "./types.ts";

type Obj = Record<string, unknown>;

const records = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const record = (parent: Obj, key: string): Obj => (isRecord(parent[key]) ? parent[key] : (parent[key] = {}));

// v1 → internal conversion folds stringData into data (its value wins, never stored), SetDefaults_Secret sets the type.
function secretDefaults(obj: KubeObject): void {
  if (isRecord(obj.stringData)) {
    const data = isRecord(obj.data) ? { ...obj.data } : {};
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v)).toString("base64");
    obj.data = data;
  }
  delete obj.stringData;
  if (!obj.type) obj.type = "Opaque"; // SetDefaults_Secret: an empty type (kubectl sends "") is Opaque
}

/** SetDefaults_Namespace labels every namespace with its name. */
export function labelNamespace(obj: KubeObject): void {
  obj.metadata.labels = { ...obj.metadata.labels, "kubernetes.io/metadata.name": obj.metadata.name };
}

/** The namespace strategy: on create it adds the `kubernetes` finalizer, on update it keeps the stored finalizers whatever the body says. */
function namespaceFinalizers(obj: KubeObject, old: KubeObject | undefined): void {
  if (old) {
    const finalizers = isRecord(old.spec) ? old.spec.finalizers : undefined;
    if (finalizers === undefined) delete record(obj, "spec").finalizers;
    else record(obj, "spec").finalizers = structuredClone(finalizers);
    return;
  }
  const spec = record(obj, "spec");
  const finalizers = Array.isArray(spec.finalizers) ? (spec.finalizers as unknown[]) : [];
  if (!finalizers.includes("kubernetes")) spec.finalizers = [...finalizers, "kubernetes"];
}

const randomOctet = () => Math.floor(Math.random() * 250) + 1;
const randomNodePort = () => 30000 + Math.floor(Math.random() * 2768);

const needsClusterIP = (spec: Obj) => spec.type !== "ExternalName";
const needsNodePort = (spec: Obj) => spec.type === "NodePort" || spec.type === "LoadBalancer";

/**
 * What an update leaves out but the stored Service had allocated (patchAllocatedValues): the cluster IPs, the IP
 * families and each port's node port (matched by port name), so a body without them keeps them.
 */
function keepAllocated(spec: Obj, old: Obj): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    for (const key of ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"]) if (spec[key] === undefined || spec[key] === "") spec[key] = structuredClone(old[key]);
  }
  if (!needsNodePort(old) || !needsNodePort(spec)) return;
  const ports = records(spec.ports);
  const used = new Set(ports.map((p) => p.nodePort).filter(Boolean));
  const byName = new Map(records(old.ports).map((p) => [p.name ?? "", p.nodePort]));
  for (const port of ports) {
    const previous = byName.get(port.name ?? "");
    if (!port.nodePort && previous && !used.has(previous)) port.nodePort = previous;
  }
  if (spec.type === "LoadBalancer" && old.type === "LoadBalancer") spec.healthCheckNodePort ||= old.healthCheckNodePort;
}

/** SetDefaults_Service (and the conversion that copies clusterIP into clusterIPs). */
function serviceDefaults(spec: Obj): void {
  spec.type ||= "ClusterIP";
  spec.sessionAffinity ||= "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  for (const port of records(spec.ports)) {
    port.protocol ||= "TCP";
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === "") port.targetPort = port.port;
  }
  if (needsNodePort(spec)) spec.externalTrafficPolicy ||= "Cluster";
  if (spec.type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
  if (!needsClusterIP(spec)) return;
  spec.internalTrafficPolicy ??= "Cluster";
  if (spec.clusterIP && !(Array.isArray(spec.clusterIPs) && spec.clusterIPs.length)) spec.clusterIPs = [spec.clusterIP];
}

/** What the Service REST create allocates on a single-stack IPv4 cluster (an update keeps what was): IPs, families, node ports. */
function serviceAllocations(spec: Obj, old: Obj | undefined): void {
  const external = needsNodePort(spec);
  if (old) keepAllocated(spec, old);
  if (external) for (const port of records(spec.ports)) if (!port.nodePort) port.nodePort = randomNodePort();
  if (spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local") spec.healthCheckNodePort ||= randomNodePort();
  if (!needsClusterIP(spec)) return;
  spec.clusterIP ||= `10.43.${randomOctet()}.${randomOctet()}`;
  spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ["IPv4"];
  spec.ipFamilyPolicy ??= "SingleStack";
}

/** SetDefaults_Container's pull policy: Always for `:latest` or no tag (a digest alone is not a tag), else IfNotPresent. */
function pullPolicy(image: unknown): string {
  const ref = typeof image === "string" ? image : "";
  const name = ref.split("@")[0] ?? "";
  const last = name.slice(name.lastIndexOf("/") + 1);
  const tag = last.includes(":") ? last.slice(last.indexOf(":") + 1) : ref.includes("@") ? "" : "latest";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function httpGetDefaults(handler: unknown): void {
  if (!isRecord(handler) || !isRecord(handler.httpGet)) return;
  handler.httpGet.path ||= "/";
  handler.httpGet.scheme ||= "HTTP";
}

function probeDefaults(probe: unknown): void {
  if (!isRecord(probe)) return;
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  httpGetDefaults(probe);
  if (isRecord(probe.grpc)) probe.grpc.service ??= "";
}

function fieldRefDefaults(ref: unknown): void {
  if (isRecord(ref)) ref.apiVersion ||= "v1";
}

function containerDefaults(c: Obj): void {
  c.imagePullPolicy ||= pullPolicy(c.image);
  c.terminationMessagePath ||= "/dev/termination-log";
  c.terminationMessagePolicy ||= "File";
  c.resources ??= {};
  for (const port of records(c.ports)) port.protocol ||= "TCP";
  for (const env of records(c.env)) {
    if (!isRecord(env.valueFrom)) continue;
    fieldRefDefaults(env.valueFrom.fieldRef);
    if (isRecord(env.valueFrom.fileKeyRef)) env.valueFrom.fileKeyRef.optional ??= false;
  }
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) probeDefaults(probe);
  if (isRecord(c.lifecycle)) for (const handler of [c.lifecycle.postStart, c.lifecycle.preStop]) httpGetDefaults(handler);
}

function volumeDefaults(v: Obj): void {
  const sources = ["hostPath", "emptyDir", "secret", "nfs", "persistentVolumeClaim", "downwardAPI", "configMap", "projected", "csi", "image", "ephemeral"];
  if (!Object.keys(v).some((k) => k !== "name" && (sources.includes(k) || isRecord(v[k])))) v.emptyDir = {};
  if (isRecord(v.hostPath)) v.hostPath.type ??= "";
  for (const key of ["secret", "configMap", "downwardAPI", "projected"]) if (isRecord(v[key])) v[key].defaultMode ??= 420;
  if (isRecord(v.downwardAPI)) for (const item of records(v.downwardAPI.items)) fieldRefDefaults(item.fieldRef);
  if (isRecord(v.image)) v.image.pullPolicy ||= pullPolicy(v.image.reference);
  // The in-tree plugins' defaults (zz_generated.defaults.go) and an ephemeral claim's SetDefaults_PersistentVolumeClaimSpec.
  if (isRecord(v.iscsi)) v.iscsi.iscsiInterface ||= "default";
  if (isRecord(v.rbd)) Object.assign(v.rbd, { pool: v.rbd.pool || "rbd", user: v.rbd.user || "admin", keyring: v.rbd.keyring || "/etc/ceph/keyring" });
  if (isRecord(v.azureDisk)) v.azureDisk = { cachingMode: "ReadWrite", fsType: "ext4", readOnly: false, kind: "Shared", ...v.azureDisk };
  if (isRecord(v.scaleIO)) Object.assign(v.scaleIO, { storageMode: v.scaleIO.storageMode || "ThinProvisioned", fsType: v.scaleIO.fsType || "xfs" });
  const claimSpec = isRecord(v.ephemeral) && isRecord(v.ephemeral.volumeClaimTemplate) ? v.ephemeral.volumeClaimTemplate.spec : undefined;
  if (isRecord(claimSpec)) claimSpec.volumeMode ??= "Filesystem";
  for (const source of isRecord(v.projected) ? records(v.projected.sources) : []) {
    if (isRecord(source.serviceAccountToken)) source.serviceAccountToken.expirationSeconds ??= 3600;
    if (isRecord(source.downwardAPI)) for (const item of records(source.downwardAPI.items)) fieldRefDefaults(item.fieldRef);
  }
}

const INIT_CONTAINER_ANNOTATIONS = ["pod.beta.kubernetes.io/init-containers", "pod.alpha.kubernetes.io/init-containers", "pod.beta.kubernetes.io/init-container-statuses", "pod.alpha.kubernetes.io/init-container-statuses"];

/**
 * What converting a v1 Pod or pod template to the internal type does on every decode: the legacy init-container
 * annotations are dropped, and a Pod's (not a template's) negative terminationGracePeriodSeconds becomes 1.
 */
function podConversion(obj: KubeObject, pod: boolean): void {
  const meta = pod ? (obj.metadata as unknown as Obj) : getPath(obj, "spec.template.metadata");
  if (isRecord(meta) && isRecord(meta.annotations)) for (const key of INIT_CONTAINER_ANNOTATIONS) delete meta.annotations[key];
  const spec = pod ? obj.spec : getPath(obj, "spec.template.spec");
  if (pod && isRecord(spec) && typeof spec.terminationGracePeriodSeconds === "number" && spec.terminationGracePeriodSeconds < 0) spec.terminationGracePeriodSeconds = 1;
}

/** SetDefaults_PodSpec and the defaults of what it holds, for a Pod and a workload's pod template alike. */
function podSpecDefaults(spec: Obj): void {
  spec.dnsPolicy ||= "ClusterFirst";
  spec.restartPolicy ||= "Always";
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= "default-scheduler";
  // Conversion: the deprecated serviceAccount stands in for an empty serviceAccountName, and is written back equal to it.
  if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
  for (const c of [...records(spec.initContainers), ...records(spec.containers), ...records(spec.ephemeralContainers)]) containerDefaults(c);
  for (const v of records(spec.volumes)) volumeDefaults(v);
}

/** SetDefaults_Pod: requests default to limits, service links on, host ports follow the host network; then the pod spec's defaults. */
function podDefaults(spec: Obj): void {
  for (const c of [...records(spec.initContainers), ...records(spec.containers)]) {
    const resources = isRecord(c.resources) ? c.resources : undefined;
    if (resources && isRecord(resources.limits)) resources.requests = { ...resources.limits, ...(isRecord(resources.requests) ? resources.requests : {}) };
    if (spec.hostNetwork === true) for (const port of records(c.ports)) port.hostPort ||= port.containerPort;
  }
  spec.enableServiceLinks ??= true;
  podSpecDefaults(spec);
}

/** DefaultTolerationSeconds: 300 s on not-ready and unreachable nodes unless a toleration already covers them. */
function admitTolerations(spec: Obj): void {
  const tolerations = records(spec.tolerations);
  const covers = (key: string) => tolerations.some((t) => (t.key === key || !t.key) && (t.effect === "NoExecute" || !t.effect));
  const added = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"].filter((key) => !covers(key));
  if (added.length) spec.tolerations = [...tolerations, ...added.map((key) => ({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }))];
}

/** The Priority plugin without a default PriorityClass: priority 0, preempting lower ones. */
function admitPriority(spec: Obj): void {
  if (!spec.priorityClassName) spec.priority ??= 0;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
}

function deploymentDefaults(spec: Obj): void {
  spec.replicas ??= 1;
  const strategy = record(spec, "strategy");
  strategy.type ||= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const rolling = record(strategy, "rollingUpdate");
    rolling.maxUnavailable ??= "25%";
    rolling.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  const template = record(spec, "template");
  // ObjectMeta is a struct: a template without metadata is served with `metadata: {}`.
  record(template, "metadata");
  podSpecDefaults(record(template, "spec"));
}

/** SetDefaults_ReplicaSet (replicas 1) and, as for any pod template, the pod spec's defaults. */
function replicaSetDefaults(spec: Obj): void {
  spec.replicas ??= 1;
  const template = record(spec, "template");
  record(template, "metadata");
  podSpecDefaults(record(template, "spec"));
}

/**
 * The TaintNodesByCondition admission plugin: a Node created through the API starts tainted not-ready, until the node
 * lifecycle controller sees it Ready (controllers/node-lifecycle.ts). A scenario's Nodes are loaded as that controller
 * has left them.
 */
export function admitNewNode(obj: KubeObject): void {
  const spec = record(obj, "spec");
  const taints = records(spec.taints);
  if (!taints.some((t) => t.key === "node.kubernetes.io/not-ready" && t.effect === "NoSchedule")) spec.taints = [...taints, { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }];
}

/** The defaults of the kinds the kubelet and controllers write: claims, nodes, storage classes, endpoint slices. */
function otherDefaults(def: ResourceDef, obj: KubeObject): void {
  if (def.kind === "PersistentVolumeClaim") record(obj, "spec").volumeMode ??= "Filesystem";
  if (def.kind === "Node" && isRecord(obj.status) && isRecord(obj.status.capacity)) obj.status.allocatable ??= structuredClone(obj.status.capacity);
  if (def.kind === "StorageClass") {
    obj.reclaimPolicy ??= "Delete";
    obj.volumeBindingMode ??= "Immediate";
  }
  if (def.kind === "Endpoints") defaultEndpoints(obj);
  if (def.kind === "EndpointSlice") {
    for (const port of records(obj.ports)) {
      port.name ??= "";
      port.protocol ??= "TCP";
    }
  }
}

/**
 * The defaulting of a status, which a decoder applies to a status write too: SetDefaults_Service (LoadBalancerIPMode)
 * makes a load balancer's ingress IP a VIP unless it says otherwise.
 */
export function statusDefaults(def: ResourceDef, obj: KubeObject): void {
  if (def.kind !== "Service" || !isRecord(obj.spec) || obj.spec.type !== "LoadBalancer" || !isRecord(obj.status) || !isRecord(obj.status.loadBalancer)) return;
  for (const ingress of records(obj.status.loadBalancer.ingress)) if (ingress.ip) ingress.ipMode ??= "VIP";
}

/** What the decoder fills in on every create and update: the v1 defaulting functions and conversions. */
function decodeDefaults(def: ResourceDef, obj: KubeObject): void {
  // A custom resource: the defaults its CRD's schema declares (structural defaulting).
  if (def.crd) applySchemaDefaults(obj, crdSchema(def));
  if (def.kind === "Secret") secretDefaults(obj);
  if (def.kind === "Namespace") labelNamespace(obj);
  otherDefaults(def, obj);
  writeGoZeros(obj);
  if (!isRecord(obj.spec)) return;
  if (def.kind === "Deployment") deploymentDefaults(obj.spec);
  if (def.kind === "ReplicaSet") replicaSetDefaults(obj.spec);
  if (def.kind === "Service") serviceDefaults(obj.spec);
  statusDefaults(def, obj);
  if (def.kind === "Pod" || def.kind === "Deployment" || def.kind === "ReplicaSet") podConversion(obj, def.kind === "Pod");
  if (def.kind === "Pod") podDefaults(obj.spec);
}

/**
 * What the strategies and admission plugins change after that: allocations (not `allocate` false: the store behind
 * a Service's /status has no allocation hooks), finalizers, a new Pod's admission.
 */
function admissionDefaults(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, allocate: boolean): void {
  if (def.kind === "Namespace") namespaceFinalizers(obj, old);
  if (def.kind === "PersistentVolumeClaim" && !old) {
    // StorageObjectInUseProtection admission: the claim outlives its deletion while a pod uses it (pvc-protection.ts).
    const finalizers = obj.metadata.finalizers ?? [];
    if (!finalizers.includes(PVC_PROTECTION)) obj.metadata.finalizers = [...finalizers, PVC_PROTECTION];
  }
  if (!isRecord(obj.spec)) return;
  if (def.kind === "Service" && allocate) serviceAllocations(obj.spec, old && isRecord(old.spec) ? old.spec : undefined);
  if (def.kind === "Pod" && !old) {
    prepareNewPod(obj);
    admitTolerations(obj.spec);
    admitPriority(obj.spec);
  }
}

/**
 * Fills in what the real server would on a create (`old` undefined) or on an update of `old`: the defaulting every
 * decode applies, then (after `decoded`, where kube-apiserver's field manager looks at the object) on create the
 * allocations and the admission plugins that change a new Pod. Objects a scenario loads get the create's, as if they
 * had been created through the API. A Service created through its status subresource gets no allocations.
 */
export function applyDefaults(def: ResourceDef, obj: KubeObject, old?: KubeObject, decoded?: () => void, allocate = true): void {
  decodeDefaults(def, obj);
  decoded?.();
  admissionDefaults(def, obj, old, allocate);
}
