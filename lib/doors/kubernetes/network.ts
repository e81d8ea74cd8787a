// Service, EndpointSlice, Ingress and Traefik IngressRoute → the summaries the access path is assembled from.
import "server-only";
import type { V1EndpointSlice, V1Ingress, V1Service } from "@kubernetes/client-node";

export interface ServiceSummary {
  name: string;
  type: string;
  clusterIP: string | undefined;
  selector: Record<string, string>;
  ports: { name: string | undefined; port: number; targetPort: string }[];
}

export interface EndpointSliceSummary {
  name: string;
  service: string | undefined;
  ready: { address: string; pod: string | undefined; node: string | undefined }[];
  notReady: number;
  ports: number[];
}

export interface RouteSummary {
  kind: "Ingress" | "IngressRoute";
  name: string;
  hosts: string[];
  /** Backend services named by the rules. */
  services: string[];
  tls: boolean;
  tlsSecret: string | undefined;
  entryPoints: string[];
  /** Ingress: the load balancer address in status. */
  address: string | undefined;
  /** Traefik Middlewares the route passes through, as "namespace/name" (namespace "" = the route's own). */
  middlewares: string[];
}

/** Traefik's Ingress annotation naming Middlewares as "<namespace>-<name>@kubernetescrd", comma-separated (kept whole: the dash is ambiguous). */
const MIDDLEWARE_ANNOTATION = "traefik.ingress.kubernetes.io/router.middlewares";

/** Reshapes a Service. */
export function summarizeService(s: V1Service): ServiceSummary {
  return {
    name: s.metadata?.name ?? "",
    type: s.spec?.type ?? "ClusterIP",
    clusterIP: s.spec?.clusterIP,
    selector: s.spec?.selector ?? {},
    ports: (s.spec?.ports ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: String(p.targetPort ?? p.port) })),
  };
}

/** Reshapes an EndpointSlice; an endpoint with no `ready` condition counts as ready (the API's rule). */
export function summarizeEndpointSlice(s: V1EndpointSlice): EndpointSliceSummary {
  const endpoints = s.endpoints ?? [];
  const isReady = (e: (typeof endpoints)[number]) => e.conditions?.ready !== false;
  return {
    name: s.metadata?.name ?? "",
    service: s.metadata?.labels?.["kubernetes.io/service-name"],
    ready: endpoints.filter(isReady).flatMap((e) => e.addresses.map((address) => ({ address, pod: e.targetRef?.name, node: e.nodeName }))),
    notReady: endpoints.filter((e) => !isReady(e)).length,
    ports: (s.ports ?? []).flatMap((p) => (p.port === undefined ? [] : [p.port])),
  };
}

/** Reshapes a networking.k8s.io/v1 Ingress. */
export function summarizeIngress(i: V1Ingress): RouteSummary {
  const rules = i.spec?.rules ?? [];
  const backends = [i.spec?.defaultBackend, ...rules.flatMap((r) => r.http?.paths.map((p) => p.backend) ?? [])];
  const lb = i.status?.loadBalancer?.ingress?.[0];
  return {
    kind: "Ingress",
    name: i.metadata?.name ?? "",
    hosts: [...new Set(rules.flatMap((r) => (r.host ? [r.host] : [])))],
    services: [...new Set(backends.flatMap((b) => (b?.service?.name ? [b.service.name] : [])))],
    tls: (i.spec?.tls ?? []).length > 0,
    tlsSecret: i.spec?.tls?.[0]?.secretName,
    entryPoints: [],
    address: lb?.hostname ?? lb?.ip,
    middlewares: (i.metadata?.annotations?.[MIDDLEWARE_ANNOTATION] ?? "")
      .split(",")
      .map((m) => m.trim().replace(/@kubernetescrd$/, ""))
      .filter(Boolean),
  };
}

interface IngressRouteObject {
  metadata?: { name?: string };
  spec?: {
    entryPoints?: string[];
    routes?: { match?: string; services?: { name?: string; kind?: string }[]; middlewares?: { name?: string; namespace?: string }[] }[];
    tls?: { secretName?: string; certResolver?: string };
  };
}

/** Hosts named by Host(`a`, `b`) / HostSNI matchers in a Traefik rule. */
export function hostsFromRule(rule: string): string[] {
  const hosts: string[] = [];
  for (const m of rule.matchAll(/Host(?:SNI)?\(([^)]*)\)/g)) {
    for (const h of (m[1] ?? "").matchAll(/`([^`]+)`|"([^"]+)"/g)) hosts.push(h[1] ?? h[2] ?? "");
  }
  return hosts.filter((h) => h !== "");
}

/** Reshapes a traefik.io/v1alpha1 IngressRoute (raw JSON from the custom objects API). */
export function summarizeIngressRoute(obj: unknown): RouteSummary {
  const r = obj as IngressRouteObject;
  const routes = r.spec?.routes ?? [];
  return {
    kind: "IngressRoute",
    name: r.metadata?.name ?? "",
    hosts: [...new Set(routes.flatMap((x) => hostsFromRule(x.match ?? "")))],
    services: [...new Set(routes.flatMap((x) => (x.services ?? []).flatMap((s) => (s.name && (s.kind ?? "Service") === "Service" ? [s.name] : []))))],
    tls: r.spec?.tls !== undefined,
    tlsSecret: r.spec?.tls?.secretName,
    entryPoints: r.spec?.entryPoints ?? [],
    address: undefined,
    middlewares: [...new Set(routes.flatMap((x) => (x.middlewares ?? []).flatMap((m) => (m.name ? [`${m.namespace ?? ""}/${m.name}`] : []))))],
  };
}
