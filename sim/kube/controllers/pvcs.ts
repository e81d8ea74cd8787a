// external-provisioner stand-in: binds new PVCs, restoring from a VolumeSnapshot only once it is ready and fits.
import { recordEvent } from "../events.ts";
import { getPath, getString } from "../json.ts";
import { parseQuantity } from "../quantity.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const COMPONENT = "external-provisioner";

/** The PVC provisioner; PVCs loaded from a scenario keep the phase the scenario gave them. */
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

  function provision(namespace: string | undefined, name: string, uid: string | undefined): void {
    const pvc = store.get("PersistentVolumeClaim", namespace, name);
    if (!pvc || pvc.metadata.uid !== uid || pvc.metadata.deletionTimestamp || getString(pvc, "status.phase") !== "Pending") return;
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
    const bound = store.replace({
      ...pvc,
      metadata: { ...pvc.metadata, annotations },
      spec: { ...(pvc.spec as object), volumeName },
      status: { phase: "Bound", accessModes: getPath(pvc, "spec.accessModes") ?? ["ReadWriteOnce"], capacity: { storage: getPath(pvc, "spec.resources.requests.storage") } },
    });
    recordEvent(store, bound, { type: "Normal", reason: "ProvisioningSucceeded", message: `Successfully provisioned volume ${volumeName}`, component: COMPONENT });
  }

  return {
    onEvent(event: StoreEvent) {
      const pvc = event.object;
      if (event.def.kind !== "PersistentVolumeClaim" || event.type !== "ADDED" || getString(pvc, "status.phase") !== "Pending") return;
      timers.after(settings.pvcBindAfterMs, () => provision(pvc.metadata.namespace, pvc.metadata.name, pvc.metadata.uid));
    },
  };
}
