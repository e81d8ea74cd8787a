// The Kustomize manifests as kubectl renders them: hardened containers, probes, secrets by reference, network paths, components.
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { MODELS_CONFIGMAP } from "../../lib/doors/kubernetes/permissions";
import { envSchema } from "../../lib/doors/runtime/config/schema";
import { parseDeclaredSet } from "../../lib/features/models/declared-set";
import { find, render, renderWith, type K8sObject } from "./deploy-fixture";

interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}
interface PodSpec {
  containers: Container[];
  securityContext?: SecurityContext;
  hostNetwork?: boolean;
  hostPID?: boolean;
  volumes?: { name: string; hostPath?: unknown; emptyDir?: unknown; persistentVolumeClaim?: { claimName: string } }[];
}

/** Read by Node and by glibc themselves, not by the console's configuration schema. */
const NODE_RUNTIME_ENV = new Set(["NODE_OPTIONS", "MALLOC_ARENA_MAX"]);
const podSpec = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;
const workloads = (objects: K8sObject[]) => objects.filter((o) => ["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind));
const container = (o: K8sObject, name: string) => {
  const c = podSpec(o).containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${o.metadata.name}`);
  return c;
};
const configMap = (objects: K8sObject[]) => {
  const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("ollama-ops-config-"));
  if (!cm) throw new Error("no ollama-ops-config ConfigMap");
  return cm as K8sObject & { data: Record<string, string> };
};

let consoleObjects: K8sObject[];
let ollamaObjects: K8sObject[];
let everyComponent: K8sObject[];

beforeAll(async () => {
  [consoleObjects, ollamaObjects, everyComponent] = await Promise.all([
    render("overlays/homelab"),
    render("examples/ollama/overlays/homelab"),
    renderWith(["overlays/homelab"], ["components/prometheus", "components/oidc", "components/ingress"]),
  ]);
});

describe("every rendered workload", () => {
  it("runs each container non-root, read-only, without privileges, with resources and probes", () => {
    const all = [...workloads(consoleObjects), ...workloads(ollamaObjects)];
    expect(all.map((w) => w.metadata.name).sort()).toEqual(["ollama", "ollama-ops"]);
    for (const w of all) {
      const pod = podSpec(w);
      expect(pod.hostNetwork ?? false, w.metadata.name).toBe(false);
      expect(pod.hostPID ?? false, w.metadata.name).toBe(false);
      expect((pod.volumes ?? []).filter((v) => v.hostPath), w.metadata.name).toEqual([]);
      for (const c of pod.containers) {
        const where = `${w.metadata.name}/${c.name}`;
        const sc = { ...pod.securityContext, ...c.securityContext };
        expect(sc.runAsNonRoot, where).toBe(true);
        expect(sc.runAsUser ?? 1000, where).toBeGreaterThan(0);
        expect(c.securityContext?.readOnlyRootFilesystem, where).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        expect(c.securityContext?.privileged ?? false, where).toBe(false);
        expect(c.securityContext?.capabilities?.drop, where).toEqual(["ALL"]);
        expect(c.securityContext?.capabilities?.add ?? [], where).toEqual([]);
        expect(sc.seccompProfile?.type, where).toBe("RuntimeDefault");
        expect(c.resources?.requests?.cpu, where).toBeTruthy();
        expect(c.resources?.requests?.memory, where).toBeTruthy();
        expect(c.resources?.limits?.memory, where).toBeTruthy();
        expect(c.readinessProbe?.httpGet?.path, where).toBeTruthy();
        expect(c.livenessProbe?.httpGet?.path, where).toBeTruthy();
        expect(c.image, where).toMatch(/:[\w.-]+$/);
      }
    }
  });
});

describe("the console (overlays/homelab)", () => {
  it("probes /api/health: liveness the process, readiness the configuration and the synced watches", () => {
    const c = container(find(consoleObjects, "Deployment", "ollama-ops"), "console");
    expect(c.livenessProbe?.httpGet).toEqual({ path: "/api/health?probe=live", port: "http" });
    expect(c.readinessProbe?.httpGet).toEqual({ path: "/api/health?probe=ready", port: "http" });
  });

  it("gives the read-only root filesystem a writable /tmp and Next cache, and nothing else", () => {
    const d = find(consoleObjects, "Deployment", "ollama-ops");
    const mounts = container(d, "console").volumeMounts ?? [];
    expect(mounts.map((m) => m.mountPath).sort()).toEqual(["/app/.next/cache", "/tmp"]);
    const volumes = podSpec(d).volumes ?? [];
    for (const m of mounts) expect(volumes.find((v) => v.name === m.name)?.emptyDir, m.mountPath).toBeDefined();
  });

  it("takes secrets by reference from Secret ollama-ops and ships no Secret", () => {
    const c = container(find(consoleObjects, "Deployment", "ollama-ops"), "console");
    const fromSecret = (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name, e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.key]);
    expect(fromSecret).toEqual([
      ["AUTH_SECRET", "ollama-ops", "AUTH_SECRET"],
      ["LOCAL_USERS", "ollama-ops", "LOCAL_USERS"],
      ["OIDC_CLIENT_SECRET", "ollama-ops", "OIDC_CLIENT_SECRET"],
      ["METRICS_TOKEN", "ollama-ops", "METRICS_TOKEN"],
      ["API_KEY_PEPPER", "ollama-ops", "API_KEY_PEPPER"],
    ]);
    // The one literal: Node's own heap cap (tests/integration/memory-budget.test.ts checks its value).
    expect((c.env ?? []).filter((e) => e.value !== undefined).map((e) => e.name)).toEqual([...NODE_RUNTIME_ENV]);
    for (const objects of [consoleObjects, ollamaObjects, everyComponent]) expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
  });

  it("sets only settings the configuration schema knows, for the Ollama namespace and Deployment", () => {
    const known = new Set(Object.keys(envSchema.shape));
    for (const objects of [consoleObjects, everyComponent]) {
      const cm = configMap(objects);
      for (const key of Object.keys(cm.data)) expect(known.has(key), `ConfigMap key ${key}`).toBe(true);
      const c = container(find(objects, "Deployment", "ollama-ops"), "console");
      for (const e of c.env ?? []) expect(known.has(e.name) || NODE_RUNTIME_ENV.has(e.name), `env ${e.name}`).toBe(true);
      expect(c.envFrom?.[0]?.configMapRef?.name).toBe(cm.metadata.name);
    }
    expect(configMap(consoleObjects).data).toMatchObject({ OLLAMA_NAMESPACE: "ollama", OLLAMA_DEPLOYMENT: "ollama", AUTH_URL: "https://ollama-ops.example.com" });
    for (const o of consoleObjects.filter((x) => x.metadata.namespace !== undefined)) expect(o.metadata.namespace).toBe("ollama");
    expect(consoleObjects.filter((o) => o.kind === "Namespace")).toEqual([]);
  });

  it("has every setting documented in the README's configuration table", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
    const documented = new Set([...section.matchAll(/^\|([^|]+)\|/gm)].flatMap(([, cell = ""]) => [...cell.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1])));
    expect(Object.keys(envSchema.shape).filter((name) => !documented.has(name))).toEqual([]);
  });

  it("lets only Traefik in and only DNS, Ollama, the agent, the API server and public HTTPS out", () => {
    type Egress = { to?: { ipBlock?: { cidr: string; except?: string[] }; podSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number | string }[] }[];
    const np = find(consoleObjects, "NetworkPolicy", "ollama-ops").spec as {
      policyTypes: string[];
      ingress: { from: { namespaceSelector?: { matchLabels: Record<string, string> } }[] }[];
      egress: Egress;
    };
    expect(np.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(np.ingress.flatMap((r) => r.from.map((f) => f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"]))).toEqual(["traefik"]);
    const ports = np.egress.map((r) => r.ports.map((p) => p.port));
    expect(ports).toEqual([[53, 53], [11434, 9101], [6443]]);
    expect(np.egress[1]?.to?.[0]?.podSelector?.matchLabels).toEqual({ "app.kubernetes.io/name": "ollama" });
    // The homelab narrows the API server rule to its node network.
    expect(np.egress[2]?.to).toEqual([{ ipBlock: { cidr: "10.0.0.0/24" } }]);
    expect(np.egress.every((r) => r.to !== undefined && r.to.length > 0)).toBe(true);
    // Public HTTPS (registry manifests, a public issuer) in its own policy: never private, CGNAT, link-local (cloud
    // metadata at 169.254.169.254) or loopback addresses, and only port 443.
    const https = find(consoleObjects, "NetworkPolicy", "ollama-ops-public-https").spec as { policyTypes: string[]; ingress?: unknown; egress: Egress };
    expect(https.policyTypes).toEqual(["Egress"]);
    expect(https.ingress).toBeUndefined();
    expect(https.egress).toEqual([
      { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8"] } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
    const policies = consoleObjects.filter((o) => o.kind === "NetworkPolicy").map((o) => o.metadata.name).sort();
    expect(policies).toEqual(["ollama-ops", "ollama-ops-public-https"]);
  });

  it("reaches HTTPS by host name only, with components/egress-cilium-fqdn", async () => {
    const objects = await renderWith(["overlays/homelab"], ["components/egress-cilium-fqdn"]);
    expect(objects.filter((o) => o.kind === "NetworkPolicy").map((o) => o.metadata.name)).toEqual(["ollama-ops"]);
    const cnp = find(objects, "CiliumNetworkPolicy", "ollama-ops-https-hosts").spec as {
      endpointSelector: unknown;
      egress: { toFQDNs?: { matchName: string }[]; toEndpoints?: unknown[]; toPorts: { ports: { port: string }[] }[] }[];
    };
    expect(cnp.endpointSelector).toEqual({ matchLabels: { "app.kubernetes.io/name": "ollama-ops" } });
    const https = cnp.egress.filter((r) => r.toPorts.some((p) => p.ports.some((x) => x.port === "443")));
    expect(https).toEqual([{ toFQDNs: [{ matchName: "registry.ollama.ai" }], toPorts: [{ ports: [{ port: "443", protocol: "TCP" }] }] }]);
    // No rule opens addresses (toCIDR, toEntities: world) instead of names.
    expect(JSON.stringify(cnp)).not.toMatch(/toCIDR|toEntities/);
  });

  it("is published by a Traefik IngressRoute with TLS, bodies limited by a buffering middleware, responses compressed", () => {
    const route = find(consoleObjects, "IngressRoute", "ollama-ops").spec as { entryPoints: string[]; routes: { match: string; middlewares?: { name: string }[] }[]; tls: { secretName: string } };
    expect(route.entryPoints).toEqual(["websecure"]);
    expect(route.routes.map((r) => [r.match, r.middlewares?.map((m) => m.name) ?? []])).toEqual([
      ["Host(`ollama-ops.example.com`) && (Method(`GET`) || Method(`HEAD`))", ["ollama-ops-compress"]],
      ["Host(`ollama-ops.example.com`) && !Method(`GET`) && !Method(`HEAD`)", ["ollama-ops-body-limit", "ollama-ops-compress"]],
    ]);
    // The console does not gzip (next.config.ts): Traefik does, except event streams.
    expect(find(consoleObjects, "Middleware", "ollama-ops-compress").spec).toEqual({ compress: { excludedContentTypes: ["text/event-stream"] } });
    expect(route.tls.secretName).toBe("ollama-ops-tls");
    expect(find(consoleObjects, "Middleware", "ollama-ops-body-limit").spec).toEqual({ buffering: { maxRequestBodyBytes: 1048576, memRequestBodyBytes: 1048576 } });
  });
});

describe("optional components", () => {
  it("swap the IngressRoute for a TLS Ingress, add Prometheus and OIDC settings and their network paths", () => {
    expect(everyComponent.filter((o) => o.kind === "IngressRoute" || o.kind === "Middleware")).toEqual([]);
    const ingress = find(everyComponent, "Ingress", "ollama-ops").spec as { tls: { secretName: string }[] };
    expect(ingress.tls[0]?.secretName).toBe("ollama-ops-tls");
    expect(configMap(everyComponent).data).toMatchObject({ PROMETHEUS_URL: "http://prometheus-operated.monitoring.svc:9090", OIDC_CLIENT_ID: "ollama-ops" });
    const monitor = find(everyComponent, "ServiceMonitor", "ollama-ops").spec as { endpoints: { path: string; authorization: unknown }[] };
    expect(monitor.endpoints[0]).toMatchObject({ path: "/metrics", authorization: { type: "Bearer", credentials: { name: "ollama-ops", key: "METRICS_TOKEN" } } });
    const policies = everyComponent.filter((o) => o.kind === "NetworkPolicy").map((o) => o.metadata.name).sort();
    expect(policies).toEqual(["ollama-ops", "ollama-ops-oidc", "ollama-ops-prometheus", "ollama-ops-public-https"]);
  });
});

describe("Ollama with the cache agent (examples/ollama/overlays/homelab)", () => {
  it("adds the agent sidecar from the console's image with the model volume read-only", () => {
    const d = find(ollamaObjects, "Deployment", "ollama");
    const agent = container(d, "cache-agent");
    const consoleImage = container(find(consoleObjects, "Deployment", "ollama-ops"), "console").image;
    expect(agent.image).toBe(consoleImage);
    expect(agent.command).toEqual(["node", "agent/main.ts"]);
    expect(agent.volumeMounts).toEqual([{ name: "models", mountPath: "/ollama", readOnly: true }]);
    expect(agent.env?.find((e) => e.name === "OLLAMA_MODELS")?.value).toBe("/ollama/models");
    const ollama = container(d, "ollama");
    expect(ollama.env?.find((e) => e.name === "OLLAMA_MODELS")?.value).toBe("/ollama/models");
    expect(ollama.volumeMounts?.find((m) => m.name === "models")).toEqual({ name: "models", mountPath: "/ollama" });
    expect(podSpec(d).volumes?.find((v) => v.name === "models")?.persistentVolumeClaim).toEqual({ claimName: "ollama-models" });
    expect(d.spec).toMatchObject({ template: { spec: { automountServiceAccountToken: false } } });
  });

  it("generates the declared model set the console reads: ConfigMap ollama-models, fixed name, a models.yaml that parses", () => {
    const cm = find(ollamaObjects, "ConfigMap", MODELS_CONFIGMAP) as K8sObject & { data: Record<string, string> };
    expect(cm.metadata.namespace).toBe("ollama");
    const parsed = parseDeclaredSet(cm.data["models.yaml"] ?? "", ["registry.ollama.ai"]);
    expect(parsed.ok && parsed.set.models.map((m) => [m.name, m.pin])).toEqual([["llama3.2:3b", true], ["qwen2.5:7b", false], ["nomic-embed-text:latest", false]]);
    expect(parsed.ok && parsed.set.prune).toBe(false);
  });

  it("serves Ollama on 11434 and the agent on 9101 inside the cluster only, on a GPU", () => {
    const svc = find(ollamaObjects, "Service", "ollama").spec as { type: string; ports: { name: string; port: number }[] };
    expect(svc.type).toBe("ClusterIP");
    expect(svc.ports.map((p) => [p.name, p.port]).sort()).toEqual([["cache-agent", 9101], ["http", 11434]]);
    // Published only through components/ollama-exposure (tests/integration/deploy-routes.test.ts).
    expect(ollamaObjects.filter((o) => o.kind === "IngressRoute" || o.kind === "Ingress")).toEqual([]);
    expect(container(find(ollamaObjects, "Deployment", "ollama"), "ollama").resources?.limits?.["nvidia.com/gpu"]).toBe("1");
    expect(find(ollamaObjects, "PersistentVolumeClaim", "ollama-models").spec).toMatchObject({ storageClassName: "longhorn" });
  });

  it("lets only the console reach the agent's port", () => {
    const np = find(ollamaObjects, "NetworkPolicy", "ollama").spec as { ingress: { from: { podSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] };
    const agentRule = np.ingress.filter((r) => r.ports.some((p) => p.port === 9101));
    expect(agentRule).toHaveLength(1);
    expect(agentRule[0]?.from).toEqual([{ podSelector: { matchLabels: { "app.kubernetes.io/name": "ollama-ops" } } }]);
  });
});
