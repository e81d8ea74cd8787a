// EndpointSlice controller stand-in (kube-controller-manager's endpointslice-controller): for every Service with a
// selector, one managed EndpointSlice per distinct port mapping, listing the selected pods with an IP, and conditions
// that follow pod readiness — ready = Ready condition True and not terminating; serving = Ready regardless of
// termination; terminating = deletionTimestamp set. Terminal pods (Succeeded/Failed) and pods without an IP are left out.
import { CONTROLLER_MANAGER, writtenBy } from "../managed-fields.ts";
import { deepEqual, getArray, getPath, getString, isRecord } from "../json.ts";
import { randomSuffix } from "../names.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
const CONTROLLER = "endpointslice-controller.k8s.io";
const SERVICE_NAME = "kubernetes.io/service-name";

interface SlicePort {
  name: string;
  port: number;
  protocol: string;
}

export function podReady(pod: KubeObject): boolean {
  return getArray(pod, "status.conditions").some((c) => getPath(c, "type") === "Ready" && getPath(c, "status") === "True");
}

/** podutil.ShouldPodBeInEndpoints: an IP, and not terminal. */
export function belongs(pod: KubeObject): boolean {
  const phase = getString(pod, "status.phase");
  return !!getString(pod, "status.podIP") && phase !== "Succeeded" && phase !== "Failed";
}

export function selects(service: KubeObject, pod: KubeObject): boolean {
  const selector = getPath(service, "spec.selector");
  if (!isRecord(selector) || Object.keys(selector).length === 0) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** podutil.FindPort: a numeric targetPort as is, a named one from the pod's container ports (undefined when absent). */
export function findPort(pod: KubeObject, servicePort: unknown): number | undefined {
  const protocol = getString(servicePort, "protocol") ?? "TCP";
  const target = getPath(servicePort, "targetPort") ?? getPath(servicePort, "port");
  if (typeof target === "number") return target;
  const containerPorts = getArray(pod, "spec.containers").flatMap((c) => getArray(c, "ports"));
  const found = containerPorts.find((c) => getString(c, "name") === target && (getString(c, "protocol") ?? "TCP") === protocol);
  const port = getPath(found, "containerPort");
  return typeof port === "number" ? port : undefined;
}

function portsFor(service: KubeObject, pod: KubeObject): SlicePort[] {
  return getArray(service, "spec.ports").flatMap((p) => {
    const port = findPort(pod, p);
    return port === undefined ? [] : [{ name: getString(p, "name") ?? "", port, protocol: getString(p, "protocol") ?? "TCP" }];
  });
}

function endpointOf(pod: KubeObject): Record<string, unknown> {
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = podReady(pod);
  const nodeName = getString(pod, "spec.nodeName");
  return {
    addresses: [getString(pod, "status.podIP")],
    conditions: { ready: ready && !terminating, serving: ready, terminating },
    ...(nodeName ? { nodeName } : {}),
    targetRef: { kind: "Pod", name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
  };
}

/** The endpointslice controller. */
export function endpointSliceController(ctx: ControllerContext): Controller {
  const { store } = ctx;

  function reconcile(service: KubeObject): void {
    const namespace = service.metadata.namespace;
    const managed = store
      .list("EndpointSlice", namespace)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME] === service.metadata.name && s.metadata.labels?.[MANAGED_BY] === CONTROLLER);
    const hasSelector = isRecord(getPath(service, "spec.selector")) && Object.keys(getPath(service, "spec.selector") as object).length > 0;
    if (!hasSelector) return;
    // Group the selected pods by their port mapping: one slice per distinct set, as the real controller does.
    const groups = new Map<string, { ports: SlicePort[]; endpoints: Record<string, unknown>[] }>();
    for (const pod of store.list("Pod", namespace).filter((p) => selects(service, p) && belongs(p))) {
      const ports = portsFor(service, pod);
      const key = JSON.stringify(ports);
      const group = groups.get(key) ?? { ports, endpoints: [] };
      group.endpoints.push(endpointOf(pod));
      groups.set(key, group);
    }
    // A Service that selects nothing still gets one empty slice with its ports unresolved.
    if (groups.size === 0) groups.set("[]", { ports: [], endpoints: [] });
    const unused = [...managed];
    for (const { ports, endpoints } of groups.values()) {
      const existing = unused.find((s) => deepEqual(getArray(s, "ports"), ports)) ?? unused[0];
      if (existing) {
        unused.splice(unused.indexOf(existing), 1);
        if (!deepEqual(existing.endpoints, endpoints) || !deepEqual(getArray(existing, "ports"), ports)) store.replace(writtenBy(CONTROLLER_MANAGER, existing, { ...existing, endpoints, ports }));
        continue;
      }
      // Refused in a namespace being deleted; the real controller lets that error go (its NamespaceTerminating check).
      if (store.terminating(namespace)) continue;
      store.create(writtenBy(CONTROLLER_MANAGER, undefined, {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: {
          name: `${service.metadata.name}-${randomSuffix()}`,
          namespace,
          labels: { [SERVICE_NAME]: service.metadata.name, [MANAGED_BY]: CONTROLLER },
          ownerReferences: [{ apiVersion: "v1", kind: "Service", name: service.metadata.name, uid: service.metadata.uid, controller: true, blockOwnerDeletion: true }],
        },
        addressType: "IPv4",
        endpoints,
        ports,
      } as KubeObject));
    }
    for (const stale of unused) store.remove("EndpointSlice", namespace, stale.metadata.name);
  }

  function reconcileNamespace(namespace: string | undefined): void {
    for (const service of store.list("Service", namespace)) reconcile(service);
  }

  return {
    onEvent(event: StoreEvent) {
      const kind = event.def.kind;
      if (kind === "Pod") reconcileNamespace(event.object.metadata.namespace);
      // A deleted Service's slices go through their owner reference (garbage-collector.ts).
      else if (kind === "Service" && event.type !== "DELETED") reconcile(event.object);
    },
    onReset() {
      reconcileNamespace(undefined);
    },
  };
}
