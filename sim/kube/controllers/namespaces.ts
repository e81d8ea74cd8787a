// The namespace controller (kube-controller-manager v1.34, pkg/controller/namespace and its deletion package): a
// deleted Namespace (Terminating, ../strategy.ts) is taken up 5 s after each change to it, emptied (its Pods first,
// then everything else it holds), its five deletion conditions written, and once nothing is left its `kubernetes`
// finalizer removed through `namespaces/<name>/finalize`, which deletes it. Content that is slow to go (a Pod in its
// grace period, an object with a finalizer) is waited for: the Namespace is looked at again after half the estimate.
import { CONTROLLER_MANAGER, CONTROLLER_MANAGER_STATUS, writtenBy } from "../managed-fields.ts";
import { isRecord, timestamp } from "../json.ts";
import { defForKind, RESOURCES } from "../resources.ts";
import { deleteObject, prepareUpdate } from "../strategy.ts";
import type { KubeObject, ResourceDef, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const FINALIZER = "kubernetes";
// namespaceDeletionGracePeriod: every change to a terminating Namespace queues it this long after.
const QUEUE_DELAY_MS = 5_000;
// finalizerEstimateSeconds: the wait assumed for content held by finalizers.
const FINALIZER_ESTIMATE = 15;
// The rate limiter's first retry after an error (5 ms, doubling); the simulator retries after a second.
const RETRY_MS = 1_000;

type Condition = { type: string; status: string; lastTransitionTime: string; reason: string; message: string };

// The five conditions, in the order the controller keeps them, with their reason and message when all is well.
const CONDITIONS: [type: string, reason: string, message: string][] = [
  ["NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"],
  ["NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"],
  ["NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"],
  ["NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"],
  ["NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"],
];

/** What deleting one resource's content left: an estimate of the wait (s), how many remain and on which finalizers. */
interface Leftover {
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
  error?: string;
}

/** The namespace's deletion conditions after a pass (updateConditions): a transition time moves only with the status. */
export function deletionConditions(current: unknown, found: Map<string, { reason: string; message: string }>, now = timestamp()): Condition[] {
  const old = (Array.isArray(current) ? current : []).filter(isRecord) as Condition[];
  const next = old.map((c) => ({ ...c }));
  for (const [type, okReason, okMessage] of CONDITIONS) {
    const bad = found.get(type);
    const want = { type, status: bad ? "True" : "False", reason: bad?.reason ?? okReason, message: bad?.message ?? okMessage };
    const had = next.find((c) => c.type === type);
    if (!had) next.push({ type: want.type, status: want.status, lastTransitionTime: now, reason: want.reason, message: want.message });
    else if (had.status !== want.status || had.reason !== want.reason || had.message !== want.message) {
      if (had.status !== want.status) had.lastTransitionTime = now;
      Object.assign(had, { status: want.status, reason: want.reason, message: want.message });
    }
  }
  return next;
}

/** The controller. */
export function namespaceController(ctx: ControllerContext): Controller {
  const { store, timers, settings } = ctx;
  // The delaying queue keeps the earliest time a Namespace was queued for.
  const due = new Map<string, number>();

  function enqueue(name: string, ms: number): void {
    const at = Date.now() + ms;
    const queued = due.get(name);
    if (queued !== undefined && queued <= at) return;
    due.set(name, at);
    timers.after(ms, () => {
      if (due.get(name) !== at) return;
      due.delete(name);
      sync(name);
    });
  }

  // What the controller finds through discovery and may delete: every namespaced resource served now.
  const deletable = (): ResourceDef[] => RESOURCES.filter((d) => d.namespaced && d.verbs.includes("delete") && (settings.snapshotApi || !d.snapshotApi));

  /** Pods are told apart from the rest: a running Pod's grace period is what the wait is estimated from. */
  function podEstimate(namespace: string, deletedAt: string): number {
    let estimate = 0;
    for (const pod of store.list("Pod", namespace)) {
      const phase = isRecord(pod.status) ? pod.status.phase : undefined;
      if (phase === "Succeeded" || phase === "Failed") continue;
      const grace = isRecord(pod.spec) && typeof pod.spec.terminationGracePeriodSeconds === "number" ? pod.spec.terminationGracePeriodSeconds : 0;
      estimate = Math.max(estimate, grace);
    }
    // An estimate the time since the deletion has already covered is none.
    return Date.now() - Date.parse(deletedAt) >= estimate * 1000 ? 0 : estimate;
  }

  /** deleteAllContentForGroupVersionResource: deletes every object of one resource, then counts what is left. */
  function deleteContent(def: ResourceDef, namespace: string, deletedAt: string): Leftover {
    const estimate = def.kind === "Pod" ? podEstimate(namespace, deletedAt) : 0;
    for (const obj of store.list(def.kind, namespace)) {
      try {
        deleteObject(store, def, namespace, obj.metadata.name);
      } catch {
        // Gone meanwhile (NotFound): what the real one ignores too.
      }
    }
    const left = store.list(def.kind, namespace);
    const finalizers = new Map<string, number>();
    for (const obj of left) for (const f of obj.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    if (left.length === 0) return { estimate: 0, remaining: 0, finalizers };
    if (estimate !== 0) return { estimate, remaining: left.length, finalizers };
    if (finalizers.size > 0) return { estimate: FINALIZER_ESTIMATE, remaining: left.length, finalizers };
    // client-go prints a GroupVersionResource as `group/version, Resource=plural`.
    const gvr = `${def.group}/${def.version}, Resource=${def.plural}`;
    return { estimate, remaining: left.length, finalizers, error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvr}` };
  }

  /** Writes the conditions when they changed (as kube-controller-manager, through the status subresource). */
  function writeConditions(ns: KubeObject, found: Map<string, { reason: string; message: string }>): void {
    const status = isRecord(ns.status) ? ns.status : {};
    const conditions = deletionConditions(status.conditions, found);
    if (JSON.stringify(conditions) === JSON.stringify(status.conditions)) return;
    store.replace(writtenBy(CONTROLLER_MANAGER_STATUS, ns, { ...ns, status: { ...status, conditions } }));
  }

  /** deleteAllContent: the wait it estimates (s), and whether anything failed. */
  function deleteAllContent(ns: KubeObject): { estimate: number; failed: boolean } {
    const namespace = ns.metadata.name;
    const deletedAt = ns.metadata.deletionTimestamp ?? timestamp();
    const errors: string[] = [];
    const found = new Map<string, { reason: string; message: string }>();
    const remaining = new Map<ResourceDef, number>();
    const finalizers = new Map<string, number>();
    let estimate = 0;
    const take = (def: ResourceDef, left: Leftover) => {
      if (left.error) errors.push(left.error);
      estimate = Math.max(estimate, left.estimate);
      if (left.remaining > 0) remaining.set(def, left.remaining);
      for (const [f, n] of left.finalizers) if (n > 0) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
    };
    const contentFailure = () => {
      if (errors.length === 0) return;
      const sorted = [...errors].sort();
      found.set("NamespaceDeletionContentFailure", { reason: "ContentDeletionFailed", message: `Failed to delete all resource types, ${sorted.length} remaining: ${sorted.join(", ")}` });
    };
    // OrderedNamespaceDeletion (GA in v1.34): the Pods go first, and nothing else is deleted while one remains.
    const pods = defForKind("Pod");
    take(pods, deleteContent(pods, namespace, deletedAt));
    if (remaining.has(pods)) {
      contentFailure();
      writeConditions(ns, found);
      return { estimate, failed: errors.length > 0 };
    }
    for (const def of deletable()) if (def !== pods) take(def, deleteContent(def, namespace, deletedAt));
    if (remaining.size > 0) {
      const parts = [...remaining].map(([def, n]) => `${def.plural}.${def.group} has ${n} resource instances`).sort();
      found.set("NamespaceContentRemaining", { reason: "SomeResourcesRemain", message: `Some resources are remaining: ${parts.join(", ")}` });
    }
    if (finalizers.size > 0) {
      const parts = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      found.set("NamespaceFinalizersRemaining", { reason: "SomeFinalizersRemain", message: `Some content in the namespace has finalizers remaining: ${parts.join(", ")}` });
    }
    contentFailure();
    writeConditions(store.get("Namespace", undefined, namespace) ?? ns, found);
    return { estimate, failed: errors.length > 0 };
  }

  /** Removes the controller's finalizer through the finalize subresource; with no other left, that deletes the Namespace. */
  function finalize(ns: KubeObject): void {
    const spec = isRecord(ns.spec) ? ns.spec : {};
    const others = (Array.isArray(spec.finalizers) ? spec.finalizers : []).filter((f) => f !== FINALIZER);
    const body = { ...ns, spec: { ...spec, finalizers: [...new Set(others)].sort() } };
    store.replace(prepareUpdate(defForKind("Namespace"), body, ns, "finalize", CONTROLLER_MANAGER));
  }

  function sync(name: string): void {
    const ns = store.get("Namespace", undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    // updateNamespaceStatusFunc: a deleted Namespace not yet Terminating (one a scenario loaded so) is made so first.
    const status = isRecord(ns.status) ? ns.status : {};
    const current = status.phase === "Terminating" ? ns : store.replace(writtenBy(CONTROLLER_MANAGER_STATUS, ns, { ...ns, status: { ...status, phase: "Terminating" } }));
    const spec = isRecord(current.spec) ? current.spec : {};
    if (!Array.isArray(spec.finalizers) || spec.finalizers.length === 0) return;
    const { estimate, failed } = deleteAllContent(current);
    if (failed) return enqueue(name, RETRY_MS);
    if (estimate > 0) return enqueue(name, (Math.floor(estimate / 2) + 1) * 1000);
    const latest = store.get("Namespace", undefined, name);
    if (latest) finalize(latest);
  }

  return {
    onEvent(event: StoreEvent) {
      if (event.def.kind !== "Namespace" || event.type === "DELETED" || !event.object.metadata.deletionTimestamp) return;
      enqueue(event.object.metadata.name, QUEUE_DELAY_MS);
    },
    onReset() {
      due.clear();
      for (const ns of store.list("Namespace")) if (ns.metadata.deletionTimestamp) enqueue(ns.metadata.name, QUEUE_DELAY_MS);
    },
  };
}
