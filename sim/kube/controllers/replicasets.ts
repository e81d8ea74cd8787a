// ReplicaSet controller stand-in: keeps spec.replicas pods from each ReplicaSet's template and its status counters true.
import { CONTROLLER_MANAGER, CONTROLLER_MANAGER_STATUS, writtenBy } from "../managed-fields.ts";
import { isNamespaceTerminating } from "../errors.ts";
import { recordEvent } from "../events.ts";
import { deepEqual, getArray, getNumber, getPath, isRecord, timestamp } from "../json.ts";
import { defForKind } from "../resources.ts";
import { matchesLabelSelector } from "../selectors.ts";
import { deleteObject, prepareCreate } from "../strategy.ts";
import type { KubeObject } from "../types.ts";
import type { ControllerContext } from "./context.ts";

export function isReady(pod: KubeObject): boolean {
  return getArray(pod, "status.conditions").some((c) => getPath(c, "type") === "Ready" && getPath(c, "status") === "True");
}

/**
 * Milliseconds until a ready pod counts as available (IsPodAvailable): minReadySeconds after its Ready condition's
 * lastTransitionTime; 0 once available, undefined when not ready, Infinity when ready since an unknown time.
 */
function untilAvailable(pod: KubeObject, minReadySeconds: number, now: number): number | undefined {
  if (!isReady(pod)) return undefined;
  if (!minReadySeconds) return 0;
  const since = Date.parse(String(getPath(getArray(pod, "status.conditions").find((c) => getPath(c, "type") === "Ready"), "lastTransitionTime")));
  return Number.isNaN(since) ? Infinity : Math.max(0, since + minReadySeconds * 1000 - now);
}

export function isActive(pod: KubeObject): boolean {
  const phase = getPath(pod, "status.phase");
  return !pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed";
}

/** The active pods a ReplicaSet owns (with `terminating`, also those being deleted): its selector (which carries the pod-template-hash) picks them. */
export function podsOf(ctx: ControllerContext, rs: KubeObject, terminating = false): KubeObject[] {
  const selector = getPath(rs, "spec.selector");
  const phaseOver = (p: KubeObject) => ["Succeeded", "Failed"].includes(String(getPath(p, "status.phase")));
  return ctx.store.list("Pod", rs.metadata.namespace).filter((p) => (terminating ? !phaseOver(p) : isActive(p)) && matchesLabelSelector(selector, p.metadata.labels));
}

// The ReplicaSet controller creates its pods through the API, so they get the same defaults and admission as any.
function newPod(rs: KubeObject): KubeObject {
  const template = getPath(rs, "spec.template") as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> } | undefined;
  const body = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      labels: { ...template?.metadata?.labels },
      ...(template?.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: structuredClone(template?.spec ?? {}),
  };
  return prepareCreate(defForKind("Pod"), body, rs.metadata.namespace, CONTROLLER_MANAGER);
}

/** What a ReplicaSet sync leaves to do: when to look again for a pod that becomes available, and whether a create was refused. */
export interface ReplicaSetSync {
  /** ms until a ready pod becomes available (minReadySeconds), as the real controller plans its next availability check. */
  availableInMs?: number;
  /** A pod create was refused (FailedCreate): the real controller requeues the ReplicaSet on its workqueue's backoff. */
  failed: boolean;
}

/**
 * calculateStatus's ReplicaFailure condition: set (`FailedCreate`, the refused create's error) when this sync failed and
 * none is there, kept as it was while failures go on, removed by the first sync that succeeds.
 */
function replicaFailure(old: Record<string, unknown>, failure: string | undefined): Record<string, unknown>[] {
  const conditions = Array.isArray(old.conditions) ? (old.conditions as Record<string, unknown>[]) : [];
  const present = conditions.some((c) => c.type === "ReplicaFailure");
  if (failure !== undefined && !present) {
    return [...conditions, { type: "ReplicaFailure", status: "True", lastTransitionTime: timestamp(), reason: "FailedCreate", message: failure }];
  }
  return failure === undefined && present ? conditions.filter((c) => c.type !== "ReplicaFailure") : conditions;
}

/** Creates or deletes pods until the ReplicaSet has spec.replicas, then writes its status. */
export function syncReplicaSet(ctx: ControllerContext, namespace: string, name: string): ReplicaSetSync {
  const { store } = ctx;
  const rs = store.get("ReplicaSet", namespace, name);
  if (!rs || rs.metadata.deletionTimestamp) return { failed: false };
  const want = getNumber(rs, "spec.replicas") ?? 1;
  const active = podsOf(ctx, rs);
  // As the real controller, the status counts the pods seen before this sync's creates and deletes.
  const seen = [...active];
  // A selector its template's labels do not match (only a loaded object: the API refuses one) would never see its pods: none are made.
  const fits = matchesLabelSelector(getPath(rs, "spec.selector"), (getPath(rs, "spec.template.metadata.labels") ?? {}) as Record<string, string>);
  let failure: string | undefined;
  for (let i = active.length; fits && i < want; i++) {
    let pod: KubeObject;
    try {
      pod = store.create(newPod(rs));
    } catch (err) {
      // In a namespace being deleted the real controller gives up quietly (its NamespaceTerminating check).
      if (isNamespaceTerminating(err)) break;
      // As the real controller: a refused create (422, a missing ServiceAccount) is a Warning on the ReplicaSet, and the sync goes on.
      failure = err instanceof Error ? err.message : String(err);
      recordEvent(store, rs, { type: "Warning", reason: "FailedCreate", message: `Error creating: ${failure}`, component: "replicaset-controller" });
      break;
    }
    recordEvent(store, rs, { type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${pod.metadata.name}`, component: "replicaset-controller" });
  }
  const surplus = active.length - want;
  if (surplus > 0) {
    // Not-ready first, then the youngest.
    const victims = [...active].sort((a, b) => Number(isReady(a)) - Number(isReady(b)) || (b.metadata.creationTimestamp ?? "").localeCompare(a.metadata.creationTimestamp ?? ""));
    for (const pod of victims.slice(0, surplus)) {
      deleteObject(store, defForKind("Pod"), namespace, pod.metadata.name);
      recordEvent(store, rs, { type: "Normal", reason: "SuccessfulDelete", message: `Deleted pod: ${pod.metadata.name}`, component: "replicaset-controller" });
    }
  }
  const now = Date.now();
  const minReady = getNumber(rs, "spec.minReadySeconds") ?? 0;
  const waits = seen.map((p) => untilAvailable(p, minReady, now)).filter((ms) => ms !== undefined);
  const ready = waits.length;
  const available = waits.filter((ms) => ms === 0).length;
  // replicas is always sent; the other int32 counters are omitempty.
  const status: Record<string, unknown> = { replicas: seen.length };
  if (seen.length) status.fullyLabeledReplicas = seen.length;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  status.observedGeneration = rs.metadata.generation;
  const old = isRecord(rs.status) ? rs.status : {};
  const conditions = replicaFailure(old, failure);
  if (conditions.length) status.conditions = conditions;
  if (!deepEqual(status, old)) store.replace(writtenBy(CONTROLLER_MANAGER_STATUS, rs, { ...rs, status }));
  const pending = waits.filter((ms) => ms > 0 && ms < Infinity);
  return { availableInMs: pending.length ? Math.min(...pending) : undefined, failed: failure !== undefined };
}
