// The issue-14 routes against the simulated world: bad input (malformed models.yaml, unknown model, disallowed registry,
// clashing variant name) gets a clear 4xx, and nothing is pulled, deleted or created.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kube } from "../../lib/doors/kubernetes/client";
import { config } from "../../lib/doors/runtime/config";
import { AUTH_TEST_ENV, sessionCookie } from "./auth-fixture";
import { startPullWorld, until, type PullWorld } from "./pulls-fixture";

Object.assign(process.env, AUTH_TEST_ENV);
let pw: PullWorld;
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let routes: Record<string, Handler>;

beforeAll(async () => {
  pw = await startPullWorld();
  process.env.KUBE_CONTEXT = "sim";
  routes = {
    desired: (await import("@/app/api/models/desired/route")).GET,
    reconcile: (await import("@/app/api/models/reconcile/route")).POST,
    variants: (await import("@/app/api/models/variants/route")).POST,
    check: (await import("@/app/api/models/updates/route")).POST,
    updates: (await import("@/app/api/models/updates/route")).GET,
    apply: (await import("@/app/api/models/updates/apply/route")).POST,
  };
});
afterAll(() => pw?.close());

async function call(handler: Handler, method: string, path: string, body?: unknown, role: "viewer" | "operator" | "admin" = "admin") {
  const headers = new Headers({ host: "127.0.0.1:3000", "sec-fetch-site": "same-origin", cookie: await sessionCookie(role) });
  const text = body === undefined ? undefined : JSON.stringify(body);
  const res = await handler(new NextRequest(`http://127.0.0.1:3000${path}`, { method, headers, body: text }), { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { message: string } } };
}

const mutations = () => {
  const byRoute = pw.world.ollama.requestsByRoute;
  return ["POST /api/pull", "DELETE /api/delete", "POST /api/create"].reduce((n, k) => n + (byRoute[k] ?? 0), 0);
};

async function declare(yaml: string): Promise<void> {
  const { core } = kube(config().target);
  const name = "ollama-models";
  const current = await core.readNamespacedConfigMap({ name, namespace: "ollama" }).catch(() => undefined);
  const body = { metadata: { name, namespace: "ollama", resourceVersion: current?.metadata?.resourceVersion }, data: { "models.yaml": yaml } };
  if (current) await core.replaceNamespacedConfigMap({ name, namespace: "ollama", body });
  else await core.createNamespacedConfigMap({ namespace: "ollama", body });
}

describe("issue 14 routes, bad input", () => {
  it("a malformed models.yaml: the drift view names the line; reconcile is a 400 and pulls or deletes nothing", async () => {
    await declare("models:\n  - name: llama3.2:3b\n    pin: maybe\nprune: true\n");
    let desired = await call(routes.desired!, "GET", "/api/models/desired", undefined, "viewer");
    await until("the watch to deliver the file", async () => {
      desired = await call(routes.desired!, "GET", "/api/models/desired", undefined, "viewer");
      return (desired.body.declared as { status: string }).status === "invalid";
    });
    expect(desired.status).toBe(200);
    expect(desired.body.declared).toMatchObject({ status: "invalid", problem: { line: 3, message: "pin must be true or false" } });
    pw.world.ollama.resetRequestCount();
    const res = await call(routes.reconcile!, "POST", "/api/models/reconcile", { prune: true, confirm: ["llama3.1:70b"] });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/models\.yaml line 3: pin must be true or false; nothing was pulled or deleted/);
    expect(mutations()).toBe(0);
  });

  it("an unknown model declared: reconcile answers 200 naming the refusal, and pulls nothing", async () => {
    await declare("models:\n  - name: llama3.2:3b\n  - name: no-such-model:1b\n");
    await until("the watch to deliver the file", async () => {
      const d = await call(routes.desired!, "GET", "/api/models/desired", undefined, "viewer");
      return (d.body.drift as { missing?: string[] } | null)?.missing?.includes("no-such-model:1b") === true;
    });
    pw.world.ollama.resetRequestCount();
    const res = await call(routes.reconcile!, "POST", "/api/models/reconcile", {}, "operator");
    expect(res.status).toBe(200);
    expect(res.body.refused).toEqual([{ model: "no-such-model:1b", reason: expect.stringMatching(/no model no-such-model:1b/) as string }]);
    expect(mutations()).toBe(0);
  });

  it("a disallowed registry is refused by name on every model field", async () => {
    pw.world.ollama.resetRequestCount();
    for (const [handler, path, body] of [
      [routes.reconcile!, "/api/models/reconcile", { prune: true, confirm: ["evil.example.com/x/y"] }],
      [routes.variants!, "/api/models/variants", { name: "mine:1", from: "evil.example.com/x/y" }],
      [routes.variants!, "/api/models/variants", { name: "evil.example.com/x/y:1", from: "llama3.2:3b" }],
      [routes.apply!, "/api/models/updates/apply", { models: ["evil.example.com/x/y"] }],
    ] as const) {
      const res = await call(handler, "POST", path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error?.message, path).toMatch(/from evil\.example\.com (is|are) not allowed/);
    }
    expect(mutations()).toBe(0);
  });

  it("a variant name that clashes, an unknown base, a bad parameter: clear 4xx, nothing created", async () => {
    pw.world.ollama.resetRequestCount();
    const clash = await call(routes.variants!, "POST", "/api/models/variants", { name: "qwen2.5:7b", from: "llama3.2:3b" });
    expect(clash.status).toBe(409);
    expect(clash.body.error?.message).toMatch(/qwen2\.5:7b already exists; choose another name/);
    const unknown = await call(routes.variants!, "POST", "/api/models/variants", { name: "mine:1", from: "phi3:mini" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toMatch(/phi3:mini is not installed/);
    const bad = await call(routes.variants!, "POST", "/api/models/variants", { name: "mine:1", from: "llama3.2:3b", parameters: { num_ctx: 10 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/num_ctx: at least 256/);
    const files = await call(routes.variants!, "POST", "/api/models/variants", { name: "mine:1", from: "llama3.2:3b", files: { "x.gguf": "sha256:00" } });
    expect(files.status).toBe(400);
    expect(mutations()).toBe(0);
    const made = await call(routes.variants!, "POST", "/api/models/variants", { name: "llama3.2-fr:3b", from: "llama3.2:3b", parameters: { num_ctx: 8192 }, system: "Réponds en français." }, "operator");
    expect(made).toMatchObject({ status: 200, body: { model: "llama3.2-fr:3b", newWeightBytes: 0 } });
  });

  it("Update before any check, and an up-to-date model, are 409s that say why", async () => {
    const early = await call(routes.apply!, "POST", "/api/models/updates/apply", { all: true }, "operator");
    expect(early.status).toBe(409);
    expect(early.body.error?.message).toMatch(/Check now/);
    const checked = await call(routes.check!, "POST", "/api/models/updates", undefined, "operator");
    expect(checked.status).toBe(200);
    const current = await call(routes.apply!, "POST", "/api/models/updates/apply", { models: ["llama3.2:3b"] }, "operator");
    expect(current.status).toBe(409);
    expect(current.body.error?.message).toMatch(/no update available \(up to date\)/);
    const viewer = await call(routes.updates!, "GET", "/api/models/updates", undefined, "viewer");
    expect(viewer.body).toMatchObject({ report: { checkedAt: expect.any(String) as string }, plan: { updates: [], stoppedAt: null } });
  });
});
