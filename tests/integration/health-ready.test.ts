// Readiness during a rolling restart (issue 19): a replica that got SIGTERM answers 503 to the readiness probe while it
// drains, so the Service stops sending it new requests; before that, a synced replica is ready.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetProcessState } from "../../lib/doors/runtime/caches";
import { shutdown } from "../../lib/doors/runtime/shutdown";
import { startKubeTarget, type KubeTarget } from "./kube-target-fixture";

let t: KubeTarget;

beforeAll(async () => {
  t = await startKubeTarget();
  Object.assign(process.env, { KUBECONFIG: t.kubeconfig, OLLAMA_URL: t.world.ollama.url, CACHE_AGENT_URL: t.world.agentUrl, LOG_LEVEL: "error", LEADER_ELECTION: "off" });
  resetProcessState();
});

afterAll(async () => {
  resetProcessState();
  await t?.close();
});

describe("the readiness probe", () => {
  it("is ready once the watches listed, and not ready from SIGTERM on", async () => {
    const { GET } = await import("../../app/api/health/route");
    const probe = async () => {
      const res = await GET(new Request("http://console.test/api/health?probe=ready"));
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
    };
    let ready = await probe();
    for (let i = 0; i < 40 && ready.status !== 200; i++) ready = await new Promise<void>((r) => setTimeout(r, 250)).then(probe);
    expect(ready).toMatchObject({ status: 200, body: { status: "ok", checks: { watches: "ok" } } });
    await shutdown(200);
    expect(await probe()).toMatchObject({ status: 503, body: { status: "fail" } });
  });
});
