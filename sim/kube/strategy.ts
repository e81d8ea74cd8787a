// What the apiserver does to an object on create, update and delete, before and after it reaches storage.
import { prepareClaimDataSources } from "./claim-spec.ts";
import { admitNewNode, applyDefaults, labelNamespace, statusDefaults } from "./defaults.ts";
import { ApiError, badRequest, conflict, forbidden, notFound } from "./errors.ts";
import { writeGoZeros } from "./go-zeros.ts";
import { isRecord, timestamp } from "./json.ts";
import { type FieldWriter, recordWrite } from "./managed-fields.ts";
import { generatedName } from "./names.ts";
import { canonicalQuantities, firstQuantityError } from "./quantity.ts";
import { apiVersionOf } from "./resources.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject, ResourceDef } from "./types.ts";
import { validateCreate, validateUpdate } from "./validation.ts";
import { dropGatedVolumeFields } from "./volume-plugins.ts";

// Status a new object starts with (the registry strategies' PrepareForCreate); undefined = no status.
function initialStatus(def: ResourceDef, status: unknown): unknown {
  if (!def.subresources.includes("status")) return status;
  switch (def.kind) {
    case "Pod":
      return { phase: "Pending", qosClass: "BestEffort" };
    case "PersistentVolumeClaim":
      return { phase: "Pending" };
    case "Namespace":
      return { phase: "Active" };
    case "Service":
    case "Ingress":
      return { loadBalancer: {} };
    case "Node":
      return status;
    case "Deployment":
      // DeploymentStatus is a struct, so a new Deployment is served with `status: {}` until its controller writes.
      return {};
    case "ReplicaSet":
      // ReplicaSetStatus.replicas has no omitempty.
      return { replicas: 0 };
    default:
      return undefined;
  }
}

/** The decoder reads every Quantity before anything else looks at the body: one it cannot read is a 400. */
function decodeQuantities(def: ResourceDef, body: unknown): void {
  const error = firstQuantityError(def.kind, body);
  if (error) throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${error}`);
}

/**
 * Turns a request body into the object to create in `namespace`: server fields dropped, name generated, validated;
 * with a `writer`, its managedFields recorded as the field manager does, on the decoded object before admission.
 * Through the status subresource (an update that creates, `createOnUpdate`) the field manager sees the status the
 * body carries, which the create then drops, and a Service gets no allocations.
 */
export function prepareCreate(def: ResourceDef, body: unknown, namespace: string | undefined, writer?: FieldWriter, subresource?: "status"): KubeObject {
  decodeQuantities(def, body);
  if (!isRecord(body) || !isRecord(body.metadata)) throw badRequest("Object 'metadata' is missing in request body");
  const meta = { ...body.metadata } as KubeObject["metadata"] & Record<string, unknown>;
  const sentFields = meta.managedFields;
  if (def.namespaced && meta.namespace && namespace && meta.namespace !== namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  for (const field of ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "managedFields", "selfLink"]) delete meta[field];
  // With neither a name nor a generateName the object goes on to validation, which names that with its other errors.
  if (!meta.name) meta.name = meta.generateName ? generatedName(meta.generateName) : "";
  if (def.namespaced) meta.namespace = namespace ?? meta.namespace ?? "default";
  else delete meta.namespace;
  const obj = { ...body, apiVersion: apiVersionOf(def), kind: def.kind, metadata: meta } as KubeObject;
  const status = initialStatus(def, obj.status);
  if (status === undefined) delete obj.status;
  else obj.status = status;
  if (def.kind === "PersistentVolumeClaim") prepareClaimDataSources(obj.spec);
  const sentStatus = body.status;
  applyDefaults(
    def,
    obj,
    undefined,
    () => {
      if (writer && subresource) obj.metadata = recordWrite(def, undefined, { ...obj, status: sentStatus }, { ...writer, subresource }).metadata;
      else if (writer) recordWrite(def, undefined, obj, writer, sentFields);
    },
    subresource === undefined,
  );
  dropGatedVolumeFields(def, obj);
  if (def.kind === "Node") admitNewNode(obj);
  canonicalQuantities(obj);
  validateCreate(def, obj);
  return obj;
}

/**
 * What a write through the status subresource keeps of the body (the status strategies' PrepareForUpdate): its
 * status and metadata, with the stored spec; a Pod keeps its owners, a Deployment its labels, a custom resource all
 * but its status.
 */
function statusUpdate(def: ResourceDef, incoming: KubeObject, old: KubeObject): KubeObject {
  let obj: KubeObject;
  if (def.crd) obj = { ...old, status: incoming.status };
  else {
    const { deletionTimestamp: _t, deletionGracePeriodSeconds: _g, ...meta } = incoming.metadata;
    obj = { ...incoming, apiVersion: apiVersionOf(def), kind: def.kind, metadata: { ...meta, name: old.metadata.name, namespace: old.metadata.namespace }, spec: old.spec };
    if (old.metadata.deletionGracePeriodSeconds !== undefined) obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    if (old.spec === undefined) delete obj.spec;
    const keep = def.kind === "Pod" ? "ownerReferences" : def.kind === "Deployment" ? "labels" : undefined;
    if (keep === "labels") obj.metadata.labels = old.metadata.labels;
    if (keep === "ownerReferences") obj.metadata.ownerReferences = old.metadata.ownerReferences;
    if (keep && obj.metadata[keep] === undefined) delete obj.metadata[keep];
  }
  if (incoming.status === undefined) delete obj.status;
  return obj;
}

/**
 * A PUT to `namespaces/<name>/finalize` (namespaceFinalizeStrategy): the body's metadata and spec.finalizers are
 * taken, the status is kept. Emptying spec.finalizers of a terminating Namespace deletes it (the store's replace), whatever
 * content it still holds: that content stays, and shows again in a Namespace of the same name.
 */
function finalizeUpdate(incoming: KubeObject, old: KubeObject): KubeObject {
  const { deletionTimestamp: _t, deletionGracePeriodSeconds: _g, ...meta } = incoming.metadata;
  const finalizers = isRecord(incoming.spec) && Array.isArray(incoming.spec.finalizers) ? incoming.spec.finalizers : [];
  const obj: KubeObject = { ...incoming, apiVersion: "v1", kind: "Namespace", metadata: { ...meta, name: old.metadata.name }, spec: finalizers.length ? { finalizers } : {} };
  if (old.status === undefined) delete obj.status;
  else obj.status = old.status;
  return obj;
}

/**
 * Merges an update body into the stored object: the main resource cannot change status, the status
 * subresource can change nothing else; a stale metadata.resourceVersion is a Conflict. With a `writer`, records the
 * managedFields of its write.
 */
export function prepareUpdate(def: ResourceDef, body: unknown, old: KubeObject, subresource: string | undefined, writer?: FieldWriter): KubeObject {
  decodeQuantities(def, body);
  if (!isRecord(body) || !isRecord(body.metadata)) throw badRequest("Object 'metadata' is missing in request body");
  const incoming = body as KubeObject;
  if (incoming.metadata.name !== undefined && incoming.metadata.name !== old.metadata.name) {
    throw badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${old.metadata.name})`);
  }
  const rv = incoming.metadata.resourceVersion;
  if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) throw conflict(def, old.metadata.name);
  let obj: KubeObject;
  if (subresource === "status") obj = statusUpdate(def, incoming, old);
  else if (subresource === "finalize") obj = finalizeUpdate(incoming, old);
  else if (subresource === "ephemeralcontainers") {
    // dropNonEphemeralContainerUpdates: only the ephemeral containers are taken; the metadata stays as it was.
    const ephemeral = isRecord(incoming.spec) ? incoming.spec.ephemeralContainers : undefined;
    obj = structuredClone(old);
    const spec = obj.spec as Record<string, unknown>;
    if (ephemeral === undefined || ephemeral === null) delete spec.ephemeralContainers;
    else spec.ephemeralContainers = ephemeral;
  } else {
    const { deletionTimestamp: _t, deletionGracePeriodSeconds: _g, ...meta } = incoming.metadata;
    obj = { ...incoming, apiVersion: apiVersionOf(def), kind: def.kind, metadata: { ...meta, name: old.metadata.name, namespace: old.metadata.namespace } };
    if (old.metadata.deletionGracePeriodSeconds !== undefined) obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    if (def.subresources.includes("status")) {
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
    }
  }
  const track = () => {
    if (writer) recordWrite(def, old, obj, { ...writer, subresource }, subresource ? undefined : incoming.metadata.managedFields);
    else if (old.metadata.managedFields) obj.metadata.managedFields = old.metadata.managedFields;
  };
  if (subresource === undefined || subresource === "ephemeralcontainers") {
    if (def.kind === "PersistentVolumeClaim") prepareClaimDataSources(obj.spec, old.spec);
    applyDefaults(def, obj, old, track);
    dropGatedVolumeFields(def, obj, old);
  } else {
    if (subresource === "status") statusDefaults(def, obj);
    if (subresource === "finalize") labelNamespace(obj);
    writeGoZeros(obj);
    track();
  }
  canonicalQuantities(obj);
  validateUpdate(def, obj, old, subresource);
  return obj;
}

/** How a delete treats the object's dependents (metav1.DeletionPropagation). */
export type Propagation = "Orphan" | "Background" | "Foreground";

/** DeleteOptions fields the simulator honours (delete-options.ts reads them from a request). */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  propagationPolicy?: Propagation;
}

/** The garbage collector's finalizers (controllers/garbage-collector.ts acts on them). */
export const ORPHAN = "orphan";
export const FOREGROUND = "foregroundDeletion";

/**
 * CheckGracefulDelete of the pod strategy: a Pod on a node that has not finished gets the asked grace period, else its
 * spec's (30 s by default); any other Pod 0.
 */
function podGraceSeconds(pod: KubeObject, options: DeleteOptions): number {
  if (!isRecord(pod.spec) || !pod.spec.nodeName) return 0;
  const phase = isRecord(pod.status) ? pod.status.phase : undefined;
  if (phase === "Succeeded" || phase === "Failed") return 0;
  const fromSpec = typeof pod.spec.terminationGracePeriodSeconds === "number" ? pod.spec.terminationGracePeriodSeconds : 30;
  return options.gracePeriodSeconds ?? fromSpec;
}

/** What a delete did: the object as the response carries it, and whether it is gone (else it is terminating). */
export interface Deletion {
  object: KubeObject;
  removed: boolean;
}

/**
 * `current` with the GC's two finalizers as a delete leaves them: the one its policy asks for (orphan for Orphan,
 * foregroundDeletion for Foreground, neither for Background), or without a policy those `kept` keeps.
 */
function withGcFinalizers(current: string[], policy: Propagation | undefined, kept: (f: string) => boolean): string[] {
  const asked = (f: string) => (policy ? policy === (f === ORPHAN ? "Orphan" : "Foreground") : kept(f));
  return [...current.filter((f) => f !== ORPHAN && f !== FOREGROUND), ...[ORPHAN, FOREGROUND].filter(asked)];
}

/**
 * deletionFinalizersForGarbageCollection: the finalizers the delete leaves, the GC's two chosen by orphanDependents, then
 * propagationPolicy, then the first of them the object already has, else none (every served kind's default policy is
 * Background); Events take neither (their strategy's policy is Unsupported). Undefined when they do not change.
 */
function gcFinalizers(def: ResourceDef, obj: KubeObject, options: DeleteOptions): string[] | undefined {
  if (def.kind === "Event") return undefined;
  const current = obj.metadata.finalizers ?? [];
  const first = current.find((f) => f === ORPHAN || f === FOREGROUND);
  const policy = options.orphanDependents !== undefined ? (options.orphanDependents ? "Orphan" : "Background") : options.propagationPolicy;
  const next = withGcFinalizers(current, policy, (f) => f === first);
  const same = next.length === new Set(current).size && next.every((f) => current.includes(f));
  return same ? undefined : next;
}

/** rest.BeforeDelete's preconditions, checked against the stored object: 409 on the kind, in BeforeDelete's words. */
function checkPreconditions(def: ResourceDef, obj: KubeObject, options: DeleteOptions): void {
  const pre = options.preconditions;
  const clash = (detail: string) => new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${def.kind} "${obj.metadata.name}": ${detail}`, { name: obj.metadata.name, kind: def.kind });
  if (pre?.uid !== undefined && pre.uid !== obj.metadata.uid) {
    throw clash(`the UID in the precondition (${pre.uid}) does not match the UID in record (${obj.metadata.uid}). The object might have been deleted and then recreated`);
  }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw clash(`the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${obj.metadata.resourceVersion}). The object might have been modified`);
  }
}

/**
 * BeforeDelete's graceful part, for a Pod (the one kind served whose strategy deletes gracefully): a first delete sets
 * deletionTimestamp to now plus the grace period and bumps the generation; a later one may only shorten a grace period
 * still running (the timestamp moves back, never into the past: then a graceful one gets 1 s). "pending": nothing to
 * change, the delete answers the object as it is.
 */
function graceful(pod: KubeObject, options: DeleteOptions): "graceful" | "pending" | "not" {
  const meta = pod.metadata;
  if (meta.deletionTimestamp) {
    const current = meta.deletionGracePeriodSeconds ?? 0;
    if (current === 0) return "not";
    if (options.gracePeriodSeconds === undefined || options.gracePeriodSeconds >= current) return "pending";
    let period = options.gracePeriodSeconds;
    let at = Date.parse(meta.deletionTimestamp) + (period - current) * 1000;
    if (at < Date.now()) {
      at = Date.now();
      if (period !== 0) period = 1;
    }
    meta.deletionTimestamp = timestamp(at);
    meta.deletionGracePeriodSeconds = period;
    return "graceful";
  }
  const period = podGraceSeconds(pod, options);
  meta.deletionTimestamp = timestamp(Date.now() + period * 1000);
  meta.deletionGracePeriodSeconds = period;
  if ((meta.generation ?? 0) > 0) meta.generation = meta.generation! + 1;
  return "graceful";
}

/**
 * Deletes like the generic registry store's Delete: the GC's finalizers set as the options ask, then an object with
 * finalizers, or a Pod in its grace period, is only marked (deletionTimestamp, deletionGracePeriodSeconds, generation
 * bumped on the first mark) and answered; the rest go at once, a Pod after an update that marks it (watchers see it
 * MODIFIED, then DELETED). `dryRun`: the same answer, nothing changed.
 */
export function deleteWithOutcome(store: ObjectStore, def: ResourceDef, namespace: string | undefined, name: string, options: DeleteOptions = {}, dryRun = false): Deletion {
  const obj = store.get(def.kind, namespace, name);
  if (!obj) throw notFound(def, name);
  if (def.kind === "Namespace") {
    const terminating = deleteNamespace(store, def, obj, options, dryRun);
    if (terminating) return { object: terminating, removed: false };
  } else checkPreconditions(def, obj, options);
  if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0) options = { ...options, gracePeriodSeconds: 1 };
  const grace = def.kind === "Pod" ? graceful(obj, options) : "not";
  if (grace === "pending") return { object: obj, removed: false };
  const finalizers = gcFinalizers(def, obj, options);
  if (grace === "graceful" || obj.metadata.finalizers?.length || finalizers) {
    if (finalizers) obj.metadata.finalizers = finalizers;
    if (!obj.metadata.finalizers?.length) delete obj.metadata.finalizers;
    const pending = !!obj.metadata.finalizers?.length;
    if (grace === "not" && pending) {
      // markAsDeleting
      if (!obj.metadata.deletionTimestamp && (obj.metadata.generation ?? 0) > 0) obj.metadata.generation! += 1;
      if (!obj.metadata.deletionTimestamp || Date.parse(obj.metadata.deletionTimestamp) > Date.now()) obj.metadata.deletionTimestamp = timestamp();
      obj.metadata.deletionGracePeriodSeconds = 0;
      return { object: store.replace(obj, false, dryRun), removed: false };
    }
    if (grace === "graceful") {
      const marked = store.replace(obj, false, dryRun, true);
      if (pending || (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0) return { object: marked, removed: false };
      if (dryRun) return { object: marked, removed: true };
    }
  }
  return { object: store.remove(def.kind, namespace, name, dryRun), removed: true };
}

/** NamespaceLifecycle keeps these, whoever asks (k8s.io/apiserver's lifecycle admission). */
const IMMORTAL_NAMESPACES = ["default", "kube-system", "kube-public"];

/**
 * The namespace registry's Delete: its own preconditions (in the storage's words); the first delete sets
 * deletionTimestamp and the Terminating phase (no grace period) and the GC's finalizers as orphanDependents or
 * propagationPolicy ask (orphanDependents false asks for foregroundDeletion here), and answers the Namespace; until the
 * namespace controller has emptied it and taken its `kubernetes` finalizer away (controllers/namespaces.ts), another
 * answers it unchanged. Undefined: nothing in spec.finalizers holds it, delete it as any object.
 */
function deleteNamespace(store: ObjectStore, def: ResourceDef, ns: KubeObject, options: DeleteOptions, dryRun: boolean): KubeObject | undefined {
  const name = ns.metadata.name;
  if (IMMORTAL_NAMESPACES.includes(name)) throw forbidden(def, name, "this namespace may not be deleted");
  const pre = options.preconditions;
  if (pre?.uid !== undefined && pre.uid !== ns.metadata.uid) throw conflict(def, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${ns.metadata.uid}`);
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== ns.metadata.resourceVersion) {
    throw conflict(def, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${ns.metadata.resourceVersion}`);
  }
  if (!ns.metadata.deletionTimestamp) {
    ns.metadata.deletionTimestamp = timestamp();
    ns.status = { ...(isRecord(ns.status) ? ns.status : {}), phase: "Terminating" };
    const has = ns.metadata.finalizers ?? [];
    const policy = options.orphanDependents !== undefined ? (options.orphanDependents ? "Orphan" : "Foreground") : options.propagationPolicy;
    const next = withGcFinalizers(has, policy, (f) => has.includes(f));
    if (next.length) ns.metadata.finalizers = next;
    else delete ns.metadata.finalizers;
    return store.replace(ns, false, dryRun);
  }
  return isRecord(ns.spec) && Array.isArray(ns.spec.finalizers) && ns.spec.finalizers.length ? ns : undefined;
}

/** deleteWithOutcome's object: what a controller's delete leaves. */
export function deleteObject(store: ObjectStore, def: ResourceDef, namespace: string | undefined, name: string, options: DeleteOptions = {}): KubeObject {
  return deleteWithOutcome(store, def, namespace, name, options).object;
}
