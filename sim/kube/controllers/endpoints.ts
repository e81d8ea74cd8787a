// The endpoints controller (kube-controller-manager v1.34, pkg/controller/endpoint): for every Service with a selector
// (not ExternalName), an Endpoints of its name listing the selected Pods that have an IP and are neither terminal nor
// (unless publishNotReadyAddresses) terminating: ready ones in `addresses`, the others in `notReadyAddresses`, for each
// port the Pod has (a named targetPort looked up in its containers), repacked as RepackSubsets does (../endpoints.ts).
// A headless Service without ports lists the addresses alone. Its labels are the Service's, with
// `endpoints.kubernetes.io/managed-by: endpoint-controller` and, for a headless Service, `service.kubernetes.io/headless`;
// its `endpoints.kubernetes.io/last-change-trigger-time` is the earliest change that called for the write (the Ready
// transition of a Pod, the Service's creation; on the controller's first look at a Service, its creation). It is
// written only when its subsets or labels are not what they should be, deleted with its Service, and made again when
// someone else deletes it. A Service without a selector is left to whoever writes its Endpoints.
import { repackSubsets } from "../endpoints.ts";
import { deepEqual, getArray, getPath, getString, isRecord, timestamp } from "../json.ts";
import { CONTROLLER_MANAGER, writtenBy } from "../managed-fields.ts";
import { defForKind } from "../resources.ts";
import { deleteObject } from "../strategy.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";
import { findPort, podReady, selects } from "./endpointslices.ts";

const MANAGED_BY = "endpoints.kubernetes.io/managed-by";
const CONTROLLER = "endpoint-controller";
const HEADLESS = "service.kubernetes.io/headless";
const TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

type Obj = Record<string, unknown>;

/** The TriggerTimeTracker's memory of one Service: the trigger times it last saw. */
interface Seen {
  pods: Map<string, number>;
  service: number;
}

/** ShouldPodBeInEndpoints: an IP, not terminal, not terminating unless the Service publishes those. */
function included(pod: KubeObject, publishNotReady: boolean): boolean {
  const phase = getString(pod, "status.phase");
  if (phase === "Succeeded" || phase === "Failed") return false;
  if (!getString(pod, "status.podIP")) return false;
  return publishNotReady || !pod.metadata.deletionTimestamp;
}

/** The Pod's Ready transition time (getPodTriggerTime), 0 when it has none. */
function podTriggerTime(pod: KubeObject): number {
  const ready = getArray(pod, "status.conditions").find((c) => getPath(c, "type") === "Ready");
  const at = getString(ready, "lastTransitionTime");
  return at ? Date.parse(at) : 0;
}

function address(pod: KubeObject, service: KubeObject): Obj {
  const nodeName = getString(pod, "spec.nodeName");
  const hostname = getString(pod, "spec.hostname");
  return {
    ip: getString(pod, "status.podIP"),
    ...(hostname && getString(pod, "spec.subdomain") === service.metadata.name ? { hostname } : {}),
    ...(nodeName ? { nodeName } : {}),
    targetRef: { kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
}

/** The controller. */
export function endpointsController(ctx: ControllerContext): Controller {
  const { store } = ctx;
  const seen = new Map<string, Seen>();

  /** ComputeEndpointLastChangeTriggerTime: 0 when nothing changed since the last look. */
  function triggerTime(service: KubeObject, pods: KubeObject[]): number {
    const key = `${service.metadata.namespace}/${service.metadata.name}`;
    const before = seen.get(key);
    const created = Date.parse(service.metadata.creationTimestamp ?? "") || 0;
    let earliest = 0;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const at = podTriggerTime(pod);
      if (!at) continue;
      podTimes.set(pod.metadata.name, at);
      if (at > (before?.pods.get(pod.metadata.name) ?? 0) && (!earliest || at < earliest)) earliest = at;
    }
    if (created > (before?.service ?? 0) && (!earliest || created < earliest)) earliest = created;
    seen.set(key, { pods: podTimes, service: created });
    return before ? earliest : created;
  }

  function subsetsFor(service: KubeObject, pods: KubeObject[]): Obj[] {
    const publishNotReady = getPath(service, "spec.publishNotReadyAddresses") === true;
    const ports = getArray(service, "spec.ports");
    const headless = getString(service, "spec.clusterIP") === "None";
    const subsets: Obj[] = [];
    for (const pod of pods) {
      if (!included(pod, publishNotReady)) continue;
      const addressOf = address(pod, service);
      const where = publishNotReady || podReady(pod) ? "addresses" : "notReadyAddresses";
      if (ports.length === 0) {
        if (headless) subsets.push({ [where]: [addressOf] });
        continue;
      }
      for (const servicePort of ports) {
        const port = findPort(pod, servicePort);
        if (port === undefined) continue;
        const appProtocol = getString(servicePort, "appProtocol");
        const endpointPort = { name: getString(servicePort, "name") ?? "", port, protocol: getString(servicePort, "protocol") ?? "TCP", ...(appProtocol ? { appProtocol } : {}) };
        subsets.push({ [where]: [addressOf], ports: [endpointPort] });
      }
    }
    return repackSubsets(subsets);
  }

  function sync(namespace: string | undefined, name: string): void {
    const service = store.get("Service", namespace, name);
    const current = store.get("Endpoints", namespace, name);
    if (!service) {
      if (current) deleteObject(store, defForKind("Endpoints"), namespace, name);
      seen.delete(`${namespace}/${name}`);
      return;
    }
    if (getString(service, "spec.type") === "ExternalName" || !isRecord(getPath(service, "spec.selector"))) return;
    const pods = store.list("Pod", namespace).filter((p) => selects(service, p) || Object.keys(getPath(service, "spec.selector") as Obj).length === 0);
    const trigger = triggerTime(service, pods);
    const subsets = subsetsFor(service, pods);
    const serviceLabels = service.metadata.labels ?? {};
    const labelsRight = (labels: Record<string, string>) => {
      if (labels[MANAGED_BY] !== CONTROLLER) return false;
      const rest = Object.entries(labels).filter(([k]) => k !== MANAGED_BY && k !== HEADLESS);
      return rest.every(([k, v]) => serviceLabels[k] === v) && rest.length === Object.keys(serviceLabels).length;
    };
    if (current && deepEqual(current.subsets ?? [], subsets) && labelsRight(current.metadata.labels ?? {})) return;
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (trigger) annotations[TRIGGER_TIME] = timestamp(trigger);
    else delete annotations[TRIGGER_TIME];
    const headless = !getString(service, "spec.clusterIP") || getString(service, "spec.clusterIP") === "None";
    const labels: Record<string, string> = { ...serviceLabels, ...(headless ? { [HEADLESS]: "" } : {}), [MANAGED_BY]: CONTROLLER };
    if (!headless) delete labels[HEADLESS];
    const base: KubeObject = current ?? { apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace } };
    const next: KubeObject = { ...base, metadata: { ...base.metadata, labels, ...(Object.keys(annotations).length ? { annotations } : {}) } };
    if (!Object.keys(annotations).length) delete next.metadata.annotations;
    if (subsets.length) next.subsets = subsets;
    else delete next.subsets;
    if (current) store.replace(writtenBy(CONTROLLER_MANAGER, current, next));
    // Refused in a namespace being deleted; the real controller lets that error go.
    else if (!store.terminating(namespace)) store.create(writtenBy(CONTROLLER_MANAGER, undefined, next));
  }

  return {
    onEvent(event: StoreEvent) {
      const obj = event.object;
      const ns = obj.metadata.namespace;
      if (event.def.kind === "Service") sync(ns, obj.metadata.name);
      else if (event.def.kind === "Endpoints" && event.type === "DELETED") sync(ns, obj.metadata.name);
      else if (event.def.kind === "Pod") {
        for (const service of store.list("Service", ns)) {
          if (selects(service, obj) || (event.old && selects(service, event.old))) sync(ns, service.metadata.name);
        }
      }
    },
    onReset() {
      seen.clear();
      for (const service of store.list("Service")) sync(service.metadata.namespace, service.metadata.name);
    },
  };
}
