// The serviceaccount controller (kube-controller-manager v1.34): every active Namespace has a `default` ServiceAccount,
// made moments after the Namespace and again whenever it is deleted. Pods need it (the ServiceAccount admission
// plugin, ../admission.ts).
import { CONTROLLER_MANAGER } from "../managed-fields.ts";
import { prepareCreate } from "../strategy.ts";
import { defForKind } from "../resources.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

/** The controller. */
export function serviceAccountController(ctx: ControllerContext): Controller {
  const { store } = ctx;

  function ensureDefault(namespace: KubeObject | undefined): void {
    if (!namespace || namespace.metadata.deletionTimestamp) return;
    const ns = namespace.metadata.name;
    if (store.get("ServiceAccount", ns, "default")) return;
    // Made through the API, as the real controller makes it.
    store.create(prepareCreate(defForKind("ServiceAccount"), { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } }, ns, CONTROLLER_MANAGER));
  }

  return {
    onEvent(event: StoreEvent) {
      const { kind } = event.def;
      const { name, namespace } = event.object.metadata;
      if (kind === "Namespace" && event.type !== "DELETED") ensureDefault(store.get("Namespace", undefined, name));
      if (kind === "ServiceAccount" && event.type === "DELETED" && name === "default" && namespace) ensureDefault(store.get("Namespace", undefined, namespace));
    },
    onReset() {
      for (const namespace of store.list("Namespace")) ensureDefault(namespace);
    },
  };
}
