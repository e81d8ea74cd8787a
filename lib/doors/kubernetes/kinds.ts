// The resource kinds the Overview watches: where each lives, how to list it, how to summarise it.
import "server-only";
import type { CoreV1Event, V1Deployment, V1EndpointSlice, V1Ingress, V1PersistentVolumeClaim, V1Pod, V1Service } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import { summarizeDeployment, type DeploymentSummary } from "./deployment";
import { summarizeEvent, type EventSummary } from "./events";
import {
  summarizeEndpointSlice,
  summarizeIngress,
  summarizeIngressRoute,
  summarizeService,
  type EndpointSliceSummary,
  type RouteSummary,
  type ServiceSummary,
} from "./network";
import { summarizePod, type PodSummary } from "./pods";
import { summarizePvc, type PvcSummary } from "./pvc";
import type { ListResult, ReflectorSpec } from "./reflector";

/** Summary type of each watched kind. */
export interface Kinds {
  deployment: DeploymentSummary;
  pods: PodSummary;
  pvcs: PvcSummary;
  events: EventSummary;
  services: ServiceSummary;
  endpointSlices: EndpointSliceSummary;
  ingresses: RouteSummary;
  ingressRoutes: RouteSummary;
}

export type KindName = keyof Kinds;

export type KindSpec<T> = Omit<ReflectorSpec<T>, "watch">;

interface AnyList {
  items?: unknown[];
  metadata?: { resourceVersion?: string };
}

/** A typed or raw list → what the reflector needs. */
function listed(list: AnyList): ListResult {
  return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? "" };
}

const TRAEFIK = { group: "traefik.io", version: "v1alpha1", plural: "ingressroutes" } as const;

/** The list+watch spec of one kind for one target (pods take the Deployment's selector). */
export function kindSpec<K extends KindName>(target: Target, kind: K, podSelector = ""): KindSpec<Kinds[K]> {
  const namespace = target.namespace;
  const k = () => kube(target);
  const specs: { [N in KindName]: () => KindSpec<Kinds[N]> } = {
    deployment: () => ({
      what: `deployment ${namespace}/${target.deployment}`,
      path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
      fieldSelector: `metadata.name=${target.deployment}`,
      list: async () => listed(await k().apps.listNamespacedDeployment({ namespace, fieldSelector: `metadata.name=${target.deployment}` })),
      summarize: (raw) => summarizeDeployment(raw as V1Deployment),
    }),
    pods: () => ({
      what: `pods ${podSelector} in ${namespace}`,
      path: `/api/v1/namespaces/${namespace}/pods`,
      labelSelector: podSelector,
      list: async () => listed(await k().core.listNamespacedPod({ namespace, labelSelector: podSelector })),
      summarize: (raw) => summarizePod(raw as V1Pod),
    }),
    pvcs: () => ({
      what: `persistent volume claims in ${namespace}`,
      path: `/api/v1/namespaces/${namespace}/persistentvolumeclaims`,
      list: async () => listed(await k().core.listNamespacedPersistentVolumeClaim({ namespace })),
      summarize: (raw) => summarizePvc(raw as V1PersistentVolumeClaim),
    }),
    events: () => ({
      what: `warning events in ${namespace}`,
      path: `/api/v1/namespaces/${namespace}/events`,
      fieldSelector: "type=Warning",
      list: async () => listed(await k().core.listNamespacedEvent({ namespace, fieldSelector: "type=Warning" })),
      summarize: (raw) => summarizeEvent(raw as CoreV1Event),
    }),
    services: () => ({
      what: `services in ${namespace}`,
      path: `/api/v1/namespaces/${namespace}/services`,
      list: async () => listed(await k().core.listNamespacedService({ namespace })),
      summarize: (raw) => summarizeService(raw as V1Service),
    }),
    endpointSlices: () => ({
      what: `endpoint slices in ${namespace}`,
      path: `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
      list: async () => listed(await k().discovery.listNamespacedEndpointSlice({ namespace })),
      summarize: (raw) => summarizeEndpointSlice(raw as V1EndpointSlice),
    }),
    ingresses: () => ({
      what: `ingresses in ${namespace}`,
      path: `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses`,
      list: async () => listed(await k().networking.listNamespacedIngress({ namespace })),
      summarize: (raw) => summarizeIngress(raw as V1Ingress),
    }),
    ingressRoutes: () => ({
      what: `Traefik IngressRoutes in ${namespace}`,
      path: `/apis/${TRAEFIK.group}/${TRAEFIK.version}/namespaces/${namespace}/${TRAEFIK.plural}`,
      list: async () => listed((await k().custom.listNamespacedCustomObject({ ...TRAEFIK, namespace })) as AnyList),
      summarize: summarizeIngressRoute,
    }),
  };
  return specs[kind]();
}
