// What the rendered manifests publish, as Traefik matches it. Every kustomization under deploy/ (components on the base
// they are meant for) is rendered with kubectl; every Ingress and IngressRoute route is evaluated against probe requests:
// a route to Ollama must sit behind an authentication middleware and reach only the inference paths, never
// /api/pull|delete|create|copy|push|blobs; the console's routes limit request bodies except on streaming GETs.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEPLOY, find, render, renderWith, type K8sObject } from "./deploy-fixture";
import { authenticates, backendKind, bodyLimit, CONSOLE, MIDDLEWARES_ANNOTATION, OLLAMA_PORT, parseRule, routesOf, ruleMayMatch, type Route } from "./deploy-routes";

// Probes: every request an attacker might send, by method and path.
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** What may be published, with the method Ollama serves it with. */
const INFERENCE: Record<string, string> = {
  "/api/chat": "POST",
  "/api/generate": "POST",
  "/api/embed": "POST",
  "/api/embeddings": "POST",
  "/v1/chat/completions": "POST",
  "/v1/completions": "POST",
  "/v1/embeddings": "POST",
  "/v1/models": "GET",
  "/api/tags": "GET",
  "/api/version": "GET",
};
/** Ollama's state-changing API: never reachable from a route. */
const MANAGEMENT = ["/api/pull", "/api/delete", "/api/create", "/api/copy", "/api/push", `/api/blobs/sha256:${"0".repeat(64)}`, "/api/blobs/"];
/** Everything else a client might try: must not be reachable either (the published set is exactly INFERENCE). */
const OTHER = ["/", "/api", "/api/", "/api/ps", "/api/show", "/api/chat/", "/api/chatx", "/api/pullx", "/API/PULL", "/v1", "/v1/", "/v1/models/llama3", "/v1/chat/completions/x", "/api/tags/x"];
const PROBE_PATHS = [...Object.keys(INFERENCE), ...MANAGEMENT, ...OTHER];

/** Every (method, path) probe a route may match. */
const reachable = (route: Route) => METHODS.flatMap((method) => PROBE_PATHS.filter((path) => route.mayMatch({ method, path })).map((path) => `${method} ${path}`));

/** The findings for one render: routes to Ollama that reach more than inference, or pass no authentication. */
function ollamaExposureFindings(objects: K8sObject[]): string[] {
  const findings: string[] = [];
  for (const route of routesOf(objects)) {
    const kinds = route.backends.map((b) => backendKind(b, objects));
    if (!kinds.includes("ollama")) continue;
    const reach = reachable(route);
    const pathOf = (probe: string) => probe.slice(probe.indexOf(" ") + 1);
    const management = reach.filter((r) => MANAGEMENT.includes(pathOf(r)));
    if (management.length > 0) findings.push(`${route.where} reaches Ollama's management API: ${management.slice(0, 6).join(", ")}${management.length > 6 ? ", …" : ""}`);
    const beyond = reach.filter((r) => !(pathOf(r) in INFERENCE) && !management.includes(r));
    if (beyond.length > 0) findings.push(`${route.where} reaches Ollama beyond the inference paths: ${beyond.slice(0, 6).join(", ")}${beyond.length > 6 ? ", …" : ""}`);
    if (!route.middlewares.some((m) => authenticates(m, objects))) findings.push(`${route.where} reaches Ollama without an authentication middleware`);
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------------------
// Every kustomization under deploy/.

/** Components cannot be rendered alone: each is rendered on the install it is written for (paths relative to deploy/). */
const COMPONENT_HOSTS: Record<string, { resources: string[]; components: string[] }> = {
  "components/cache-agent": { resources: ["examples/ollama/base"], components: ["components/cache-agent"] },
  "components/egress-cilium-fqdn": { resources: ["overlays/homelab"], components: ["components/egress-cilium-fqdn"] },
  "components/ingress": { resources: ["overlays/homelab"], components: ["components/ingress"] },
  "components/oidc": { resources: ["overlays/homelab"], components: ["components/oidc"] },
  "components/prometheus": { resources: ["overlays/homelab"], components: ["components/prometheus"] },
  "components/ollama-clients": { resources: ["examples/ollama/overlays/homelab"], components: ["components/ollama-clients"] },
  "components/ollama-exposure": { resources: ["examples/ollama/overlays/homelab"], components: ["components/ollama-exposure"] },
  "components/ollama-exposure-forward-auth": { resources: ["examples/ollama/overlays/homelab"], components: ["components/ollama-exposure", "components/ollama-exposure-forward-auth"] },
};

async function kustomizations(dir = DEPLOY): Promise<{ dir: string; kind: string }[]> {
  const found: { dir: string; kind: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...(await kustomizations(join(dir, entry.name))));
    else if (entry.name === "kustomization.yaml" || entry.name === "kustomization.yml") {
      const doc = parse(await readFile(join(dir, entry.name), "utf8")) as { kind?: string } | null;
      found.push({ dir: relative(DEPLOY, dir), kind: doc?.kind ?? "Kustomization" });
    }
  }
  return found;
}

const renders = new Map<string, K8sObject[]>();
let discovered: { dir: string; kind: string }[];

beforeAll(async () => {
  discovered = await kustomizations();
  const jobs: [string, Promise<K8sObject[]>][] = discovered.map(({ dir, kind }) => {
    if (kind !== "Component") return [dir, render(dir)];
    const host = COMPONENT_HOSTS[dir];
    return [dir, host ? renderWith(host.resources, host.components) : Promise.reject(new Error(`component ${dir} has no entry in COMPONENT_HOSTS`))];
  });
  // Every console component at once, as a fully featured install would combine them.
  jobs.push(["console with every component", renderWith(["overlays/homelab"], ["components/prometheus", "components/oidc", "components/ingress", "components/egress-cilium-fqdn"])]);
  jobs.push(["Ollama with every component", renderWith(["examples/ollama/overlays/homelab"], ["components/ollama-clients", "components/ollama-exposure", "components/ollama-exposure-forward-auth"])]);
  const results = await Promise.all(jobs.map(([, p]) => p));
  jobs.forEach(([name], i) => renders.set(name, results[i] ?? []));
});

const rendered = (name: string) => {
  const objects = renders.get(name);
  if (!objects) throw new Error(`${name} was not rendered`);
  return objects;
};

describe("the route checker", () => {
  const route = (match: string, extra: Record<string, unknown> = {}): K8sObject[] => [
    { apiVersion: "traefik.io/v1alpha1", kind: "IngressRoute", metadata: { name: "t" }, spec: { routes: [{ match, services: [{ name: "ollama", port: OLLAMA_PORT }], ...extra }] } },
    { apiVersion: "traefik.io/v1alpha1", kind: "Middleware", metadata: { name: "auth" }, spec: { basicAuth: { secret: "s" } } },
  ];
  const authed = { middlewares: [{ name: "auth" }] };

  it("parses Traefik v3 rules with precedence, negation, grouping and both quote styles", () => {
    expect(parseRule('Host(`a`) && !Method("GET") || Path(`/x`)')).toEqual({
      op: "or",
      left: { op: "and", left: { op: "matcher", name: "Host", args: ["a"] }, right: { op: "not", expr: { op: "matcher", name: "Method", args: ["GET"] } } },
      right: { op: "matcher", name: "Path", args: ["/x"] },
    });
    expect(() => parseRule("Host(`a`) &&")).toThrow();
    expect(() => parseRule("Host(`a`")).toThrow();
    expect(() => ruleMayMatch("Frobnicate(`a`)", { method: "GET", path: "/" })).toThrow(/unknown Traefik matcher/);
  });

  it("flags the routes that expose Ollama's management API or skip authentication", () => {
    // The example's route before issue #12: the whole API, no middleware.
    expect(ollamaExposureFindings(route("Host(`ollama.example.com`)"))).toEqual([
      expect.stringContaining("reaches Ollama's management API: GET /api/pull"),
      expect.stringContaining("beyond the inference paths"),
      expect.stringContaining("without an authentication middleware"),
    ]);
    for (const match of ["Host(`o`) && PathPrefix(`/api`)", "PathPrefix(`/`)", "Host(`o`) && !Path(`/api/chat`)", "Path(`/api/chat`) || Host(`o`)", "PathRegexp(`^/api/(chat|pull)$`)", "Path(`/api/blobs/sha256:" + "0".repeat(64) + "`)"]) {
      const findings = ollamaExposureFindings(route(match, authed));
      expect(findings, match).toEqual(expect.arrayContaining([expect.stringContaining("management API")]));
      expect(findings.filter((f) => f.includes("authentication")), match).toEqual([]);
    }
    expect(ollamaExposureFindings(route("Host(`o`) && PathPrefix(`/v1`)", authed))).toEqual([expect.stringMatching(/beyond the inference paths: .*GET \/v1\/models\/llama3/)]);
    expect(ollamaExposureFindings(route("Host(`o`) && Path(`/api/chat`)"))).toEqual([expect.stringContaining("without an authentication")]);
    expect(ollamaExposureFindings(route("Host(`o`) && Path(`/api/chat`)", { middlewares: [{ name: "missing" }] }))).toEqual([expect.stringContaining("without an authentication")]);
    expect(ollamaExposureFindings(route("Host(`o`) && (Path(`/api/chat`) || Path(`/v1/models`))", authed))).toEqual([]);
    // Credentials written into the manifest do not count: they would live in git.
    const [inlineRoute] = route("Path(`/api/chat`)", authed);
    const inline: K8sObject[] = [inlineRoute as K8sObject, { apiVersion: "traefik.io/v1alpha1", kind: "Middleware", metadata: { name: "auth" }, spec: { basicAuth: { users: ["u:$apr1$x"] } } }];
    expect(ollamaExposureFindings(inline)).toEqual([expect.stringContaining("without an authentication")]);
  });

  it("reads Ingress paths as the API defines them and finds middlewares by annotation", () => {
    const ingress = (path: string, pathType: string, annotations: Record<string, string> = {}): K8sObject[] => [
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "i", namespace: "ollama", annotations } as K8sObject["metadata"],
        spec: { rules: [{ host: "o", http: { paths: [{ path, pathType, backend: { service: { name: "ollama", port: { number: OLLAMA_PORT } } } }] } }] },
      },
      { apiVersion: "traefik.io/v1alpha1", kind: "Middleware", metadata: { name: "auth", namespace: "ollama" }, spec: { forwardAuth: { address: "http://c.ollama.svc:3000/api/forward-auth" } } },
    ];
    const withAuth = { [MIDDLEWARES_ANNOTATION]: "ollama-auth@kubernetescrd" };
    expect(ollamaExposureFindings(ingress("/", "Prefix", withAuth))).toEqual([expect.stringContaining("management API"), expect.stringContaining("beyond")]);
    expect(ollamaExposureFindings(ingress("/api", "Prefix", withAuth))).toEqual([expect.stringContaining("management API"), expect.stringContaining("beyond")]);
    expect(ollamaExposureFindings(ingress("/api/chat", "Exact", withAuth))).toEqual([]);
    expect(ollamaExposureFindings(ingress("/api/chat", "Exact"))).toEqual([expect.stringContaining("without an authentication")]);
    expect(ollamaExposureFindings(ingress("/api/chat", "Prefix", withAuth))).toEqual([expect.stringContaining("beyond the inference paths: GET /api/chat/")]);
  });

  it("refuses a backend it cannot place", () => {
    expect(() => ollamaExposureFindings([{ apiVersion: "traefik.io/v1alpha1", kind: "IngressRoute", metadata: { name: "t" }, spec: { routes: [{ match: "Host(`x`)", services: [{ name: "other", port: 80 }] }] } }])).toThrow(/neither Ollama nor the console/);
  });
});

describe("every kustomization under deploy/", () => {
  it("renders, each component on the install it is written for", () => {
    const components = discovered.filter((k) => k.kind === "Component").map((k) => k.dir).sort();
    expect(components).toEqual(Object.keys(COMPONENT_HOSTS).sort());
    // The walk found the installs too (a broken walk would check nothing).
    expect(discovered.filter((k) => k.kind !== "Component").map((k) => k.dir).sort()).toEqual(expect.arrayContaining(["base", "examples/ollama/base", "examples/ollama/overlays/homelab", "overlays/homelab"]));
    expect(renders.size).toBe(discovered.length + 2);
    expect([...renders.values()].every((objects) => objects.length > 0)).toBe(true);
  });

  it("publishes no route to Ollama that reaches a management path or skips authentication", () => {
    const findings = [...renders].flatMap(([name, objects]) => ollamaExposureFindings(objects).map((f) => `${name}: ${f}`));
    expect(findings).toEqual([]);
    // Not vacuous: the exposure components do publish Ollama.
    const published = [...renders].filter(([, objects]) => routesOf(objects).some((r) => r.backends.includes("ollama"))).map(([name]) => name);
    expect(published.sort()).toEqual(["Ollama with every component", "components/ollama-exposure", "components/ollama-exposure-forward-auth"]);
  });

  it("keeps the secrets of basicAuth out of the manifests", () => {
    for (const [name, objects] of renders) expect(objects.filter((o) => o.kind === "Secret"), name).toEqual([]);
  });
});

describe("Ollama by default (examples/ollama)", () => {
  it("has no route, and only the console may reach its ports", () => {
    for (const name of ["examples/ollama/base", "examples/ollama/overlays/homelab"]) {
      const objects = rendered(name);
      expect(objects.filter((o) => ["Ingress", "IngressRoute", "Middleware"].includes(o.kind)), name).toEqual([]);
      const policies = objects.filter((o) => o.kind === "NetworkPolicy").map((o) => o.spec as { podSelector: { matchLabels: Record<string, string> }; ingress: { from: unknown[]; ports: { port: number }[] }[] });
      const forOllama = policies.filter((p) => p.podSelector.matchLabels["app.kubernetes.io/name"] === "ollama");
      expect(forOllama, name).toHaveLength(1);
      const peers = forOllama.flatMap((p) => p.ingress.map((r) => ({ from: r.from, ports: r.ports.map((x) => x.port).sort((a, b) => a - b) })));
      expect(peers, name).toEqual([{ from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": CONSOLE } } }], ports: [9101, OLLAMA_PORT] }]);
    }
  });

  it("admits labelled in-cluster clients on the API port only with components/ollama-clients", () => {
    const policy = find(rendered("components/ollama-clients"), "NetworkPolicy", "ollama-clients").spec as { ingress: { from: unknown[]; ports: { port: number }[] }[] };
    expect(policy.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { "ollama-ops.dev/ollama-client": "true" } } }], ports: [{ protocol: "TCP", port: OLLAMA_PORT }] }]);
  });
});

describe("components/ollama-exposure", () => {
  const reachedBy = (objects: K8sObject[]) =>
    routesOf(objects)
      .filter((r) => r.backends.includes("ollama"))
      .flatMap(reachable)
      .sort();

  it("publishes exactly the inference paths, each with its method, behind basicAuth from a Secret you create", () => {
    const objects = rendered("components/ollama-exposure");
    const expected = Object.entries(INFERENCE).flatMap(([path, method]) => (method === "GET" ? [`GET ${path}`, `HEAD ${path}`] : [`${method} ${path}`]));
    expect(reachedBy(objects)).toEqual(expected.sort());
    expect(find(objects, "Middleware", "ollama-auth").spec).toEqual({ basicAuth: { secret: "ollama-basic-auth", realm: "Ollama", removeHeader: true } });
    const route = find(objects, "IngressRoute", "ollama").spec as { entryPoints: string[]; tls: { secretName: string } };
    expect(route.entryPoints).toEqual(["websecure"]);
    expect(route.tls.secretName).toBe("ollama-example-com-tls");
    const traefik = find(objects, "NetworkPolicy", "ollama-traefik").spec as { ingress: { from: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] };
    expect(traefik.ingress).toHaveLength(1);
    expect(traefik.ingress[0]?.from[0]?.namespaceSelector?.matchLabels).toEqual({ "kubernetes.io/metadata.name": "traefik" });
    expect(traefik.ingress[0]?.ports.map((p) => p.port)).toEqual([OLLAMA_PORT]);
  });

  it("switches to forwardAuth against the console with ollama-exposure-forward-auth, passing only the key", () => {
    const objects = rendered("components/ollama-exposure-forward-auth");
    expect(reachedBy(objects)).toEqual(reachedBy(rendered("components/ollama-exposure")));
    expect(find(objects, "Middleware", "ollama-auth").spec).toEqual({
      forwardAuth: { address: "http://ollama-ops.ollama.svc:3000/api/forward-auth", trustForwardHeader: false, authRequestHeaders: ["Authorization"] },
    });
  });
});

describe("the console's routes", () => {
  it("pass every request that may carry a body through a buffering limit of at most 1 MiB, and stream GET and HEAD", () => {
    for (const name of ["base", "overlays/homelab"]) {
      const routes = routesOf(rendered(name)).filter((r) => r.backends.includes(CONSOLE));
      expect(routes.length, name).toBeGreaterThan(0);
      for (const method of METHODS) {
        const matching = routes.filter((r) => r.mayMatch({ method, path: "/api/pulls" }));
        expect(matching.length, `${name}: ${method} reaches the console`).toBeGreaterThan(0);
        for (const r of matching) {
          const limits = r.middlewares.map(bodyLimit).filter((n): n is number => n !== undefined);
          if (method === "GET" || method === "HEAD") expect(limits, `${r.where}: Traefik's buffering would hold the event stream`).toEqual([]);
          else {
            expect(limits.length, `${r.where}: ${method} without a body limit`).toBeGreaterThan(0);
            expect(Math.max(...limits)).toBeLessThanOrEqual(1024 * 1024);
          }
        }
      }
    }
  });
});
