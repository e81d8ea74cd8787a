// The persistent volume controller's part (naming a claim's external provisioner) and external-provisioner and
// external-resizer stand-ins: binds new PVCs (restoring from a VolumeSnapshot only once it is
// ready and fits) and expands bound ones through Resizing → FileSystemResizePending → the new status.capacity.
import { defaultStorageClass, namesNoClass } from "../admission.ts";
import { CONTROLLER_MANAGER, CONTROLLER_MANAGER_STATUS, writtenBy } from "../managed-fields.ts";
import { recordEvent } from "../events.ts";
import { getArray, getPath, getString, isRecord, timestamp } from "../json.ts";
import { parseQuantity } from "../quantity.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const COMPONENT = "external-provisioner";
const PROVISIONER = "volume.kubernetes.io/storage-provisioner";
const BETA_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
/** The provisioner of a class for static volumes only (local volumes): nothing provisions its claims. */
const NO_PROVISIONER = "kubernetes.io/no-provisioner";

/** The annotation by which the scheduler tells a WaitForFirstConsumer claim's provisioner the node its first consumer is on. */
export const SELECTED_NODE = "volume.kubernetes.io/selected-node";

/** The StorageClass a claim names, if it is there. */
const classOf = (store: ControllerContext["store"], pvc: KubeObject) => store.get("StorageClass", undefined, getString(pvc, "spec.storageClassName") ?? "");

/** Whether `pvc` binds only once the scheduler has placed a Pod using it (its class's WaitForFirstConsumer) and it has not yet. */
export function waitsForConsumer(store: ControllerContext["store"], pvc: KubeObject): boolean {
  if (getString(pvc, "spec.volumeName") || pvc.metadata.annotations?.[SELECTED_NODE]) return false;
  return getString(classOf(store, pvc), "volumeBindingMode") === "WaitForFirstConsumer";
}

/** The PVC provisioner; PVCs loaded from a scenario keep the phase the scenario gave them. */
const WAITING_FOR_CONSUMER = "waiting for first consumer to be created before binding";
const waitingFor = (provisioner: string) =>
  `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;

export function pvcController(ctx: ControllerContext): Controller {
  const { store, settings, timers } = ctx;

  /** Why a restore cannot be provisioned yet, or undefined when it can. */
  function restoreBlocker(pvc: KubeObject): string | undefined {
    const source = getPath(pvc, "spec.dataSourceRef") ?? getPath(pvc, "spec.dataSource");
    if (getString(source, "kind") !== "VolumeSnapshot") return undefined;
    const name = getString(source, "name") ?? "";
    const snap = store.get("VolumeSnapshot", pvc.metadata.namespace, name);
    const storageClass = getString(pvc, "spec.storageClassName") ?? "";
    if (!settings.snapshotApi || !snap) return `failed to provision volume with StorageClass "${storageClass}": error getting handle for DataSource Type VolumeSnapshot by Name ${name}: error getting snapshot ${name} from api server: volumesnapshots.snapshot.storage.k8s.io "${name}" not found`;
    if (getPath(snap, "status.readyToUse") !== true) return `failed to provision volume with StorageClass "${storageClass}": error getting handle for DataSource Type VolumeSnapshot by Name ${name}: snapshot ${name} is not Ready`;
    const requested = parseQuantity(getPath(pvc, "spec.resources.requests.storage")) ?? 0;
    const restore = parseQuantity(getPath(snap, "status.restoreSize")) ?? 0;
    if (requested < restore) return `failed to provision volume with StorageClass "${storageClass}": requested volume size ${requested} is less than the size ${restore} for the source snapshot ${name}`;
    return undefined;
  }

  /**
   * Why nothing will provision a claim, as the persistent volume controller says it (the simulator serves no
   * PersistentVolumes, so a claim only a static volume could bind stays Pending): it names no class, or its class
   * is not there or has no provisioner.
   */
  function staticOnly(pvc: KubeObject): { type: "Normal" | "Warning"; reason: string; message: string } | undefined {
    if (getString(pvc, "spec.volumeName")) return undefined;
    const className = getString(pvc, "spec.storageClassName") ?? "";
    if (!className) return { type: "Normal", reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set" };
    const storageClass = classOf(store, pvc);
    if (!storageClass) return { type: "Warning", reason: "ProvisioningFailed", message: `storageclass.storage.k8s.io ${JSON.stringify(className)} not found` };
    const provisioner = getString(storageClass, "provisioner");
    if (provisioner === NO_PROVISIONER) return { type: "Warning", reason: "ProvisioningFailed", message: `no volume plugin matched name: ${NO_PROVISIONER}` };
    return undefined;
  }

  /**
   * kube-controller-manager's persistent volume controller, for a new claim of a class whose provisioner is external
   * and that binds at once (or once the scheduler chose a node, WaitForFirstConsumer): it names the provisioner in two
   * annotations and says it is waiting for it.
   */
  function awaitProvisioner(namespace: string | undefined, name: string, uid: string | undefined): void {
    const pvc = store.get("PersistentVolumeClaim", namespace, name);
    if (!pvc || pvc.metadata.uid !== uid || getString(pvc, "status.phase") !== "Pending" || getString(pvc, "spec.volumeName")) return;
    const provisioner = getString(classOf(store, pvc), "provisioner");
    if (!provisioner || waitsForConsumer(store, pvc)) return;
    const annotations = { ...pvc.metadata.annotations, [BETA_PROVISIONER]: provisioner, [PROVISIONER]: provisioner };
    if (pvc.metadata.annotations?.[PROVISIONER] === provisioner && pvc.metadata.annotations[BETA_PROVISIONER] === provisioner) return;
    const named = store.replace(writtenBy(CONTROLLER_MANAGER, pvc, { ...pvc, metadata: { ...pvc.metadata, annotations } }));
    recordEvent(store, named, { type: "Normal", reason: "ExternalProvisioning", message: waitingFor(provisioner), component: "persistentvolume-controller" });
  }

  /**
   * Retroactive default StorageClass assignment: an unbound claim that names no class (made while there was no default)
   * is given the default one, in the controller's field, when it is synced and one is marked; the update then syncs it
   * as a new claim (onEvent). Nothing is said on the claim.
   */
  function assignDefaultClass(pvc: KubeObject): boolean {
    if (getString(pvc, "spec.volumeName") || !namesNoClass(pvc)) return false;
    const storageClassName = defaultStorageClass(store);
    if (!storageClassName) return false;
    store.replace(writtenBy(CONTROLLER_MANAGER, pvc, { ...pvc, spec: { ...(pvc.spec as object), storageClassName } }));
    return true;
  }

  /**
   * The controller's resync: each claim still unbound is synced again and says again why, an Event that the recorder
   * counts (until its spam filter holds it back, 25 per claim).
   */
  function resync(): void {
    for (const pvc of store.list("PersistentVolumeClaim")) {
      if (getString(pvc, "status.phase") !== "Pending" || pvc.metadata.deletionTimestamp) continue;
      if (assignDefaultClass(pvc)) continue;
      const why = staticOnly(pvc);
      if (why) recordEvent(store, pvc, { ...why, component: "persistentvolume-controller" });
      else if (waitsForConsumer(store, pvc)) recordEvent(store, pvc, { type: "Normal", reason: "WaitForFirstConsumer", message: WAITING_FOR_CONSUMER, component: "persistentvolume-controller" });
      else {
        const provisioner = pvc.metadata.annotations?.[PROVISIONER];
        if (provisioner) recordEvent(store, pvc, { type: "Normal", reason: "ExternalProvisioning", message: waitingFor(provisioner), component: "persistentvolume-controller" });
      }
    }
    timers.after(settings.pvcResyncMs, resync);
  }

  function provision(namespace: string | undefined, name: string, uid: string | undefined): void {
    const pvc = store.get("PersistentVolumeClaim", namespace, name);
    if (!pvc || pvc.metadata.uid !== uid || pvc.metadata.deletionTimestamp || getString(pvc, "status.phase") !== "Pending" || waitsForConsumer(store, pvc) || staticOnly(pvc)) return;
    const claim = `${namespace}/${name}`;
    recordEvent(store, pvc, { type: "Normal", reason: "Provisioning", message: `External provisioner is provisioning volume for claim "${claim}"`, component: COMPONENT });
    const blocker = restoreBlocker(pvc);
    if (blocker) {
      recordEvent(store, pvc, { type: "Warning", reason: "ProvisioningFailed", message: blocker, component: COMPONENT });
      timers.after(Math.max(settings.pvcBindAfterMs, 250) * 2, () => provision(namespace, name, uid));
      return;
    }
    const volumeName = `pvc-${uid}`;
    const annotations = { ...pvc.metadata.annotations, "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" };
    // As the binder: the claim names its volume, then (through status) is Bound.
    const named = store.replace(writtenBy(CONTROLLER_MANAGER, pvc, { ...pvc, metadata: { ...pvc.metadata, annotations }, spec: { ...(pvc.spec as object), volumeName } }));
    const status = { phase: "Bound", accessModes: getPath(pvc, "spec.accessModes") ?? ["ReadWriteOnce"], capacity: { storage: getPath(pvc, "spec.resources.requests.storage") } };
    const bound = store.replace(writtenBy(CONTROLLER_MANAGER_STATUS, named, { ...named, status }));
    recordEvent(store, bound, { type: "Normal", reason: "ProvisioningSucceeded", message: `Successfully provisioned volume ${volumeName}`, component: COMPONENT });
  }

  const resizing = new Set<string>();
  const storage = (o: KubeObject, path: string) => parseQuantity(getPath(o, path)) ?? 0;
  const condition = (type: string, message?: string) => ({ type, status: "True", lastProbeTime: null, lastTransitionTime: timestamp(), ...(message ? { message } : {}) });

  /** Rewrites the claim's status if it is still the same object; returns the stored claim. */
  function setStatus(namespace: string | undefined, name: string, uid: string | undefined, change: (status: Record<string, unknown>) => void): KubeObject | undefined {
    const pvc = store.get("PersistentVolumeClaim", namespace, name);
    if (!pvc || pvc.metadata.uid !== uid) return undefined;
    const status = { ...(pvc.status as Record<string, unknown>) };
    change(status);
    return store.replace(writtenBy(CONTROLLER_MANAGER_STATUS, pvc, { ...pvc, status }));
  }

  /** Whether the node can grow the filesystem while it is mounted (a StorageClass parameter of the simulator says no). */
  function onlineNodeExpansion(pvc: KubeObject): boolean {
    const sc = classOf(store, pvc);
    const parameters = getPath(sc, "parameters");
    return !isRecord(parameters) || parameters["sim.ollama-ops.dev/node-expansion"] !== "offline";
  }

  /** kubelet's NodeExpandVolume: the filesystem grows, status.capacity follows, the conditions go. */
  function finishResize(namespace: string | undefined, name: string, uid: string | undefined): void {
    const done = setStatus(namespace, name, uid, (status) => {
      const target = (status.allocatedResources as { storage?: unknown } | undefined)?.storage;
      status.capacity = { ...(status.capacity as object), storage: target };
      delete status.conditions;
      delete status.allocatedResourceStatuses;
    });
    resizing.delete(`${namespace}/${name}`);
    if (done) recordEvent(store, done, { type: "Normal", reason: "FileSystemResizeSuccessful", message: `MountVolume.NodeExpandVolume succeeded for volume "${getString(done, "spec.volumeName") ?? ""}"`, component: "kubelet" });
  }

  function resize(pvc: KubeObject): void {
    const { namespace, name, uid } = pvc.metadata;
    const key = `${namespace}/${name}`;
    if (resizing.has(key)) return;
    resizing.add(key);
    const wanted = getPath(pvc, "spec.resources.requests.storage");
    const volume = getString(pvc, "spec.volumeName") ?? "";
    timers.after(settings.pvcResizeStepMs, () => {
      const started = setStatus(namespace, name, uid, (status) => {
        status.conditions = [condition("Resizing")];
        status.allocatedResources = { storage: wanted };
        status.allocatedResourceStatuses = { storage: "ControllerResizeInProgress" };
      });
      if (!started) return void resizing.delete(key);
      recordEvent(store, started, { type: "Normal", reason: "Resizing", message: `External resizer is resizing volume ${volume}`, component: "external-resizer driver.longhorn.io" });
      timers.after(settings.pvcResizeStepMs, () => {
        const pending = setStatus(namespace, name, uid, (status) => {
          status.conditions = [condition("FileSystemResizePending", "Waiting for user to (re-)start a pod to finish file system resize of volume on node.")];
          status.allocatedResourceStatuses = { storage: "NodeResizePending" };
        });
        if (!pending) return void resizing.delete(key);
        recordEvent(store, pending, { type: "Normal", reason: "FileSystemResizeRequired", message: "Require file system resize of volume on node", component: "external-resizer driver.longhorn.io" });
        if (onlineNodeExpansion(pending)) timers.after(settings.pvcResizeStepMs, () => finishResize(namespace, name, uid));
      });
    });
  }

  /** An offline node expansion ends when a pod that mounts the claim starts. */
  function podStarted(pod: KubeObject): void {
    if (getString(pod, "status.phase") !== "Running") return;
    for (const v of getArray(pod, "spec.volumes")) {
      const claim = getString(v, "persistentVolumeClaim.claimName");
      const pvc = claim ? store.get("PersistentVolumeClaim", pod.metadata.namespace, claim) : undefined;
      if (pvc && getString(pvc, "status.allocatedResourceStatuses.storage") === "NodeResizePending") finishResize(pvc.metadata.namespace, pvc.metadata.name, pvc.metadata.uid);
    }
  }

  return {
    onEvent(event: StoreEvent) {
      const obj = event.object;
      if (event.def.kind === "Pod" && event.type === "MODIFIED" && getString(event.old, "status.phase") !== "Running") return podStarted(obj);
      if (event.def.kind !== "PersistentVolumeClaim") return;
      const pending = getString(obj, "status.phase") === "Pending";
      // New, or given a class since (the retroactive default): synced as a new claim.
      const arrived = event.type === "ADDED" || (event.type === "MODIFIED" && !!event.old && namesNoClass(event.old) && !namesNoClass(obj));
      const unprovisionable = pending && arrived ? staticOnly(obj) : undefined;
      if (unprovisionable) recordEvent(store, obj, { ...unprovisionable, component: "persistentvolume-controller" });
      else if (arrived && pending && waitsForConsumer(store, obj)) {
        recordEvent(store, obj, { type: "Normal", reason: "WaitForFirstConsumer", message: WAITING_FOR_CONSUMER, component: "persistentvolume-controller" });
      } else if (pending && (arrived || (event.type === "MODIFIED" && !event.old?.metadata.annotations?.[SELECTED_NODE] && obj.metadata.annotations?.[SELECTED_NODE]))) {
        // New, or its first consumer was just scheduled.
        timers.after(0, () => awaitProvisioner(obj.metadata.namespace, obj.metadata.name, obj.metadata.uid));
        timers.after(settings.pvcBindAfterMs, () => provision(obj.metadata.namespace, obj.metadata.name, obj.metadata.uid));
      }
      if (event.type === "MODIFIED" && getString(obj, "status.phase") === "Bound" && storage(obj, "spec.resources.requests.storage") > storage(obj, "status.capacity.storage")) resize(obj);
    },
    onReset() {
      resizing.clear();
      timers.after(settings.pvcResyncMs, resync);
    },
  };
}
