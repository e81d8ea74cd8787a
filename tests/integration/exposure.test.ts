// The exposure check against the simulated homelab on three configurations — open, inference-only behind auth, not
// exposed — asserting through the Ollama simulator's request log that no probe changed anything.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubeconfigYaml } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import { config, type Target } from "../../lib/doors/runtime/config";
import { checkExposure } from "../../lib/features/exposure";
import { invalidateOllama } from "../../lib/doors/ollama/cache";
import { until } from "./pulls-fixture";

let world: World;
let target: Target;
let dir: string;
let gateway: Server;
let gatewayUrl: string;

/** What deploy/components/ollama-exposure makes Traefik do: exact inference paths, a credential first, 404 elsewhere. */
const EXPOSED = new Set(["POST /api/chat", "POST /api/generate", "POST /api/embed", "POST /api/embeddings", "GET /api/tags", "HEAD /api/tags", "GET /api/version"]);

beforeAll(async () => {
  world = await createWorld("homelab");
  dir = mkdtempSync(join(tmpdir(), "exposure-it-"));
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, kubeconfigYaml(world.kube.url));
  Object.assign(process.env, { KUBECONFIG: kubeconfig, OLLAMA_URL: world.ollama.url, CACHE_AGENT_URL: world.agentUrl, LOG_LEVEL: "error" });
  target = config().target;
  gateway = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (!EXPOSED.has(`${req.method} ${path}`)) return void res.writeHead(404).end("404 page not found\n");
    if (!req.headers.authorization) return void res.writeHead(401, { "WWW-Authenticate": 'Bearer realm="ollama"' }).end("Unauthorized\n");
    res.writeHead(502).end();
  });
  await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as { port: number }).port}`;
});

afterAll(async () => {
  stopWatches(target);
  gateway.close();
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const modelNames = async () => ((await (await fetch(`${world.ollama.url}/api/tags`)).json()) as { models: { name: string }[] }).models.map((m) => m.name).sort();

/** Nothing the check sent could have changed Ollama: only reads succeeded, every other request was refused. */
function expectNoStateChange() {
  const routes = world.ollama.routes;
  const changing = Object.entries(routes).filter(([route, r]) => !/^(GET|HEAD) /.test(route) && Object.keys(r.statuses).some((status) => Number(status) < 400));
  expect(changing, JSON.stringify(routes)).toEqual([]);
}

/** "METHOD /path STATUS" of every answered request Ollama saw since the last reset. */
const answered = () => Object.entries(world.ollama.routes).flatMap(([route, r]) => Object.keys(r.statuses).map((status) => `${route} ${status}`));

describe("exposure check", () => {
  it("open: Ollama answers at EXTERNAL_URL without credentials → red, every finding with its evidence", async () => {
    const before = await modelNames();
    world.ollama.resetRequestCount();
    const report = await checkExposure(target, world.ollama.url);
    expect(report.level).toBe("red");
    expect(report.headline).toBe("Public without authentication: anyone on the internet can delete models");
    expect(report.findings).toContain('DELETE /api/delete with body "{" → 400: Ollama answered without credentials — the path is reachable by anyone');
    expect(report.findings).toContain("GET /api/tags → 200: models listed without credentials");
    expect(report.findings.some((f) => f.startsWith("IngressRoute ollama (ollama.example.com): no middlewares — no authentication middleware"))).toBe(true);
    expect(report.probes.map((p) => p.path)).toEqual(["/api/tags", "/api/pull", "/api/delete", "/api/create", "/api/copy", "/api/push", "/api/blobs/sha256-not-a-digest"]);
    // Every probe reached Ollama, and Ollama refused every management one.
    expect(answered()).toEqual(expect.arrayContaining(["POST /api/pull 400", "DELETE /api/delete 400"]));
    expectNoStateChange();
    expect(await modelNames()).toEqual(before);
  });

  it("inference only behind forwardAuth → green, names the Middleware guarding the route", async () => {
    world.kube.store.create({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name: "ollama-auth", namespace: "ollama" },
      spec: { forwardAuth: { address: "http://ollama-ops.ollama.svc:3000/api/forward-auth", authRequestHeaders: ["Authorization"] } },
    });
    const route = world.kube.store.get("IngressRoute", "ollama", "ollama") as unknown as { spec: { routes: { middlewares?: unknown[] }[] } };
    route.spec.routes[0]!.middlewares = [{ name: "ollama-auth" }];
    world.kube.store.replace(route as never);
    await until("the watch sees the middleware", async () => (await checkExposure(target, undefined)).routes[0]?.middlewares.length === 1);
    world.ollama.resetRequestCount();
    const report = await checkExposure(target, gatewayUrl);
    expect(report.level).toBe("green");
    expect(report.headline).toBe("Inference only, behind authentication: management paths are not routed");
    expect(report.routes[0]?.middlewares).toEqual([{ ref: "ollama/ollama-auth", types: ["forwardAuth"], address: "http://ollama-ops.ollama.svc:3000/api/forward-auth" }]);
    expect(report.findings).toContain("GET /api/tags → 401: credentials required");
    expect(report.probes.filter((p) => p.path !== "/api/tags").every((p) => p.status === 404)).toBe(true);
    expect(report.findings).toContain("POST /api/pull → 404, DELETE /api/delete → 404, POST /api/create → 404, POST /api/copy → 404, POST /api/push → 404, HEAD /api/blobs/sha256-not-a-digest → 404: not routed");
    expect(world.ollama.routes).toEqual({});
  });

  it("not exposed: no route to Ollama and no EXTERNAL_URL → neutral; an unreachable EXTERNAL_URL says so", async () => {
    world.kube.store.remove("IngressRoute", "ollama", "ollama");
    await until("the watch drops the route", async () => (await checkExposure(target, undefined)).routes.length === 0);
    world.ollama.resetRequestCount();
    const report = await checkExposure(target, undefined);
    expect(report).toMatchObject({ level: "neutral", headline: "Not exposed: no Ingress or IngressRoute sends traffic to Ollama", probes: [] });
    const closed = await checkExposure(target, "http://127.0.0.1:9");
    expect(closed.headline).toBe("Not reachable at EXTERNAL_URL");
    expect(closed.probes.every((p) => p.verdict === "unreachable")).toBe(true);
    // Only the advisory's GET /api/version reached Ollama.
    expect(Object.keys(world.ollama.routes).every((route) => route === "GET /api/version")).toBe(true);
  });

  it("reports the version advisory for the running Ollama, red before 0.17.1 and clear at it", async () => {
    world.ollama.reset({ version: "0.17.0" });
    invalidateOllama(target);
    expect((await checkExposure(target, undefined)).advisory).toMatchObject({ version: "0.17.0", upgradeTo: "0.17.1", affecting: [{ id: "CVE-2026-7482" }] });
    world.ollama.reset({ version: "0.17.1" });
    invalidateOllama(target);
    expect((await checkExposure(target, undefined)).advisory).toMatchObject({ version: "0.17.1", upgradeTo: undefined, affecting: [] });
  });
});
