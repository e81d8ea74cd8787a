// In-memory object store: one global resourceVersion, a bounded change history, synchronous listeners.
import { randomUUID } from "node:crypto";
import { alreadyExists, namespaceTerminating, notFound } from "./errors.ts";
import { deepEqual, isRecord, timestamp } from "./json.ts";
import { defForKind } from "./resources.ts";
import type { KubeObject, ResourceDef, StoreEvent, StoreEventType } from "./types.ts";

type Listener = (event: StoreEvent) => void;

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

/**
 * Everything but metadata and status: a change here bumps metadata.generation. A Deployment's annotations count too
 * when a client writes the main resource (the deployment strategy), not when its controller writes them with the status.
 */
function specOf(obj: KubeObject, byClient: boolean): Record<string, unknown> {
  const { metadata, status: _s, ...rest } = obj;
  if (byClient && obj.kind === "Deployment") return { ...rest, annotations: metadata.annotations ?? {} };
  // A Pod's binding sets spec.nodeName without a new generation (it is not an update of the Pod).
  if (obj.kind === "Pod" && isRecord(rest.spec)) {
    const { nodeName: _n, ...spec } = rest.spec;
    return { ...rest, spec };
  }
  return rest;
}

/**
 * Whether an update leaves a terminating object nothing to wait for (ShouldDeleteDuringUpdate), so that it deletes
 * it: no finalizer left, its grace period over, and for a Namespace no spec.finalizers either (ShouldDeleteNamespaceDuringUpdate).
 */
function emptiedFinalizers(obj: KubeObject): boolean {
  if (!obj.metadata.deletionTimestamp || (obj.metadata.deletionGracePeriodSeconds ?? 0) !== 0 || obj.metadata.finalizers?.length) return false;
  return obj.kind !== "Namespace" || !(isRecord(obj.spec) && Array.isArray(obj.spec.finalizers) && obj.spec.finalizers.length);
}

/** Fills the identity a new object gets: uid, creationTimestamp, generation; cluster objects lose any namespace. */
function stamp(def: ResourceDef, obj: KubeObject): void {
  if (!def.namespaced) delete obj.metadata.namespace;
  obj.metadata.uid ??= randomUUID();
  obj.metadata.creationTimestamp ??= timestamp();
  if (def.generation || def.crd) obj.metadata.generation ??= 1;
}

/** The object store; objects going in and out are copies, so callers may mutate what they get. */
export class ObjectStore {
  readonly #objects = new Map<string, Map<string, KubeObject>>();
  readonly #listeners = new Set<Listener>();
  readonly #resetListeners = new Set<() => void>();
  readonly #admission = new Map<string, (obj: KubeObject) => void>();
  readonly #historySize: number;
  #history: StoreEvent[] = [];
  #rv = 1000;
  /** etcd's side: the oldest revision still kept (older ones are compacted: history beyond historySize). */
  #floor = 1000;
  /** The watch cache's side: where it last started from a list (an API server restart starts it at the current revision). */
  #watchFloor = 1000;
  /** The revision of the last etcd compaction (the `compact-etcd` action). */
  #compacted = 1000;

  constructor(historySize = 1000) {
    this.#historySize = historySize;
  }

  /** The latest resourceVersion, as list metadata carries it. */
  get resourceVersion(): string {
    return String(this.#rv);
  }

  /** Oldest resourceVersion a watch may resume from. */
  get oldestResumable(): number {
    return Math.max(this.#floor, this.#watchFloor);
  }

  /**
   * What a kube-apiserver restart does to its watch cache (found against a real one, sim/README.md "Differences" 6): the
   * cache starts from a list at etcd's current revision, so a watch from any older resourceVersion gets 410 Expired,
   * while etcd itself still serves lists at revisions it has not compacted (`resourceVersionMatch=Exact`).
   */
  restartWatchCache(): void {
    this.#watchFloor = this.#rv;
  }

  /**
   * An etcd compaction at the current revision. kube-apiserver's watch cache outlives it: lists and watches at older
   * revisions are still served from the cache's window, until the API server restarts. Returns the revision.
   */
  compact(): number {
    this.#compacted = this.#rv;
    return this.#rv;
  }

  /**
   * The objects of a kind as they were at resourceVersion `rv` (a list with `resourceVersionMatch=Exact`): undefined when
   * neither the watch cache's window nor etcd still has that revision, "future" past the current one.
   */
  listAt(kind: string, namespace: string | undefined, rv: number): KubeObject[] | undefined | "future" {
    if (rv > this.#rv) return "future";
    // The watch cache's window serves it (across a compaction); below that, etcd does unless it compacted the revision.
    if (rv < this.oldestResumable && rv < Math.max(this.#floor, this.#compacted)) return undefined;
    const def = defForKind(kind);
    const at = new Map(this.#objects.get(def.kind) ?? []);
    // Undo every later change of this kind, newest first.
    for (const e of [...this.#history].reverse()) {
      if (e.rv <= rv) break;
      if (e.def.kind !== def.kind) continue;
      const key = keyOf(def.namespaced ? e.object.metadata.namespace : undefined, e.object.metadata.name);
      if (e.type === "ADDED") at.delete(key);
      else if (e.old) at.set(key, e.old);
    }
    const all = [...at.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
    return structuredClone(namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace));
  }

  #bucket(kind: string): Map<string, KubeObject> {
    let bucket = this.#objects.get(kind);
    if (!bucket) this.#objects.set(kind, (bucket = new Map<string, KubeObject>()));
    return bucket;
  }

  /** A copy of one object, or undefined. */
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.#objects.get(kind)?.get(keyOf(defForKind(kind).namespaced ? namespace : undefined, name));
    return obj && structuredClone(obj);
  }

  /** Whether `namespace` is being deleted (its phase Terminating): NamespaceLifecycle refuses new content in it. */
  terminating(namespace: string | undefined): boolean {
    const ns = namespace === undefined ? undefined : this.#objects.get("Namespace")?.get(keyOf(undefined, namespace));
    return isRecord(ns?.status) && ns.status.phase === "Terminating";
  }

  /** Copies of every object of a kind (in one namespace when given), sorted like etcd keys. */
  list(kind: string, namespace?: string): KubeObject[] {
    const all = [...(this.#objects.get(kind)?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
    return structuredClone(namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace));
  }

  /**
   * The admission a new object of `kind` goes through in create(), for the plugins that read other objects (the
   * ServiceAccount plugin): so the Pods a controller creates are admitted as those of a client.
   */
  admit(kind: string, plugin: (obj: KubeObject) => void): void {
    this.#admission.set(kind, plugin);
  }

  /**
   * Admits and stores a new object (uid, creationTimestamp, generation filled when absent); AlreadyExists if taken.
   * `dryRun`: everything but the write (the object comes back without a resourceVersion, as real's dry run).
   */
  create(input: KubeObject, dryRun = false): KubeObject {
    const def = defForKind(input.kind);
    const obj = structuredClone(input);
    // NamespaceLifecycle: what the simulated controllers make is admitted too (the handlers check it earlier, before validation).
    if (def.namespaced && this.terminating(obj.metadata.namespace)) throw namespaceTerminating(def, obj.metadata.name, obj.metadata.namespace ?? "");
    this.#admission.get(def.kind)?.(obj);
    const key = keyOf(def.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    const taken = this.#bucket(def.kind).get(key);
    if (taken) throw alreadyExists(def, obj.metadata.name, !!taken.metadata.deletionTimestamp);
    stamp(def, obj);
    if (dryRun) return obj;
    return this.#write(def, key, "ADDED", obj, undefined);
  }

  /**
   * Replaces an existing object (NotFound otherwise), keeping its identity. A write that changes
   * nothing is skipped, as the apiserver does; a terminating object whose last finalizer is gone (and whose
   * grace period is over) is removed. `byClient`: an update or patch of the main resource through the API. `dryRun`:
   * the object as it would be stored, at its old resourceVersion, and nothing written. `mark`: a delete's mark written
   * just before the delete itself, kept even though nothing holds it.
   */
  replace(input: KubeObject, byClient = false, dryRun = false, mark = false): KubeObject {
    const def = defForKind(input.kind);
    const obj = structuredClone(input);
    const key = keyOf(def.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    const old = this.#bucket(def.kind).get(key);
    if (!old) throw notFound(def, obj.metadata.name);
    obj.metadata = { ...obj.metadata, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp, resourceVersion: old.metadata.resourceVersion };
    if (!def.namespaced) delete obj.metadata.namespace;
    if (old.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    // A delete's first mark has bumped the generation already (strategy.ts, as markAsDeleting and BeforeDelete do).
    const marking = !old.metadata.deletionTimestamp && !!obj.metadata.deletionTimestamp;
    if (old.metadata.generation !== undefined && !marking) {
      obj.metadata.generation = old.metadata.generation + (deepEqual(specOf(old, byClient), specOf(obj, byClient)) ? 0 : 1);
    }
    if (deepEqual(old, obj)) return structuredClone(old);
    if (dryRun) return obj;
    if (!mark && emptiedFinalizers(obj)) {
      // The watch's DELETED event carries the object as it was stored; the writer gets its own, at the old resourceVersion.
      this.#drop(def, key, old);
      return obj;
    }
    return this.#write(def, key, "MODIFIED", obj, old);
  }

  /** Removes an object at once (no finalizers, no grace); NotFound if absent. Returns the removed object (`dryRun`: keeps it). */
  remove(kind: string, namespace: string | undefined, name: string, dryRun = false): KubeObject {
    const def = defForKind(kind);
    const key = keyOf(def.namespaced ? namespace : undefined, name);
    const old = this.#bucket(def.kind).get(key);
    if (!old) throw notFound(def, name);
    if (dryRun) return structuredClone(old);
    return this.#drop(def, key, old);
  }

  #drop(def: ResourceDef, key: string, old: KubeObject): KubeObject {
    this.#bucket(def.kind).delete(key);
    const gone = structuredClone(old);
    gone.metadata.resourceVersion = String(++this.#rv);
    this.#record({ type: "DELETED", def, object: gone, old, rv: this.#rv });
    return structuredClone(gone);
  }

  #write(def: ResourceDef, key: string, type: StoreEventType, obj: KubeObject, old: KubeObject | undefined): KubeObject {
    obj.metadata.resourceVersion = String(++this.#rv);
    this.#bucket(def.kind).set(key, obj);
    this.#record({ type, def, object: obj, ...(old ? { old } : {}), rv: this.#rv });
    return structuredClone(obj);
  }

  #record(event: StoreEvent): void {
    this.#history.push(event);
    if (this.#history.length > this.#historySize) {
      const dropped = this.#history.splice(0, this.#history.length - this.#historySize);
      this.#floor = dropped.at(-1)?.rv ?? this.#floor;
    }
    for (const listener of [...this.#listeners]) listener(event);
  }

  /** Changes after resourceVersion `rv`, or undefined when `rv` is older than the history (410 Expired). */
  changesSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.oldestResumable) return undefined;
    return this.#history.filter((e) => e.rv > rv);
  }

  /**
   * Forgets the history: every resourceVersion handed out so far becomes too old to resume from.
   * The resourceVersion moves on by one so that a fresh list gives clients a version they can watch from.
   */
  forgetHistory(): void {
    this.#history = [];
    this.#floor = ++this.#rv;
  }

  /** Replaces every object (a scenario load); history is forgotten and reset listeners run. */
  reset(objects: KubeObject[]): void {
    this.#objects.clear();
    this.#history = [];
    for (const input of objects) {
      const obj = structuredClone(input);
      const def = defForKind(obj.kind);
      stamp(def, obj);
      obj.metadata.resourceVersion = String(++this.#rv);
      this.#bucket(def.kind).set(keyOf(obj.metadata.namespace, obj.metadata.name), obj);
    }
    this.#floor = this.#rv;
    for (const listener of [...this.#resetListeners]) listener();
  }

  /** Calls `listener` synchronously for every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` after every reset(); returns the unsubscribe function. */
  onReset(listener: () => void): () => void {
    this.#resetListeners.add(listener);
    return () => this.#resetListeners.delete(listener);
  }
}
