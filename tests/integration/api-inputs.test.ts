// Route handlers against the simulated world for the input findings of the security audit (issue 12): unload needs an
// explicit target (8), strict bodies (8), restore sizes (9), the registry allow-list on every model name (12), and manifests
// of installed models read only from allowed registries (12). Upstream calls are counted by the simulators.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTH_TEST_ENV, sessionCookie } from "./auth-fixture";
import { startPullWorld, type PullWorld } from "./pulls-fixture";

Object.assign(process.env, AUTH_TEST_ENV);
let pw: PullWorld;
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let routes: Record<string, Handler>;

beforeAll(async () => {
  pw = await startPullWorld();
  process.env.KUBE_CONTEXT = "sim";
  const all: Record<string, Handler> = {
    unload: (await import("@/app/api/models/unload/route")).POST,
    details: (await import("@/app/api/models/details/route")).GET,
    impact: (await import("@/app/api/models/delete-impact/route")).GET,
    remove: (await import("@/app/api/models/route")).DELETE,
    create: (await import("@/app/api/snapshots/route")).POST,
    restore: (await import("@/app/api/snapshots/[name]/restore/route")).POST,
  };
  routes = all;
});
afterAll(() => pw?.close());

async function call(handler: Handler, method: string, path: string, body?: unknown, params: Record<string, string> = {}) {
  const headers = new Headers({ host: "127.0.0.1:3000", "sec-fetch-site": "same-origin", cookie: await sessionCookie("admin") });
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const res = await handler(new NextRequest(`http://127.0.0.1:3000${path}`, { method, headers, body: text }), { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as { error?: { message: string }; unloaded?: string[] } };
}

const modelCalls = () => {
  const byRoute = pw.world.ollama.requestsByRoute;
  return ["POST /api/generate", "POST /api/show", "DELETE /api/delete", "POST /api/pull"].reduce((n, k) => n + (byRoute[k] ?? 0), 0);
};

describe("unload", () => {
  it("unloads nothing for an empty body, {} or a misspelt field, and says how to ask", async () => {
    pw.world.ollama.resetRequestCount();
    for (const body of [undefined, {}, { al: true }, { all: false }, { all: "true" }, { model: "qwen2.5:7b", all: true }]) {
      const res = await call(routes.unload!, "POST", "/api/models/unload", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(routes.unload!, "POST", "/api/models/unload", {})).body.error?.message).toMatch(/\{"all": true\} for every loaded model/);
    expect(modelCalls()).toBe(0);
    expect(pw.world.ollama.state.loaded.length).toBe(2);
  });

  it('unloads everything only with {"all": true}', async () => {
    const res = await call(routes.unload!, "POST", "/api/models/unload", { all: true });
    expect(res.status).toBe(200);
    expect(res.body.unloaded?.sort()).toEqual(["nomic-embed-text:latest", "qwen2.5:7b"]);
  });
});

describe("the registry allow-list on every model name", () => {
  it("refuses a foreign registry host for details, delete impact, delete and unload without calling Ollama", async () => {
    pw.world.ollama.resetRequestCount();
    const name = "169.254.169.254/x/y";
    const q = encodeURIComponent(name);
    const answers = [
      await call(routes.details!, "GET", `/api/models/details?model=${q}`),
      await call(routes.impact!, "GET", `/api/models/delete-impact?model=${q}`),
      await call(routes.remove!, "DELETE", "/api/models", { model: name }),
      await call(routes.unload!, "POST", "/api/models/unload", { model: name }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(400);
      expect(a.body.error?.message).toMatch(/Models from 169\.254\.169\.254 are not allowed here \(allowed registries: registry\.ollama\.ai; setting PULL_REGISTRIES\)/);
    }
    expect(modelCalls()).toBe(0);
  });
});

describe("registry manifests of installed models", () => {
  let foreign: Server;
  let hits = 0;
  beforeAll(async () => {
    foreign = createServer((_, res) => (hits++, res.writeHead(404).end()));
    await new Promise<void>((r) => foreign.listen(0, "127.0.0.1", r));
  });
  afterAll(() => new Promise((r) => foreign.close(r)));

  it("are fetched only from allowed registries, even through a configured mirror", async () => {
    const { installedFootprints } = await import("@/lib/features/models/footprint");
    const mirror = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
    const model = (name: string, digest: string) => ({ name, digest, size: 1_000 }) as Parameters<typeof installedFootprints>[0][number];
    const models = [model("evil.example/ns/m:latest", "a".repeat(64)), model("169.254.169.254/x/y:latest", "b".repeat(64))];
    const mirrors = { "evil.example": mirror, "169.254.169.254": mirror };
    const refused = await installedFootprints(models, undefined, { mirrors, allowed: ["registry.ollama.ai"] });
    expect(hits).toBe(0);
    expect(refused.source).toBe("sizes");
    await installedFootprints(models, undefined, { mirrors, allowed: ["registry.ollama.ai", "evil.example"] });
    expect(hits, "the same call does reach an allowed registry").toBe(1);
  });
});

describe("snapshot bodies", () => {
  it("refuse unknown fields on create and restore", async () => {
    const created = await call(routes.create!, "POST", "/api/snapshots", { name: "s1", classname: "csi" });
    expect(created.status).toBe(400);
    expect(created.body.error?.message).toMatch(/classname/);
    const restored = await call(routes.restore!, "POST", "/api/snapshots/s1/restore", { size: "100Gi", storageClass: "x" }, { name: "s1" });
    expect(restored.status).toBe(400);
    expect(restored.body.error?.message).toMatch(/storageClass/);
  });

  it.each(["1e400", "99999999999999Ei", "-1Gi", "10 Gi", "lots"])("refuse restore size %s, saying what is accepted", async (size) => {
    const res = await call(routes.restore!, "POST", "/api/snapshots/s1/restore", { size }, { name: "s1" });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/64Ti/);
  });
});
