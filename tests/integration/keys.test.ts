// API keys end to end against the simulated cluster: create (secret shown once, only its HMAC stored), use through
// GET /api/forward-auth, scope refusal, expiry, header handling, and revocation seen by another replica within seconds.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { kubeconfigYaml } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { AUTH_TEST_ENV, consoleRequest, sessionCookie } from "./auth-fixture";
import { until } from "./pulls-fixture";

let world: World;
let dir: string;
Object.assign(process.env, AUTH_TEST_ENV);

const keysRoute = await import("../../app/api/keys/route");
const keyRoute = await import("../../app/api/keys/[id]/route");
const forwardAuthRoute = await import("../../app/api/forward-auth/route");
const baselineRoute = await import("../../app/api/forward-auth/baseline/route");
const { config } = await import("../../lib/doors/runtime/config");
const { KeyStore } = await import("../../lib/features/keys/store");
const { forwardAuth } = await import("../../lib/features/keys");
const { renderMetrics } = await import("../../lib/features/metrics");

beforeAll(async () => {
  world = await createWorld("homelab");
  dir = mkdtempSync(join(tmpdir(), "keys-it-"));
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, kubeconfigYaml(world.kube.url));
  Object.assign(process.env, { KUBECONFIG: kubeconfig, OLLAMA_URL: world.ollama.url, CACHE_AGENT_URL: world.agentUrl });
});

afterAll(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const noParams = { params: Promise.resolve({}) };

async function create(body: unknown, role: "admin" | "operator" = "admin") {
  const req = new NextRequest("http://127.0.0.1:3000/api/keys", {
    method: "POST",
    headers: { host: "127.0.0.1:3000", cookie: await sessionCookie(role), "sec-fetch-site": "same-origin", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const res = await keysRoute.POST(req, noParams);
  return { status: res.status, body: (await res.json()) as { secret: string; key: { id: string; scope: string }; error?: { message: string } } };
}

async function gate(headers: Record<string, string>) {
  const res = await forwardAuthRoute.GET(new Request("http://127.0.0.1:3000/api/forward-auth", { headers }));
  return { status: res.status, reason: res.headers.get("x-forward-auth-reason") };
}

const through = (secret: string, method = "POST", uri = "/api/chat") =>
  gate({ authorization: `Bearer ${secret}`, "x-forwarded-method": method, "x-forwarded-uri": uri });

function storedConfigMap(): string {
  const cm = world.kube.store.get("ConfigMap", "ollama", "ollama-ops-keys") as { data?: Record<string, string> } | undefined;
  return cm?.data?.["keys.json"] ?? "";
}


/**
 * The random part of `oops_<id>_<secret>`: everything after the id. Not split("_")[2]: the secret is base64url, which
 * has "_" in it, and a fragment as short as "e" is in any metrics text (this test failed on such a key, on both tries).
 */
const secretPart = (key: string) => key.slice("oops_".length + 12 + 1);
describe("the benchmark's bare route", () => {
  it("answers 404 unless the benchmark enabled it", () => {
    expect(process.env.FORWARD_AUTH_BENCH).toBeUndefined();
    expect(baselineRoute.GET().status).toBe(404);
  });
});

describe("API key lifecycle", () => {
  it("creates a key for an admin only, stores its HMAC and never the key", async () => {
    expect((await create({ name: "ci", scope: "inference" }, "operator")).status).toBe(403);
    expect((await create({ name: "", scope: "inference" })).body.error?.message).toMatch(/name: a name is required/);
    expect((await create({ name: "x", scope: "root" })).body.error?.message).toMatch(/scope: expected one of inference/);
    const { status, body } = await create({ name: "ci", scope: "inference", note: "the CI runner" });
    expect(status).toBe(200);
    expect(body.secret).toMatch(/^oops_[0-9a-f]{12}_/);
    const stored = storedConfigMap();
    expect(stored).toContain(body.key.id);
    expect(secretPart(body.secret)).toHaveLength(43);
    expect(stored).not.toContain(secretPart(body.secret));
    expect((await create({ name: "ci", scope: "admin" })).status).toBe(409);
    const list = await keysRoute.GET(consoleRequest("GET", "/api/keys", { cookie: await sessionCookie("admin") }), noParams);
    expect(JSON.stringify(await list.json())).not.toContain(body.secret);
  });

  it("lets the key through on its scope and refuses outside it, counting both", async () => {
    const { body } = await create({ name: "app", scope: "inference" });
    expect(await through(body.secret)).toEqual({ status: 200, reason: "ok" });
    expect(await through(body.secret, "POST", "/v1/chat/completions?stream=true")).toEqual({ status: 200, reason: "ok" });
    expect(await through(body.secret, "POST", "/api/pull")).toEqual({ status: 403, reason: "outside-scope" });
    expect(await through(body.secret, "DELETE", "/api/delete")).toEqual({ status: 403, reason: "outside-scope" });
    expect(await through(body.secret, "GET", "/api/tags")).toEqual({ status: 403, reason: "outside-scope" });
    const list = await keysRoute.GET(consoleRequest("GET", "/api/keys", { cookie: await sessionCookie("admin") }), noParams);
    const app = ((await list.json()) as { keys: { id: string; usage: { requests: number; refusals: number; lastUsedAt?: string } }[] }).keys.find(
      (k) => k.id === body.key.id,
    );
    expect(app?.usage).toMatchObject({ requests: 2, refusals: 3 });
    expect(app?.usage.lastUsedAt).toBeDefined();
    const metrics = (await renderMetrics()).body;
    expect(metrics).toContain(`ollama_ops_api_key_requests_total{key_id="${body.key.id}",key_name="app",outcome="allowed"} 2`);
    expect(metrics).toContain(`ollama_ops_api_key_requests_total{key_id="${body.key.id}",key_name="app",outcome="refused"} 3`);
    expect(metrics).not.toContain(secretPart(body.secret));
  });

  it("handles missing, malformed and foreign Authorization headers and encoded traversal", async () => {
    const { body } = await create({ name: "reader", scope: "inference+read" });
    const fwd = { "x-forwarded-method": "GET", "x-forwarded-uri": "/api/tags" };
    expect(await gate(fwd)).toEqual({ status: 401, reason: "missing-authorization" });
    expect(await gate({ ...fwd, authorization: "Basic dXNlcjpwYXNz" })).toEqual({ status: 401, reason: "malformed-authorization" });
    expect(await gate({ ...fwd, authorization: "Bearer " })).toEqual({ status: 401, reason: "malformed-authorization" });
    expect(await gate({ ...fwd, authorization: "Bearer sk-abc" })).toEqual({ status: 401, reason: "malformed-key" });
    expect(await gate({ ...fwd, authorization: `Bearer ${body.secret.slice(0, -2)}xx` })).toEqual({ status: 401, reason: "unknown-key" });
    expect(await through(body.secret, "GET", "/api/tags")).toEqual({ status: 200, reason: "ok" });
    expect(await through(body.secret, "POST", "/api/chat/%2e%2e/pull")).toEqual({ status: 403, reason: "path-encoded-separator" });
    expect(await through(body.secret, "POST", "/api%2Fpull")).toEqual({ status: 403, reason: "path-encoded-separator" });
    expect(await through(body.secret, "POST", "/api/tags/../pull")).toEqual({ status: 403, reason: "path-traversal" });
    expect(await through(body.secret, "POST", "//api/pull")).toEqual({ status: 403, reason: "path-double-slash" });
    expect(await through(body.secret, "POST", "/api/pull?to=/api/chat")).toEqual({ status: 403, reason: "outside-scope" });
    expect(await gate({ authorization: `Bearer ${body.secret}` })).toEqual({ status: 403, reason: "missing-forwarded-request" });
  });

  it("refuses a key after its expiry", async () => {
    const { body } = await create({ name: "temp", scope: "inference", expiresInDays: 1 });
    const req = { authorization: `Bearer ${body.secret}`, method: "POST", uri: "/api/chat" };
    expect(await forwardAuth(req, Date.now() + 86_400_000 - 60_000)).toMatchObject({ status: 200 });
    expect(await forwardAuth(req, Date.now() + 86_400_000 + 60_000)).toMatchObject({ status: 401, reason: "expired-key" });
  });

  it("revokes a key on this and another replica within seconds", async () => {
    const { body } = await create({ name: "revoked", scope: "inference" });
    // A second replica: its own watch on the same ConfigMap.
    const replica = new KeyStore(config().target, "ollama-ops-keys");
    try {
      await until("the other replica sees the key", async () => {
        const snap = await replica.snapshot();
        return snap.ok && snap.keys.has(body.key.id);
      });
      expect(await through(body.secret)).toMatchObject({ status: 200 });
      const started = Date.now();
      const del = await keyRoute.DELETE(
        new NextRequest(`http://127.0.0.1:3000/api/keys/${body.key.id}`, {
          method: "DELETE",
          headers: { host: "127.0.0.1:3000", cookie: await sessionCookie("admin"), "sec-fetch-site": "same-origin" },
        }),
        { params: Promise.resolve({ id: body.key.id }) },
      );
      expect(del.status).toBe(200);
      // The revoking replica refuses the key as soon as the DELETE has answered.
      expect(await through(body.secret)).toEqual({ status: 401, reason: "unknown-key" });
      await until(
        "the other replica drops the key",
        async () => {
          const snap = await replica.snapshot();
          return snap.ok && !snap.keys.has(body.key.id);
        },
        3_000,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      replica.stop();
    }
  });
});
