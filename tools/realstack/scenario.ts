// Applies a simulator scenario (sim/scenarios/*.yaml) to the real cluster the way a real cluster has it: the objects
// people create (Namespace, Deployment, Service, PVC, IngressRoute, snapshot classes and snapshots…) are created, and
// what the control plane makes itself (ReplicaSets, their Pods, EndpointSlices, PV bindings, Events) is left to the
// real controllers. A static PV per bound PVC lets the real binder bind it. Container states a kubelet would report
// (CrashLoopBackOff, OOMKilled) go in through pods/status once KWOK has the pod running.
import { loadScenario, type Scenario } from "../../sim/scenario.ts";
import { RealStackError } from "./binaries.ts";
import { collectionPath, kubeCall, kubeRequest, type KubeConn, type KubeObject } from "./kubeapi.ts";
import { waitFor, type Proc } from "./processes.ts";

export type PreparedScenario = Scenario;

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

/** Loads and checks a scenario before anything starts; throws a RealStackError naming what is wrong. */
export function checkScenario(nameOrFile: string): Scenario {
  let scenario: Scenario;
  try {
    scenario = loadScenario(nameOrFile);
  } catch (err) {
    throw new RealStackError(`invalid scenario: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]?.trim() ?? ""}`);
  }
  for (const o of scenario.objects) {
    const obj = o as Partial<KubeObject>;
    const meta = isDoc(obj.metadata) ? obj.metadata : undefined;
    if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string" || typeof meta?.name !== "string") {
      throw new RealStackError(`invalid scenario ${scenario.name}: an object lacks apiVersion, kind or metadata.name`);
    }
    if (skipped(obj as KubeObject)) continue;
    try {
      collectionPath(obj as KubeObject);
    } catch (err) {
      throw new RealStackError(`invalid scenario ${scenario.name}: ${(err as Error).message} (${meta.name})`);
    }
  }
  return scenario;
}

/** A Pod a ReplicaSet made: owned by one, or carrying the pod-template-hash label the ReplicaSet controller sets. */
const replicaSetPod = (o: KubeObject) => ownerKind(o).length > 0 || (isDoc(o.metadata.labels) && "pod-template-hash" in o.metadata.labels);

const ownerKind = (o: KubeObject) => ((o.metadata.ownerReferences as { kind: string }[] | undefined) ?? []).map((r) => r.kind);

/** Objects a real control plane creates itself. */
function skipped(o: KubeObject): boolean {
  if (o.kind === "ReplicaSet" || o.kind === "Event") return true;
  if (o.kind === "Pod" && replicaSetPod(o)) return true;
  if (o.kind === "EndpointSlice") return true;
  if (o.kind === "VolumeSnapshotContent") return true;
  return false;
}

/** metadata as a user writes it: no server-set fields. */
function userMeta(meta: Doc, drop: { annotations?: RegExp; finalizers?: boolean } = {}): Doc {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, generation: _g, managedFields: _m, ownerReferences: _o, deletionTimestamp: _d, finalizers, annotations, ...rest } = meta;
  const out: Doc = { ...rest };
  if (isDoc(annotations)) {
    const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !(drop.annotations?.test(k) ?? false)));
    if (Object.keys(kept).length > 0) out.annotations = kept;
  }
  if (Array.isArray(finalizers) && !drop.finalizers) out.finalizers = finalizers;
  return out;
}

let nodeIndex = 0;

/** The scenario's objects turned into what a user would have applied. */
function userObject(o: KubeObject): KubeObject | undefined {
  const copy = structuredClone(o) as KubeObject & Doc;
  const meta = userMeta(copy.metadata, { annotations: /^(deployment\.kubernetes\.io\/|pv\.kubernetes\.io\/|volume\.kubernetes\.io\/|volume\.beta\.kubernetes\.io\/)/, finalizers: true });
  switch (o.kind) {
    case "Namespace":
      return { apiVersion: o.apiVersion, kind: o.kind, metadata: meta as unknown as KubeObject["metadata"] };
    case "Node": {
      const status = isDoc(copy.status) ? copy.status : {};
      const annotations = { ...(isDoc(meta.annotations) ? meta.annotations : {}), "kwok.x-k8s.io/node": "fake" };
      return {
        apiVersion: o.apiVersion,
        kind: o.kind,
        metadata: { ...meta, annotations } as unknown as KubeObject["metadata"],
        spec: isDoc(copy.spec) ? copy.spec : {},
        // Each node its own InternalIP (KWOK would give every node --node-ip).
        status: { capacity: status.capacity, allocatable: status.allocatable, nodeInfo: status.nodeInfo, addresses: [{ type: "InternalIP", address: `10.0.0.${21 + nodeIndex++}` }, { type: "Hostname", address: o.metadata.name }] },
      };
    }
    case "Deployment": {
      const spec = copy.spec as Doc & { template?: { metadata?: { labels?: Record<string, string> } } };
      if (spec.template?.metadata?.labels) delete spec.template.metadata.labels["pod-template-hash"];
      return { apiVersion: o.apiVersion, kind: o.kind, metadata: meta as unknown as KubeObject["metadata"], spec };
    }
    case "PersistentVolumeClaim": {
      const spec = { ...(copy.spec as Doc) };
      delete spec.volumeName;
      return { apiVersion: o.apiVersion, kind: o.kind, metadata: meta as unknown as KubeObject["metadata"], spec };
    }
    case "Service": {
      const { status: _s, ...rest } = copy;
      return { ...rest, metadata: meta as unknown as KubeObject["metadata"] };
    }
    default: {
      const { status: _s, ...rest } = copy;
      // A VolumeSnapshot's finalizers are snapshot-controller's (tools/realstack/snapshotter.ts adds them).
      return { ...rest, metadata: userMeta(copy.metadata, { finalizers: true }) as unknown as KubeObject["metadata"] };
    }
  }
}

/** Kinds in the order a person would apply them (dependencies first). */
const ORDER = ["Namespace", "StorageClass", "Node", "PersistentVolume", "PersistentVolumeClaim", "ConfigMap", "Secret", "ServiceAccount", "VolumeSnapshotClass", "Service", "Deployment", "Pod"];
const rank = (kind: string) => (ORDER.includes(kind) ? ORDER.indexOf(kind) : ORDER.length);

/** Names of the VolumeSnapshots the scenario holds as already taken (the snapshotter makes them ready at once). */
export function readySnapshots(scenario: Scenario): Map<string, { restoreSize?: string }> {
  const ready = new Map<string, { restoreSize?: string }>();
  for (const o of scenario.objects as KubeObject[]) {
    if (o.kind !== "VolumeSnapshot") continue;
    const status = isDoc(o.status) ? o.status : {};
    if (status.readyToUse === true) ready.set(`${o.metadata.namespace}/${o.metadata.name}`, { restoreSize: status.restoreSize as string | undefined });
  }
  return ready;
}

export async function applyScenario(conn: KubeConn, scenario: Scenario, log: (line: string) => void, procs: Proc[]): Promise<void> {
  const snapshotApi = scenario.state.api.snapshotApi !== false;
  const objects = (scenario.objects as KubeObject[]).filter((o) => !skipped(o) && (snapshotApi || !o.apiVersion.startsWith("snapshot.storage.k8s.io/")));
  const created: KubeObject[] = [];
  // A StorageClass per class the PVCs name (a real cluster has it), then a static PV per PVC that is Bound in the scenario.
  const pvcs = objects.filter((o) => o.kind === "PersistentVolumeClaim");
  const classes = new Map<string, string>();
  for (const pvc of pvcs) {
    const spec = pvc.spec as Doc;
    const cls = typeof spec.storageClassName === "string" ? spec.storageClassName : undefined;
    const annotations = (pvc.metadata.annotations ?? {}) as Record<string, string>;
    if (cls) classes.set(cls, annotations["volume.kubernetes.io/storage-provisioner"] ?? "driver.longhorn.io");
  }
  const extra: KubeObject[] = [];
  for (const [name, provisioner] of classes) {
    if (objects.some((o) => o.kind === "StorageClass" && o.metadata.name === name)) continue;
    extra.push({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner, reclaimPolicy: "Delete", volumeBindingMode: "Immediate", allowVolumeExpansion: true });
  }
  // A cluster with NVIDIA GPU nodes has the `nvidia` RuntimeClass of the NVIDIA container toolkit (the example Ollama uses it).
  const gpuNodes = objects.some((o) => o.kind === "Node" && isDoc(o.status) && isDoc(o.status.allocatable) && "nvidia.com/gpu" in o.status.allocatable);
  if (gpuNodes && !objects.some((o) => o.kind === "RuntimeClass" && o.metadata.name === "nvidia")) {
    extra.push({ apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", metadata: { name: "nvidia" }, handler: "nvidia" });
  }
  for (const pvc of pvcs) {
    const status = isDoc(pvc.status) ? pvc.status : {};
    if (status.phase !== "Bound") continue;
    const spec = pvc.spec as Doc & { resources?: { requests?: { storage?: string } } };
    const capacity = (isDoc(status.capacity) ? status.capacity.storage : undefined) ?? spec.resources?.requests?.storage;
    const name = typeof spec.volumeName === "string" ? spec.volumeName : `pv-${pvc.metadata.name}`;
    const cls = typeof spec.storageClassName === "string" ? spec.storageClassName : undefined;
    extra.push({
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name },
      spec: {
        capacity: { storage: capacity },
        accessModes: spec.accessModes ?? ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        volumeMode: spec.volumeMode ?? "Filesystem",
        ...(cls ? { storageClassName: cls } : {}),
        csi: { driver: (cls && classes.get(cls)) ?? "driver.longhorn.io", volumeHandle: name },
      },
    });
  }
  const toCreate = [...extra, ...objects.map(userObject).filter((o): o is KubeObject => o !== undefined)].sort((a, b) => rank(a.kind) - rank(b.kind));
  for (const o of toCreate) {
    if (o.kind === "Namespace" && o.metadata.name === "default") continue;
    // ServiceAccount admission refuses a Pod until the namespace's `default` ServiceAccount exists (the controller makes it).
    if (o.kind === "Pod") {
      const sa = `/api/v1/namespaces/${o.metadata.namespace ?? "default"}/serviceaccounts/default`;
      await waitFor(`ServiceAccount ${o.metadata.namespace ?? "default"}/default`, async () => (await kubeRequest(conn, "GET", sa)).status === 200, 30_000);
    }
    const res = await kubeRequest(conn, "POST", collectionPath(o), o);
    if (res.status === 409 && o.kind === "Namespace") continue;
    if (res.status < 200 || res.status >= 300) {
      const message = (res.body as { message?: string }).message ?? res.status;
      throw new RealStackError(`scenario ${scenario.name}: the API server refused ${o.kind} ${o.metadata.name}: ${message}`);
    }
    created.push(o);
  }
  log(`real: applied ${created.length} objects of scenario ${scenario.name}`);

  // The real binder binds each static PV to its claim (before the scheduler looks at pods that mount it).
  for (const pvc of pvcs.filter((p) => isDoc(p.status) && p.status.phase === "Bound")) {
    const path = `/api/v1/namespaces/${pvc.metadata.namespace ?? "default"}/persistentvolumeclaims/${pvc.metadata.name}`;
    await waitFor(`PVC ${pvc.metadata.namespace}/${pvc.metadata.name} to be bound`, async () => (await kubeRequest<{ status?: { phase?: string } }>(conn, "GET", path)).body.status?.phase === "Bound", 30_000);
  }
  // The real controllers take it from here; wait until each Deployment's pods look like the scenario's.
  const kwok = procs.find((p) => p.name === "kwok");
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    const ns = d.metadata.namespace ?? "default";
    const selector = (d.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    const labelSelector = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",");
    const scenarioPod = (scenario.objects as KubeObject[]).find(
      (o) => o.kind === "Pod" && o.metadata.namespace === ns && replicaSetPod(o) && Object.entries(selector).every(([k, v]) => (o.metadata.labels as Record<string, string> | undefined)?.[k] === v),
    );
    const podStatus = (scenarioPod?.status ?? {}) as Doc;
    const scheduled = typeof (scenarioPod?.spec as Doc | undefined)?.nodeName === "string";
    const podsPath = `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(labelSelector)}`;
    type PodList = { items: { metadata: { name: string }; spec: { nodeName?: string }; status: Doc }[] };
    let podName = "";
    await waitFor(
      `the pods of Deployment ${ns}/${d.metadata.name}`,
      async () => {
        const pods = (await kubeCall<PodList>(conn, "GET", podsPath)).body.items;
        const pod = pods[0];
        if (!pod) return false;
        podName = pod.metadata.name;
        if (!scheduled) return ((pod.status.conditions as { type: string; status: string }[] | undefined) ?? []).some((c) => c.type === "PodScheduled" && c.status === "False");
        return typeof pod.status.podIP === "string";
      },
      60_000,
      kwok,
    );
    // What the kubelet would report beyond "running and ready": a container waiting in CrashLoopBackOff, its last termination.
    const statuses = (podStatus.containerStatuses as Doc[] | undefined) ?? [];
    if (scheduled && statuses.some((s) => !isDoc(s.state) || !isDoc(s.state.running) || s.ready === false)) {
      await setContainerStates(conn, ns, podName, statuses);
    }
  }
}

/** Writes container states through pods/status, as the kubelet does (Ready follows the containers). */
export async function setContainerStates(conn: KubeConn, ns: string, pod: string, statuses: Doc[]): Promise<void> {
  const current = (await kubeCall<{ status: { containerStatuses?: Doc[]; conditions?: Doc[] } }>(conn, "GET", `/api/v1/namespaces/${ns}/pods/${pod}`)).body.status;
  const byName = new Map(statuses.map((s) => [s.name as string, s]));
  const containerStatuses = (current.containerStatuses ?? []).map((c) => {
    const want = byName.get(c.name as string);
    return want ? { ...c, state: want.state, lastState: want.lastState ?? {}, ready: want.ready ?? false, restartCount: want.restartCount ?? 0, started: want.started ?? false } : c;
  });
  const allReady = containerStatuses.every((c) => c.ready === true);
  const now = new Date().toISOString();
  const conditions = (current.conditions ?? []).map((c) =>
    c.type === "Ready" || c.type === "ContainersReady" ? { ...c, status: allReady ? "True" : "False", ...(allReady ? {} : { reason: "ContainersNotReady", message: "containers with unready status" }), lastTransitionTime: now } : c,
  );
  await kubeCall(conn, "PATCH", `/api/v1/namespaces/${ns}/pods/${pod}/status`, { status: { containerStatuses, conditions } }, "application/strategic-merge-patch+json");
}
