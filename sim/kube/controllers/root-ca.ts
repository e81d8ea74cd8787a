// The root-ca-cert-publisher (kube-controller-manager v1.34): every active Namespace has a ConfigMap `kube-root-ca.crt`
// with the cluster CA (`ca.crt`) and a description annotation, made again when deleted and put back when its data or
// that annotation is changed. Pods' `kube-api-access-*` volumes read it (../admission.ts).
import { CONTROLLER_MANAGER, writtenBy } from "../managed-fields.ts";
import { clusterCa } from "../ca.ts";
import { deepEqual } from "../json.ts";
import { defForKind } from "../resources.ts";
import { prepareCreate } from "../strategy.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
const DESCRIPTION_ANNOTATION = "kubernetes.io/description";
// The annotation's text is what the real controller writes (seen on the wire: `kubectl get cm kube-root-ca.crt -o yaml`).
const DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/** The ConfigMap the publisher keeps in `namespace`. */
export function rootCaConfigMap(namespace: string): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data: { "ca.crt": clusterCa() } };
}

/** The controller. */
export function rootCaController(ctx: ControllerContext): Controller {
  const { store } = ctx;

  function sync(namespace: string): void {
    const ns = store.get("Namespace", undefined, namespace);
    if (ns?.metadata.deletionTimestamp) return;
    const data = { "ca.crt": clusterCa() };
    const cm = store.get("ConfigMap", namespace, ROOT_CA_CONFIGMAP);
    if (!cm) {
      // Made through the API, as the real controller makes it.
      store.create(prepareCreate(defForKind("ConfigMap"), rootCaConfigMap(namespace), namespace, CONTROLLER_MANAGER));
      return;
    }
    if (deepEqual(cm.data, data) && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return;
    store.replace(writtenBy(CONTROLLER_MANAGER, cm, { ...cm, metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data }));
  }

  return {
    onEvent(event: StoreEvent) {
      const { kind } = event.def;
      const { name, namespace } = event.object.metadata;
      if (kind === "Namespace" && event.type !== "DELETED") sync(name);
      if (kind === "ConfigMap" && name === ROOT_CA_CONFIGMAP && namespace) sync(namespace);
    },
    onReset() {
      // A loaded scenario carries the ConfigMap in each namespace it uses (../server.ts); this puts back a changed one.
      for (const ns of new Set(store.list("ConfigMap").filter((cm) => cm.metadata.name === ROOT_CA_CONFIGMAP).map((cm) => cm.metadata.namespace))) if (ns) sync(ns);
      for (const ns of store.list("Namespace")) sync(ns.metadata.name);
    },
  };
}
