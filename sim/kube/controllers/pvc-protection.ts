// The pvc-protection controller: a deleted claim keeps its kubernetes.io/pvc-protection finalizer (put there by the
// StorageObjectInUseProtection admission plugin) while a pod that has not finished still uses it, then lets it go.
import { CONTROLLER_MANAGER, writtenBy } from "../managed-fields.ts";
import { getArray, getString } from "../json.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

export const PVC_PROTECTION = "kubernetes.io/pvc-protection";

function usedBy(pod: KubeObject, claim: string): boolean {
  const phase = getString(pod, "status.phase");
  if (phase === "Succeeded" || phase === "Failed") return false;
  return getArray(pod, "spec.volumes").some((v) => getString(v, "persistentVolumeClaim.claimName") === claim);
}

/** The controller. */
export function pvcProtectionController(ctx: ControllerContext): Controller {
  const { store } = ctx;

  function release(namespace: string | undefined): void {
    for (const pvc of store.list("PersistentVolumeClaim", namespace)) {
      const finalizers = pvc.metadata.finalizers ?? [];
      if (!pvc.metadata.deletionTimestamp || !finalizers.includes(PVC_PROTECTION)) continue;
      if (store.list("Pod", pvc.metadata.namespace).some((pod) => usedBy(pod, pvc.metadata.name))) continue;
      store.replace(writtenBy(CONTROLLER_MANAGER, pvc, { ...pvc, metadata: { ...pvc.metadata, finalizers: finalizers.filter((f) => f !== PVC_PROTECTION) } }));
    }
  }

  return {
    onEvent(event: StoreEvent) {
      if (event.def.kind === "PersistentVolumeClaim" && event.type === "MODIFIED") release(event.object.metadata.namespace);
      if (event.def.kind === "Pod" && event.type !== "ADDED") release(event.object.metadata.namespace);
    },
    onReset() {
      release(undefined);
    },
  };
}
