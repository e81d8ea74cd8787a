// Deployment + ReplicaSet stand-in: keeps spec.replicas pods from the template and the status counters true.
import { recordEvent } from "../events.ts";
import { deepEqual, getArray, getNumber, getPath, isRecord, timestamp } from "../json.ts";
import { defForKind } from "../resources.ts";
import { matchesLabelSelector } from "../selectors.ts";
import { deleteObject, prepareCreate } from "../strategy.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
const REVISION = "deployment.kubernetes.io/revision";

/** The pod-template-hash the ReplicaSet controller derives: fnv32a of the template, safe-encoded. */
export function templateHash(template: unknown): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(JSON.stringify(template ?? {}))) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return [...String(hash)].map((ch) => ALPHANUMS[ch.charCodeAt(0) % ALPHANUMS.length]).join("");
}

function isReady(pod: KubeObject): boolean {
  return getArray(pod, "status.conditions").some((c) => getPath(c, "type") === "Ready" && getPath(c, "status") === "True");
}

function isActive(pod: KubeObject): boolean {
  const phase = getPath(pod, "status.phase");
  return !pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
}

function conditionsFor(old: unknown, want: number, available: number, updated: number, rsName: string): Record<string, unknown>[] {
  const previous = Array.isArray(old) ? (old as Record<string, unknown>[]) : [];
  const desired = [
    available >= want
      ? { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." }
      : { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
    available >= want && updated >= want
      ? { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${rsName}" has successfully progressed.` }
      : { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${rsName}" is progressing.` },
  ];
  const now = timestamp();
  return desired.map((c) => {
    const before = previous.find((p) => p.type === c.type);
    if (before && before.status === c.status && before.reason === c.reason && before.message === c.message) return before;
    return { ...c, lastUpdateTime: now, lastTransitionTime: before?.status === c.status ? before.lastTransitionTime : now };
  });
}

/** The deployment controller. */
export function deploymentController(ctx: ControllerContext): Controller {
  const { store, timers } = ctx;
  const queued = new Set<string>();
  // The ReplicaSet's pod-template-hash per Deployment uid, kept while it has no pods (scaled to 0).
  const hashes = new Map<string, string>();

  // The ReplicaSet controller creates its pods through the API, so they get the same defaults and admission as any.
  function newPod(deploy: KubeObject, hash: string): KubeObject {
    const template = getPath(deploy, "spec.template") as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> } | undefined;
    const rsName = `${deploy.metadata.name}-${hash}`;
    const body = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        generateName: `${rsName}-`,
        namespace: deploy.metadata.namespace,
        labels: { ...template?.metadata?.labels, "pod-template-hash": hash },
        ...(template?.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName, uid: `${deploy.metadata.uid?.slice(0, 24)}${hash.padEnd(12, "0").slice(0, 12)}`, controller: true, blockOwnerDeletion: true }],
      },
      spec: structuredClone(template?.spec ?? {}),
    };
    return prepareCreate(defForKind("Pod"), body, deploy.metadata.namespace);
  }

  function reconcile(namespace: string, name: string): void {
    const deploy = store.get("Deployment", namespace, name);
    if (!deploy || deploy.metadata.deletionTimestamp) return;
    const want = getNumber(deploy, "spec.replicas") ?? 1;
    const selector = getPath(deploy, "spec.selector");
    const pods = store.list("Pod", namespace).filter((p) => matchesLabelSelector(selector, p.metadata.labels));
    const active = pods.filter(isActive);
    const uid = deploy.metadata.uid ?? "";
    const hash = hashes.get(uid) ?? pods.find((p) => p.metadata.labels?.["pod-template-hash"])?.metadata.labels?.["pod-template-hash"] ?? templateHash(getPath(deploy, "spec.template"));
    hashes.set(uid, hash);
    const rsName = `${name}-${hash}`;
    for (let i = active.length; i < want; i++) {
      const pod = store.create(newPod(deploy, hash));
      const rs = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: rsName, namespace, uid: pod.metadata.ownerReferences?.[0]?.uid } };
      recordEvent(store, rs, { type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${pod.metadata.name}`, component: "replicaset-controller" });
      active.push(pod);
    }
    const surplus = active.length - want;
    if (surplus > 0) {
      const victims = [...active].sort((a, b) => Number(isReady(a)) - Number(isReady(b)) || (b.metadata.creationTimestamp ?? "").localeCompare(a.metadata.creationTimestamp ?? ""));
      for (const pod of victims.slice(0, surplus)) deleteObject(store, defForKind("Pod"), namespace, pod.metadata.name);
      active.splice(0, active.length, ...victims.slice(surplus));
    }
    const ready = active.filter(isReady).length;
    const counters = { replicas: active.length, updatedReplicas: active.length, readyReplicas: ready, availableReplicas: ready, unavailableReplicas: Math.max(0, want - ready) };
    const oldStatus = isRecord(deploy.status) ? deploy.status : {};
    const status: Record<string, unknown> = { observedGeneration: deploy.metadata.generation };
    // int32 counters are omitempty: zero is absent on the wire.
    for (const [key, value] of Object.entries(counters)) if (value !== 0) status[key] = value;
    status.conditions = conditionsFor(oldStatus.conditions, want, ready, active.length, rsName);
    // The controller numbers the ReplicaSets it rolls out in this annotation; a new Deployment's first is revision 1.
    const annotations = deploy.metadata.annotations?.[REVISION] ? deploy.metadata.annotations : { ...deploy.metadata.annotations, [REVISION]: "1" };
    if (!deepEqual(status, oldStatus) || annotations !== deploy.metadata.annotations) store.replace({ ...deploy, metadata: { ...deploy.metadata, annotations }, status });
  }

  function enqueue(namespace: string | undefined, name: string): void {
    const key = `${namespace ?? ""}/${name}`;
    if (queued.has(key)) return;
    queued.add(key);
    timers.after(0, () => {
      queued.delete(key);
      reconcile(namespace ?? "", name);
    });
  }

  function deleted(deploy: KubeObject): void {
    for (const pod of store.list("Pod", deploy.metadata.namespace)) {
      if (matchesLabelSelector(getPath(deploy, "spec.selector"), pod.metadata.labels) && !pod.metadata.deletionTimestamp) {
        deleteObject(store, defForKind("Pod"), pod.metadata.namespace, pod.metadata.name);
      }
    }
  }

  return {
    onEvent(event: StoreEvent) {
      const obj = event.object;
      if (event.def.kind === "Deployment") {
        if (event.type === "DELETED") deleted(obj);
        else enqueue(obj.metadata.namespace, obj.metadata.name);
      }
      if (event.def.kind !== "Pod") return;
      for (const deploy of store.list("Deployment", obj.metadata.namespace)) {
        const selector = getPath(deploy, "spec.selector");
        if (matchesLabelSelector(selector, obj.metadata.labels) || matchesLabelSelector(selector, event.old?.metadata.labels)) enqueue(deploy.metadata.namespace, deploy.metadata.name);
      }
    },
    onReset() {
      queued.clear();
      hashes.clear();
      for (const deploy of store.list("Deployment")) enqueue(deploy.metadata.namespace, deploy.metadata.name);
    },
  };
}
