// Sessions end when they should (issue 12, finding 10): sign-out revokes the session id for every replica through a
// ConfigMap in the namespace, sessions slide (renewed while used, ended after SESSION_IDLE_MINUTES idle) and none
// outlives 12 hours. Against the Kubernetes simulator, through proxy.ts as every request meets it.
import { decode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AUTH_TEST_ENV, consoleRequest, sessionCookie, TEST_SECRET } from "./auth-fixture";
import { api, startKubeSim, type KubeFixture } from "./kube-sim-fixture";

let f: KubeFixture;
beforeAll(async () => {
  f = await startKubeSim();
  Object.assign(process.env, AUTH_TEST_ENV, { KUBECONFIG: f.kubeconfig, SESSION_IDLE_MINUTES: "30" });
});
afterAll(() => f.close());
afterEach(() => vi.useRealTimers());

const { proxy } = await import("@/proxy");
const { revocations, revokeSession } = await import("@/lib/features/auth/session");
const { RevocationList } = await import("@/lib/features/auth/revocation");
const { ConfigMapRevocationStore } = await import("@/lib/features/auth/revocation-store");

async function claimsOf(cookie: string): Promise<Record<string, unknown>> {
  return ((await decode({ token: cookie.replace(/^[^=]+=/, ""), secret: TEST_SECRET })) ?? {});
}

const status = async (cookie: string) => (await proxy(consoleRequest("GET", "/api/models", { cookie }))).status;

describe("sign-out", () => {
  it("makes a copy of the old cookie worthless here at once, and on another replica through the ConfigMap", async () => {
    const cookie = await sessionCookie("admin");
    expect(await status(cookie)).toBe(200);
    // What next-auth's sign-out event does with the token it decoded.
    revokeSession(await claimsOf(cookie));
    expect(await status(cookie)).toBe(401);
    await revocations().settled();

    const { config } = await import("@/lib/doors/runtime/config");
    const { body } = await api(f, "/api/v1/namespaces/ollama/configmaps/ollama-ops-sessions");
    const sid = String((await claimsOf(cookie)).sid);
    expect(Object.keys((body.data ?? {}))).toContain(sid);
    // Another replica: its own list over the same ConfigMap.
    const otherReplica = new RevocationList(new ConfigMapRevocationStore(config().target, "ollama-ops-sessions"));
    expect(await otherReplica.isRevoked(sid)).toBe(true);
    // Other sessions of the same user are untouched.
    expect(await status(await sessionCookie("admin"))).toBe(200);
  });

  it("keeps sign-outs from two replicas at once (read-modify-write, retried on conflict)", async () => {
    const { config } = await import("@/lib/doors/runtime/config");
    const store = () => new ConfigMapRevocationStore(config().target, "ollama-ops-sessions");
    const now = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => store().add(new Map([[`replica-${i}-0123456789abcdef`, now + 60_000]]), now)),
    );
    const entries = await store().load();
    for (let i = 0; i < 6; i++) expect(entries.has(`replica-${i}-0123456789abcdef`)).toBe(true);
  });
});

describe("session lifetime", () => {
  it("renews a session in use with the same id, pushing its end SESSION_IDLE_MINUTES out", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 10 * 60_000 });
    const cookie = await sessionCookie("operator");
    vi.useRealTimers();
    const res = await proxy(consoleRequest("GET", "/api/models", { cookie }));
    expect(res.status).toBe(200);
    const renewed = res.cookies.get("next-auth.session-token");
    expect(renewed?.httpOnly).toBe(true);
    const fresh = await claimsOf(`x=${renewed?.value ?? ""}`);
    expect(fresh.sid).toBe((await claimsOf(cookie)).sid);
    expect(Number(fresh.exp) - Date.now() / 1000).toBeGreaterThan(29 * 60);
    expect(Number(fresh.exp) - Date.now() / 1000).toBeLessThanOrEqual(30 * 60);
    // A token issued moments ago is not re-issued on every request.
    expect((await proxy(consoleRequest("GET", "/api/models", { cookie: await sessionCookie("operator") }))).cookies.get("next-auth.session-token")).toBeUndefined();
  });

  it("ends a session idle longer than SESSION_IDLE_MINUTES, and any session 12 hours after sign-in", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 31 * 60_000 });
    const idle = await sessionCookie("viewer");
    vi.useRealTimers();
    expect(await status(idle)).toBe(401);
    const old = await sessionCookie("viewer", TEST_SECRET, { auth: Math.floor(Date.now() / 1000) - 12 * 3600 - 1 });
    expect(await status(old)).toBe(401);
    // A token without a session id (issued before this change) is no session.
    expect(await status(await sessionCookie("viewer", TEST_SECRET, { sid: undefined }))).toBe(401);
  });
});
