// The garbage collector (kube-controller-manager v1.34, pkg/controller/garbagecollector): it follows every
// ownerReference of every served kind, as real's graph does.
// - An object whose owners are all gone (no object of that kind and name, or one with another uid) is deleted, in the
//   background unless its own finalizers say otherwise; one with an owner left only loses the references to the gone
//   ones. An owner of a kind not served (the RESTMapper cannot map it), or a namespaced owner of a cluster-scoped object,
//   is never taken for gone: such an object stays.
// - An owner deleted with `propagationPolicy: Orphan` (the `orphan` finalizer) has its references taken out of every
//   dependent, then the finalizer; with `Foreground` (`foregroundDeletion`) its dependents are deleted (in the
//   foreground themselves when they have dependents of their own), and its finalizer goes once no dependent with
//   `blockOwnerDeletion: true` is left; a dependent without it is deleted, not waited for.
// The attempts run a moment after the change that calls for them (real's work queues answer within milliseconds); a
// scenario load is looked over once its controllers have made what its objects refer to.
import { CONTROLLER_MANAGER, writtenBy } from "../managed-fields.ts";
import { RESOURCES } from "../resources.ts";
import { deleteWithOutcome, FOREGROUND, ORPHAN, type Propagation } from "../strategy.ts";
import type { KubeObject, OwnerReference, ResourceDef, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const ATTEMPT_MS = 20;
// After a scenario load: the deployment controller first makes the ReplicaSets its Pods name as owners.
const RESET_SCAN_MS = 1_000;
// A write that lost a race (a 409) is tried again.
const RETRY_MS = 200;

type Owner = "solid" | "dangling" | "waiting" | "unknown";

const deletingDependents = (obj: KubeObject) => !!obj.metadata.deletionTimestamp && !!obj.metadata.finalizers?.includes(FOREGROUND);

export function garbageCollector({ store, timers, settings }: ControllerContext): Controller {
  const queued = new Set<string>();

  const served = (): ResourceDef[] => RESOURCES.filter((d) => d.verbs.includes("delete") && (settings.snapshotApi || !d.snapshotApi));

  /** The RESTMapper's answer for a reference: its served resource, or undefined. */
  function ownerDef(ref: OwnerReference): ResourceDef | undefined {
    const [group, version] = ref.apiVersion.includes("/") ? ref.apiVersion.split("/", 2) : ["", ref.apiVersion];
    return served().find((d) => d.kind === ref.kind && d.group === group && d.version === version);
  }

  function owner(item: KubeObject, ref: OwnerReference): { state: Owner; object?: KubeObject } {
    const def = ownerDef(ref);
    if (!def || (def.namespaced && !item.metadata.namespace)) return { state: "unknown" };
    const found = store.get(def.kind, def.namespaced ? item.metadata.namespace : undefined, ref.name);
    if (!found || found.metadata.uid !== ref.uid) return { state: "dangling" };
    return { state: deletingDependents(found) ? "waiting" : "solid", object: found };
  }

  /** Every object that names `obj` as an owner: in its namespace, or anywhere for a cluster-scoped owner. */
  function dependentsOf(obj: KubeObject): KubeObject[] {
    const uid = obj.metadata.uid;
    return served()
      .filter((d) => d.namespaced || !obj.metadata.namespace)
      .flatMap((d) => store.list(d.kind, obj.metadata.namespace))
      .filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === uid));
  }

  function enqueue(obj: KubeObject, work: "delete" | "orphan", ms = ATTEMPT_MS): void {
    const key = `${work}/${obj.kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name}/${obj.metadata.uid}`;
    if (queued.has(key)) return;
    queued.add(key);
    timers.after(ms, () => {
      queued.delete(key);
      const current = store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
      if (!current || current.metadata.uid !== obj.metadata.uid) return;
      try {
        if (work === "orphan") orphanDependents(current);
        else attemptToDelete(current);
      } catch {
        // A conflict with another writer: look again.
        enqueue(current, work, RETRY_MS);
      }
    });
  }

  /** Writes `obj` without the references to `uids` (the GC's patch of metadata.ownerReferences). */
  function dropReferences(obj: KubeObject, uids: string[]): void {
    const refs = (obj.metadata.ownerReferences ?? []).filter((r) => !uids.includes(r.uid));
    const next = structuredClone(obj);
    if (refs.length) next.metadata.ownerReferences = refs;
    else delete next.metadata.ownerReferences;
    store.replace(writtenBy(CONTROLLER_MANAGER, obj, next));
  }

  function removeFinalizer(obj: KubeObject, finalizer: string): void {
    const next = structuredClone(obj);
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (rest.length) next.metadata.finalizers = rest;
    else delete next.metadata.finalizers;
    store.replace(writtenBy(CONTROLLER_MANAGER, obj, next));
  }

  function remove(obj: KubeObject, propagationPolicy: Propagation): void {
    const def = served().find((d) => d.kind === obj.kind)!;
    const preconditions = { uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion };
    deleteWithOutcome(store, def, obj.metadata.namespace, obj.metadata.name, { preconditions, propagationPolicy });
  }

  /** attemptToDeleteItem. */
  function attemptToDelete(item: KubeObject): void {
    if (item.metadata.deletionTimestamp && !deletingDependents(item)) return;
    if (deletingDependents(item)) {
      const blocking = dependentsOf(item).filter((d) => d.metadata.ownerReferences?.some((r) => r.uid === item.metadata.uid && r.blockOwnerDeletion));
      if (!blocking.length) return removeFinalizer(item, FOREGROUND);
      for (const dep of blocking) if (!deletingDependents(dep)) enqueue(dep, "delete");
      return;
    }
    const refs = item.metadata.ownerReferences ?? [];
    if (!refs.length) return;
    const states = refs.map((ref) => ({ ref, ...owner(item, ref) }));
    // An owner it cannot look up is an error to real's collector, which leaves the object and tries again later.
    if (states.some((s) => s.state === "unknown")) return;
    const gone = states.filter((s) => s.state !== "solid").map((s) => s.ref.uid);
    if (states.some((s) => s.state === "solid")) {
      if (gone.length) dropReferences(item, gone);
      return;
    }
    if (states.some((s) => s.state === "waiting") && dependentsOf(item).length) return remove(item, "Foreground");
    const finalizers = item.metadata.finalizers ?? [];
    remove(item, finalizers.includes(ORPHAN) ? "Orphan" : finalizers.includes(FOREGROUND) ? "Foreground" : "Background");
  }

  /** orphanDependents, then the owner's `orphan` finalizer. */
  function orphanDependents(item: KubeObject): void {
    if (!item.metadata.deletionTimestamp || !item.metadata.finalizers?.includes(ORPHAN)) return;
    for (const dep of dependentsOf(item)) dropReferences(dep, [item.metadata.uid ?? ""]);
    removeFinalizer(store.get(item.kind, item.metadata.namespace, item.metadata.name) ?? item, ORPHAN);
  }

  /** What one change asks of the collector (the graph builder's processGraphChanges). */
  function observe(obj: KubeObject, old: KubeObject | undefined, deleted: boolean): void {
    if (deleted) {
      for (const dep of dependentsOf(obj)) enqueue(dep, "delete");
    } else {
      if (obj.metadata.ownerReferences?.length) enqueue(obj, "delete");
      if (obj.metadata.deletionTimestamp && obj.metadata.finalizers?.includes(ORPHAN)) enqueue(obj, "orphan");
      if (deletingDependents(obj)) {
        enqueue(obj, "delete");
        if (!old || !deletingDependents(old)) for (const dep of dependentsOf(obj)) enqueue(dep, "delete");
      }
    }
    // An owner waiting for its dependents looks again when one goes or stops naming it.
    const kept = new Set(deleted ? [] : (obj.metadata.ownerReferences ?? []).map((r) => r.uid));
    for (const ref of [...(obj.metadata.ownerReferences ?? []), ...(old?.metadata.ownerReferences ?? [])]) {
      if (kept.has(ref.uid)) continue;
      const found = owner(obj, ref);
      if (found.object && deletingDependents(found.object)) enqueue(found.object, "delete");
    }
  }

  return {
    onEvent(event: StoreEvent) {
      observe(event.object, event.old, event.type === "DELETED");
    },
    onReset() {
      queued.clear();
      timers.after(RESET_SCAN_MS, () => {
        for (const def of served()) {
          for (const obj of store.list(def.kind)) {
            if (obj.metadata.ownerReferences?.length || (obj.metadata.deletionTimestamp && obj.metadata.finalizers?.some((f) => f === ORPHAN || f === FOREGROUND))) observe(obj, undefined, false);
          }
        }
      });
    },
  };
}
