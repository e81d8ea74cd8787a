import { describe, expect, it } from "vitest";
import { hostsFromRule, summarizeIngressRoute, type EndpointSliceSummary, type RouteSummary, type ServiceSummary } from "../../doors/kubernetes/network";
import { accessPath, type AccessInput } from "./access";

const svc: ServiceSummary = { name: "ollama", type: "ClusterIP", clusterIP: "10.43.0.10", selector: { app: "ollama" }, ports: [{ name: "http", port: 11434, targetPort: "11434" }] };
const other: ServiceSummary = { ...svc, name: "webui", selector: { app: "webui" } };
const slice: EndpointSliceSummary = { name: "ollama-abc", service: "ollama", ready: [{ address: "10.42.0.7", pod: "ollama-1", node: "n1" }], notReady: 0, ports: [11434] };
const route = summarizeIngressRoute({
  metadata: { name: "ollama" },
  spec: { entryPoints: ["websecure"], routes: [{ match: "Host(`ollama.example.com`) && PathPrefix(`/`)", services: [{ name: "ollama", port: 11434 }] }], tls: { secretName: "ollama-tls" } },
});
const fresh = { synced: true, lastSyncAt: "2026-05-04T10:00:00Z", error: undefined, staleSince: undefined, notInstalled: false };

function input(over: Partial<AccessInput>): AccessInput {
  return { deploymentName: "ollama", templateLabels: { app: "ollama" }, services: [other, svc], slices: [slice], routes: [route], ingressRoutesInstalled: true, probe: undefined, freshness: fresh, ...over };
}

describe("access path", () => {
  it("follows Service → ready endpoints → IngressRoute host with TLS", () => {
    const a = accessPath(input({}));
    expect(a).toMatchObject({ level: "ok", title: "Reachable", reason: "ollama.example.com → Service ollama: 1 ready endpoint" });
    expect(a.service).toEqual({ name: "ollama", type: "ClusterIP", clusterIP: "10.43.0.10", ports: ["11434→11434"] });
    expect(a.routes).toEqual([{ kind: "IngressRoute", name: "ollama", hosts: ["ollama.example.com"], services: ["ollama"], tls: true, tlsSecret: "ollama-tls", entryPoints: ["websecure"], address: undefined, middlewares: [] }]);
  });

  it("is red without ready endpoints or a Service, amber without TLS, red when the external probe fails", () => {
    expect(accessPath(input({ slices: [{ ...slice, ready: [], notReady: 1 }] }))).toMatchObject({ level: "bad", reason: "Service ollama has no ready endpoint (1 not ready)" });
    expect(accessPath(input({ services: [other] }))).toMatchObject({ level: "bad", title: "No Service" });
    const plain: RouteSummary = { ...route, kind: "Ingress", name: "plain", tls: false, tlsSecret: undefined };
    expect(accessPath(input({ routes: [plain] }))).toMatchObject({ level: "warn", reason: "Ingress plain has no TLS" });
    const probe = { url: "https://ollama.example.com", ok: false, status: 502, latencyMs: 40, error: undefined, time: "t" };
    expect(accessPath(input({ probe }))).toMatchObject({ level: "bad", reason: "https://ollama.example.com: HTTP 502" });
  });

  it("says in-cluster only when nothing routes to the Service, ignoring routes to other services", () => {
    const elsewhere: RouteSummary = { ...route, services: ["webui"] };
    expect(accessPath(input({ routes: [elsewhere] }))).toMatchObject({ level: "ok", title: "In-cluster only", routes: [] });
  });

  it("reads hosts from Traefik rules", () => {
    expect(hostsFromRule("Host(`a.example.com`, `b.example.com`) || HostSNI(`c.example.com`)")).toEqual(["a.example.com", "b.example.com", "c.example.com"]);
    expect(hostsFromRule("PathPrefix(`/api`)")).toEqual([]);
  });
});
