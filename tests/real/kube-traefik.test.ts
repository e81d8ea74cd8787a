// forwardAuth through a real Traefik (issue 16): Traefik v3 built from its Go module reads the exposure component the
// console generates (IngressRoute + Middleware, applied to the real kube-apiserver) through its kubernetesCRD provider,
// and asks the console's real GET /api/forward-auth handler about each request. Keys live in the real cluster's
// ConfigMap. What the client sees is Traefik's answer, not a model of it.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse, stringify } from "yaml";
import { NextRequest } from "next/server";
import { buildTraefik, startTraefik, traefikCrdFile, type RealTraefik } from "../../tools/realstack/traefik.ts";
import { freePort } from "../../tools/realstack/ollama.ts";
import { AUTH_TEST_ENV, sessionCookie } from "../integration/auth-fixture";
import { exposureFix } from "../../lib/shared/exposure/fix";

Object.assign(process.env, AUTH_TEST_ENV);
const keysRoute = await import("../../app/api/keys/route");
const keyRoute = await import("../../app/api/keys/[id]/route");
const forwardAuthRoute = await import("../../app/api/forward-auth/route");

let dir: string;
let kubeconfig: string;
let gate: Server;
let gateUrl: string;
let traefik: RealTraefik;
/** The scenario's own Traefik objects in namespace ollama, put back afterwards for the suites that run next. */
let original = "";
let asked = 0;
/** The console's last forwardAuth answer to Traefik. */
let lastDecision: { status: number; reason: string | null } | undefined;

const kubectl = (args: string[], input?: string) =>
  new Promise<string>((done, fail) => {
    const child = execFile("kubectl", ["--kubeconfig", kubeconfig, ...args], { env: { ...process.env, HOME: dir }, timeout: 60_000, maxBuffer: 32 << 20 }, (err, stdout, stderr) =>
      err ? fail(new Error(`kubectl ${args.join(" ")}: ${stderr}`)) : done(stdout),
    );
    if (input !== undefined) child.stdin?.end(input);
  });

/** One request to Traefik's TLS entry point (its default self-signed certificate), as a client on the internet sends it. */
function viaTraefik(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; reason: string | undefined; body: string }> {
  const url = new URL(traefik.url);
  return new Promise((done, fail) => {
    const req = httpsRequest({ host: url.hostname, port: url.port, method, path, headers: { "content-type": "application/json", ...headers }, rejectUnauthorized: false, }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => done({ status: res.statusCode ?? 0, reason: res.headers["x-forward-auth-reason"] as string | undefined, body }));
    });
    req.on("error", fail);
    req.end(method === "POST" ? "{}" : undefined);
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const noParams = { params: Promise.resolve({}) };
async function adminRequest(url: string, method: string, body?: unknown) {
  return new NextRequest(url, {
    method,
    headers: { host: "127.0.0.1:3000", cookie: await sessionCookie("admin"), "sec-fetch-site": "same-origin", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "real-traefik-"));
  kubeconfig = inject("realCluster").kubeconfig;
  Object.assign(process.env, { KUBECONFIG: kubeconfig, LOG_LEVEL: "error" });
  const { binary } = buildTraefik();

  // The console's forwardAuth endpoint, served by its real route handler on loopback (Traefik's address below).
  gate = createServer((req, res) => {
    asked++;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    void forwardAuthRoute.GET(new Request(`http://127.0.0.1${req.url ?? "/"}`, { headers })).then(async (answer) => {
      lastDecision = { status: answer.status, reason: answer.headers.get("x-forward-auth-reason") };
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((ok) => gate.listen(0, "127.0.0.1", ok));
  gateUrl = `http://127.0.0.1:${(gate.address() as { port: number }).port}`;

  // All of Traefik's CRDs (the real tier installs only IngressRoute and Middleware; Traefik's provider lists them all).
  await kubectl(["apply", "--server-side", "--force-conflicts", "-f", traefikCrdFile()]);

  // What an operator applies: the Ollama example overlay plus the fix the console generates for host 127.0.0.1,
  // with forwardAuth pointed at this test's console instead of the in-cluster Service.
  const work = join(dir, "repo");
  cpSync(resolve("deploy"), join(work, "deploy"), { recursive: true });
  const overlay = join(work, "deploy/examples/ollama/overlays/homelab");
  const kustomization = parse(readFileSync(join(overlay, "kustomization.yaml"), "utf8")) as Record<string, unknown[]>;
  for (const [k, items] of Object.entries(parse(exposureFix("127.0.0.1", "forwardAuth", undefined).kustomization) as Record<string, unknown[]>)) {
    kustomization[k] = [...(kustomization[k] ?? []), ...items];
  }
  writeFileSync(join(overlay, "kustomization.yaml"), stringify(kustomization));
  const rendered = (await kubectl(["kustomize", overlay])).split(/^---$/m).filter((doc) => /^kind: (IngressRoute|Middleware)$/m.test(doc));
  const objects = rendered.map((doc) => parse(doc) as { kind: string; spec: { forwardAuth?: { address: string } } });
  for (const o of objects) if (o.spec.forwardAuth) o.spec.forwardAuth.address = `${gateUrl}/api/forward-auth`;
  expect(objects.map((o) => o.kind).sort()).toEqual(["IngressRoute", "Middleware"]);
  original = await kubectl(["-n", "ollama", "get", "ingressroutes,middlewares", "-o", "json"]);
  await kubectl(["apply", "-f", "-"], objects.map((o) => stringify(o)).join("---\n"));

  traefik = startTraefik({ binary, kubeconfig, namespace: "ollama", port: await freePort() });
  // Traefik has read the route once an exact inference path is no longer its 404.
  await until("Traefik to serve the route", async () => ((await viaTraefik("POST", "/api/chat")).status !== 404 ? true : undefined), 60_000);
}, 180_000);

afterAll(async () => {
  await traefik?.stop();
  gate?.close();
  await kubectl(["-n", "ollama", "delete", "ingressroute/ollama", "middleware/ollama-auth", "--ignore-not-found"]).catch(() => undefined);
  if (original) {
    const list = JSON.parse(original) as { items: { metadata: Record<string, unknown> }[] };
    for (const item of list.items) for (const k of ["resourceVersion", "uid", "creationTimestamp", "managedFields", "generation"]) delete item.metadata[k];
    await kubectl(["create", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: list.items })).catch(() => undefined);
  }
  await kubectl(["-n", "ollama", "delete", "configmap", "ollama-ops-keys", "--ignore-not-found"]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("forwardAuth through a real Traefik", () => {
  let secret = "";
  let id = "";

  it("refuses a request without a key with the console's 401 and reason; management paths are not routed at all", async () => {
    const before = asked;
    const none = await viaTraefik("POST", "/api/chat");
    expect(none.status).toBe(401);
    expect(none.reason).toBe("missing-authorization");
    expect(asked).toBeGreaterThan(before);
    const malformed = await viaTraefik("POST", "/api/chat", { authorization: "Basic Zm9vOmJhcg==" });
    expect(malformed).toMatchObject({ status: 401, reason: "malformed-authorization" });
    for (const path of ["/api/pull", "/api/delete", "/api/create", "/api/copy", "/api/push", "/api/blobs/sha256-x"]) {
      const r = await viaTraefik("POST", path, { authorization: "Bearer whatever" });
      expect(r.status, path).toBe(404);
    }
  });

  it("lets an inference key through to Ollama's Service, refuses it outside its scope, and forgets it once revoked", async () => {
    const created = await keysRoute.POST(await adminRequest("http://127.0.0.1:3000/api/keys", "POST", { name: "traefik-it", scope: "inference" }), noParams);
    expect(created.status).toBe(200);
    ({ secret, key: { id } } = (await created.json()) as { secret: string; key: { id: string } });
    const auth = { authorization: `Bearer ${secret}` };
    // Let through: the console answered 200 and Traefik proxied to the Service's endpoints. KWOK's pods have no network
    // (and this machine's sandbox answers for unknown addresses), so what comes back is not Ollama — but it is not a
    // refusal from the console either: no X-Forward-Auth-Reason.
    const ok = await until("the key to reach the console's store", async () => {
      const r = await viaTraefik("POST", "/api/chat", auth);
      return lastDecision?.status === 200 ? r : undefined;
    });
    expect(lastDecision).toEqual({ status: 200, reason: "ok" });
    expect(ok.reason).toBeUndefined();
    expect(ok.status).not.toBe(401);
    const read = await viaTraefik("GET", "/api/tags", auth);
    expect(read).toMatchObject({ status: 403, reason: "outside-scope" });
    expect(lastDecision).toEqual({ status: 403, reason: "outside-scope" });
    // Encoded traversal from an allowed path to a management one never reaches Ollama.
    for (const path of ["/api/chat/..%2fpull", "/api/chat/%2e%2e/pull", "/api/chat/../pull"]) {
      const r = await viaTraefik("POST", path, auth);
      expect([400, 404], `${path} → ${r.status}`).toContain(r.status);
    }

    const revoked = await keyRoute.DELETE(await adminRequest(`http://127.0.0.1:3000/api/keys/${id}`, "DELETE"), { params: Promise.resolve({ id }) });
    expect(revoked.status).toBe(200);
    const gone = await until("the revocation", async () => {
      const r = await viaTraefik("POST", "/api/chat", auth);
      return r.status === 401 ? r : undefined;
    }, 10_000);
    expect(gone.reason).toBe("unknown-key");
  });
});
