// The access path: Service → ready endpoints → Ingress / Traefik IngressRoute (host, TLS) → optional external probe.
import "server-only";
import type { EndpointSliceSummary, RouteSummary, ServiceSummary } from "../../doors/kubernetes/network";
import { labelsMatch } from "../../shared/kubernetes/wire";
import type { AccessResponse, Freshness, ProbeResult, Signal } from "../../shared/overview/types";

export interface AccessInput {
  deploymentName: string;
  templateLabels: Record<string, string>;
  services: ServiceSummary[];
  slices: EndpointSliceSummary[];
  routes: RouteSummary[];
  ingressRoutesInstalled: boolean;
  probe: ProbeResult | undefined;
  freshness: Freshness;
}

/** The Service in front of the Ollama pods: the one whose selector matches the pod template (prefer the Deployment's name). */
export function pickService(services: ServiceSummary[], templateLabels: Record<string, string>, deploymentName: string): ServiceSummary | undefined {
  const matching = services.filter((s) => labelsMatch(s.selector, templateLabels));
  return matching.find((s) => s.name === deploymentName) ?? matching[0];
}

function verdict(a: Omit<AccessResponse, keyof Signal>): Signal {
  if (!a.service) return { level: "bad", title: "No Service", reason: "no Service selects the Ollama pods" };
  if (a.endpoints.ready.length === 0) {
    return { level: "bad", title: "No ready endpoints", reason: `Service ${a.service.name} has no ready endpoint${a.endpoints.notReady ? ` (${a.endpoints.notReady} not ready)` : ""}` };
  }
  if (a.probe && !a.probe.ok) return { level: "bad", title: "External URL failing", reason: `${a.probe.url}: ${a.probe.error ?? `HTTP ${a.probe.status}`}` };
  const ready = `${a.endpoints.ready.length} ready endpoint${a.endpoints.ready.length === 1 ? "" : "s"}`;
  if (a.routes.length === 0) return { level: "ok", title: "In-cluster only", reason: `Service ${a.service.name}: ${ready}; no Ingress or IngressRoute routes to it` };
  const insecure = a.routes.filter((r) => !r.tls);
  if (insecure.length > 0) {
    return { level: "warn", title: "Exposed without TLS", reason: `${insecure.map((r) => `${r.kind} ${r.name}`).join(", ")} has no TLS` };
  }
  const hosts = [...new Set(a.routes.flatMap((r) => r.hosts))];
  return { level: "ok", title: "Reachable", reason: `${hosts.join(", ") || "routes"} → Service ${a.service.name}: ${ready}` };
}

/** Assembles the access path and its verdict in words. */
export function accessPath(input: AccessInput): AccessResponse {
  const svc = pickService(input.services, input.templateLabels, input.deploymentName);
  const slices = svc ? input.slices.filter((s) => s.service === svc.name) : [];
  const path: Omit<AccessResponse, keyof Signal> = {
    service: svc && { name: svc.name, type: svc.type, clusterIP: svc.clusterIP, ports: svc.ports.map((p) => `${p.port}→${p.targetPort}`) },
    endpoints: { ready: slices.flatMap((s) => s.ready), notReady: slices.reduce((n, s) => n + s.notReady, 0) },
    routes: svc ? input.routes.filter((r) => r.services.includes(svc.name)) : [],
    ingressRoutesInstalled: input.ingressRoutesInstalled,
    probe: input.probe,
    freshness: input.freshness,
  };
  return { ...verdict(path), ...path };
}
