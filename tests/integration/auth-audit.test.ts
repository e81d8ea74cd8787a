// The audit trail against the Kubernetes simulator: one Event per entry on the Ollama Deployment, recording never waits
// for a down API server (it catches up later), and the Activity list still has the history after a console restart.
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { api, startKubeSim, until, type KubeFixture } from "./kube-sim-fixture";

let f: KubeFixture;
const alice = { id: "alice", name: "alice", role: "operator" as const };

interface Ev {
  metadata: { name: string };
  count: number;
  reason: string;
  type: string;
  message: string;
  involvedObject: { kind: string; name: string; uid?: string };
  reportingComponent: string;
  reportingInstance: string;
  source: { component: string };
}

async function auditEvents(): Promise<Ev[]> {
  const { body } = await api(f, "/api/v1/namespaces/ollama/events?fieldSelector=reportingComponent%3Dollama-ops");
  return (body.items ?? []) as Ev[];
}

beforeAll(async () => {
  f = await startKubeSim();
  Object.assign(process.env, { KUBECONFIG: f.kubeconfig, OLLAMA_URL: "http://127.0.0.1:9", LOG_LEVEL: "error" });
});
afterAll(() => f.close());

describe("audit → Kubernetes Events", () => {
  it("records each entry as an Event on the Deployment, Normal for success and Warning for failure", async () => {
    const { audit } = await import("@/lib/features/audit");
    audit(alice, { action: "ModelDeleted", subject: "llama3.2:3b", outcome: "success", message: "freed 2.0 GB" });
    audit(null, { action: "SignIn", subject: "mallory", outcome: "failure", message: "wrong user name or password" });
    await until(async () => (await auditEvents()).length === 2, 10_000);
    const { body: deployment } = await api(f, "/apis/apps/v1/namespaces/ollama/deployments/ollama");
    const uid = (deployment.metadata as { uid: string }).uid;
    const events = await auditEvents();
    const deleted = events.find((e) => e.reason === "ModelDeleted");
    expect(deleted).toMatchObject({
      type: "Normal",
      involvedObject: { kind: "Deployment", name: "ollama", uid },
      reportingComponent: "ollama-ops",
      reportingInstance: (process.env.HOSTNAME || hostname()).slice(0, 128),
      source: { component: "ollama-ops" },
      message: "alice (operator) ModelDeleted llama3.2:3b: success — freed 2.0 GB",
    });
    const signIn = events.find((e) => e.reason === "SignIn");
    expect(signIn?.type).toBe("Warning");
    expect(signIn?.message).toBe("anonymous SignIn mallory: failure — wrong user name or password");
    const described = await f.kubectl("describe", "deployment", "ollama", "-n", "ollama");
    expect(described.stdout).toContain("ModelDeleted");
  });

  it("folds 300 failed sign-ins under made-up names into one Event with count 300, in a few writes (issue 12, finding 2)", async () => {
    const { audit } = await import("@/lib/features/audit");
    const before = (await auditEvents()).length;
    f.sim.resetRequestCount();
    for (let i = 0; i < 300; i++) audit(null, { action: "SignIn", subject: `spray-${i}`, outcome: "failure", message: "wrong user name or password" });
    await until(async () => (await auditEvents()).some((e) => e.reason === "SignIn" && e.count === 301), 15_000);
    const events = await auditEvents();
    // The earlier test's failed sign-in was the same key: still one Event, now counting all of them.
    expect(events).toHaveLength(before);
    const signIn = events.find((e) => e.reason === "SignIn");
    expect(signIn?.message).toBe("anonymous SignIn spray-299: failure — wrong user name or password");
    // Paced writes (plus this test's own polling reads): far fewer than one request per record.
    expect(f.sim.requestCount).toBeLessThan(150);
  });

  it("never waits for a down API server, and catches up when it is back", async () => {
    const { audit } = await import("@/lib/features/audit");
    await f.sim.stop();
    const started = performance.now();
    audit(alice, { action: "ModelUnloaded", subject: "qwen2.5:7b", outcome: "success" });
    expect(performance.now() - started).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 300));
    await f.sim.start();
    await until(async () => (await auditEvents()).some((e) => e.reason === "ModelUnloaded"), 15_000);
  });

  it("lists the history from the cluster after a console restart (empty memory)", async () => {
    vi.resetModules();
    (await import("@/lib/doors/runtime/process-wide")).forgetProcessWide("audit");
    const { listActivity } = await import("@/lib/features/audit/activity");
    const { config } = await import("@/lib/doors/runtime/config");
    const list = await listActivity(config().target, {}, 50);
    expect(list.clusterError).toBeUndefined();
    // The aggregated sign-in Event keeps its newest 20 records for Activity; its count keeps the total.
    expect(list.entries.map((e) => e.action)).toEqual(["ModelUnloaded", ...Array<string>(20).fill("SignIn"), "ModelDeleted"]);
    expect(list.entries.at(-1)).toMatchObject({ user: alice, subject: "llama3.2:3b", outcome: "success", message: "freed 2.0 GB" });
    expect((await listActivity(config().target, { user: "anonymous" }, 50)).entries.map((e) => e.subject)).toContain("spray-299");
  });

  it("shows this process's entries with the reason when the cluster cannot be read", async () => {
    vi.resetModules();
    (await import("@/lib/doors/runtime/process-wide")).forgetProcessWide("audit");
    const { audit } = await import("@/lib/features/audit");
    const { listActivity } = await import("@/lib/features/audit/activity");
    const { config } = await import("@/lib/doors/runtime/config");
    await f.sim.stop();
    audit(alice, { action: "SnapshotCreated", subject: "ollama-models-1", outcome: "success" });
    const list = await listActivity(config().target, {}, 50);
    expect(list.entries.map((e) => e.action)).toEqual(["SnapshotCreated"]);
    expect(list.clusterError).toMatch(/Kubernetes API unreachable: connection refused/);
    await f.sim.start();
  });
});
