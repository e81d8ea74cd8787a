// Issue 19 against the simulated API server, with each "replica" on its own client: the Lease election, pull jobs run
// by the leader only and seen by every replica through the journal, and sign-in throttling shared through a ConfigMap.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { kube } from "../../lib/doors/kubernetes/client";
import { watchConfigMap } from "../../lib/doors/kubernetes/configmap";
import { LeaderElector, kubeLeaseClient } from "../../lib/doors/kubernetes/leader";
import type { Target } from "../../lib/doors/runtime/config";
import { ConfigMapThrottleStore, THROTTLE_FLUSH_MS } from "../../lib/features/auth/throttle-store";
import { SignInThrottle } from "../../lib/features/auth/throttle";
import { createManager } from "../../lib/features/pulls";
import type { PullJob } from "../../lib/features/pulls/job";
import type { PullManager } from "../../lib/features/pulls/manager";
import { operator, startPullWorld, until, type PullWorld } from "./pulls-fixture";

let pw: PullWorld;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  pw = await startPullWorld({ replicas: 16 });
});
beforeEach(async () => {
  await pw.world.clearFaults();
  await pw.world.load("homelab");
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await new Promise((resolve) => setTimeout(resolve, 200));
});
afterAll(() => pw.close());

/** Three replicas: the same namespace, each through its own kubeconfig context (its own clients and watches). */
let nextReplica = 0;
// Each test takes replicas no earlier test used: their clients and watches start cold.
const replicaTarget = () => pw.replicaTarget(nextReplica++);
const replicas = (n = 3): Target[] => Array.from({ length: n }, replicaTarget);

const FAST = { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 };

describe("leader election on the simulated API server", () => {
  it("elects one holder, writes it into the Lease, and hands over at once when the leader stops", async () => {
    const targets = replicas();
    const electors = targets.map(
      (t, i) => new LeaderElector({ ...FAST, client: kubeLeaseClient(t, "it-leader"), identity: `replica-${i}`, onStartedLeading: () => undefined }),
    );
    electors.forEach((e) => void e.start());
    cleanups.push(() => Promise.all(electors.map((e) => e.stop())));
    await until("a leader", () => electors.some((e) => e.status().isLeader));
    await new Promise((resolve) => setTimeout(resolve, FAST.retryPeriodMs * 3));
    const leaders = electors.filter((e) => e.status().isLeader);
    expect(leaders).toHaveLength(1);
    const lease = await kube(targets[0]!).coordination.readNamespacedLease({ name: "it-leader", namespace: "ollama" });
    expect(lease.spec).toMatchObject({ holderIdentity: leaders[0]!.status().identity, leaseDurationSeconds: 2 });
    // The wire format: MicroTime with six fractional digits, as the API server requires.
    const raw = await fetch(`${kube(targets[0]!).kc.getCurrentCluster()!.server}/apis/coordination.k8s.io/v1/namespaces/ollama/leases/it-leader`).then((r) => r.json() as Promise<{ spec: { renewTime: string } }>);
    expect(raw.spec.renewTime).toMatch(/\.\d{6}Z$/);
    const stopped = Date.now();
    await leaders[0]!.stop();
    await until("a successor", () => electors.some((e) => e !== leaders[0] && e.status().isLeader));
    expect(Date.now() - stopped).toBeLessThan(FAST.leaseDurationMs);
  });
});

describe("pull jobs with a leader and followers", () => {
  function replica(t: Target, leading: boolean): PullManager {
    const m = createManager(t, { leading, progressFlushMs: 500, retry: { firstMs: 100, maxMs: 400, attempts: 20 } });
    if (!leading) m.follow();
    cleanups.push(() => m.shutdown());
    return m;
  }

  it("a follower's pull runs at the leader, every replica shows the same job within 2 s, and a moved leadership finishes it once", async () => {
    pw.world.setSpeed(150e6);
    const [ta, tb, tc] = replicas();
    const finishedAt: Record<string, PullJob[]> = { a: [], b: [], c: [] };
    const a = createManager(ta!, { leading: false, progressFlushMs: 500, onFinish: (j) => finishedAt.a!.push(j) });
    const b = createManager(tb!, { leading: false, progressFlushMs: 500, onFinish: (j) => finishedAt.b!.push(j) });
    const c = replica(tc!, false);
    for (const m of [a, b]) cleanups.push(() => m.shutdown());
    a.follow();
    b.follow();
    const termA = new AbortController();
    await a.lead(termA.signal);

    const { job } = await c.submit({ model: "gemma2:27b", user: operator, override: "none", expectedBytes: 0 });
    await until("the leader to run the follower's intent", () => a.list().some((j) => j.id === job.id && j.state === "downloading"));
    // Every replica lists the job, and the followers' progress trails the leader's by less than 2 s.
    await until("the followers to list it", () => [b, c].every((m) => m.list().some((j) => j.id === job.id && j.completedBytes > 0)));
    for (let i = 0; i < 5; i++) {
      const leaderBytes = a.list().find((j) => j.id === job.id)!.completedBytes;
      const leaderAt = Date.now();
      await until("the followers to catch up", () => [b, c].every((m) => (m.list().find((j) => j.id === job.id)?.completedBytes ?? 0) >= leaderBytes), 2_000);
      expect(Date.now() - leaderAt).toBeLessThan(2_000);
    }

    // The leader dies mid-pull (its Lease lapses): b leads, resumes the journaled job and finishes it.
    termA.abort();
    a.shutdown();
    await b.lead(new AbortController().signal);
    pw.world.setSpeed(4e9);
    await until("b to finish the pull", () => b.list().find((j) => j.id === job.id)?.state === "succeeded", 60_000);
    await until("every replica to show the end", () => [c].every((m) => m.list().find((j) => j.id === job.id)?.state === "succeeded"), 3_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(finishedAt.a).toEqual([]);
    expect(finishedAt.b!.map((j) => j.id)).toEqual([job.id]);
    expect(b.list().find((j) => j.id === job.id)).toMatchObject({ resumed: true, startedBy: "olga" });
  });

  it("a cancel at a follower stops the leader's pull", async () => {
    pw.world.setSpeed(100e6);
    const [ta, tb] = replicas(2);
    const a = replica(ta!, false);
    const b = replica(tb!, false);
    await a.lead(new AbortController().signal);
    const { job } = await b.submit({ model: "gemma2:27b", user: operator, override: "none", expectedBytes: 0 });
    await until("the job running", () => a.list().some((j) => j.id === job.id && j.state === "downloading"));
    const done = await b.cancel(job.id, { id: "otto", name: "otto", role: "operator" });
    expect(done).toMatchObject({ id: job.id, state: "cancelled", cancelledBy: "otto" });
    expect(a.list().find((j) => j.id === job.id)?.state).toBe("cancelled");
  });
});

describe("sign-in throttling across replicas", () => {
  it("failures at one replica slow the same client down at another, in few writes", async () => {
    const [ta, tb] = replicas(2);
    const storeA = new ConfigMapThrottleStore(ta!, "it-throttle");
    const storeB = new ConfigMapThrottleStore(tb!, "it-throttle");
    cleanups.push(() => (storeA.stop(), storeB.stop()));
    const a = new SignInThrottle(storeA);
    const b = new SignInThrottle(storeB);
    expect(await b.waitFor("alice", "192.0.2.7")).toBe(0);
    // Every version of the ConfigMap, as a watch sees it: the number of writes.
    const versions = new Set<string>();
    const counter = watchConfigMap(replicaTarget(), "it-throttle", (cm) => cm.metadata?.resourceVersion ?? "", (rv) => versions.add(rv));
    counter.start();
    cleanups.push(() => counter.stop());
    const before = Date.now();
    // A burst of guesses spread over both replicas, as a client behind the load balancer would send them.
    for (let i = 0; i < 30; i++) await (i % 2 ? a : b).failed("alice", "192.0.2.7");
    await until("the other replica to see the count", async () => (await b.waitFor("alice", "192.0.2.7")) > 0 && (await a.waitFor("alice", "192.0.2.7")) > 0, 3_000);
    await until("all failures shared", async () => (await storeB.get("account:alice"))?.failures === 30 && (await storeA.get("account:alice"))?.failures === 30, 3_000);
    const elapsed = Date.now() - before;
    const cm = await kube(ta!).core.readNamespacedConfigMap({ name: "it-throttle", namespace: "ollama" });
    const json = JSON.parse(cm.data?.["failures.json"] ?? "{}") as Record<string, { failures: number }>;
    expect(json["account:alice"]?.failures).toBe(30);
    expect(json["ip:192.0.2.7"]?.failures).toBe(30);
    // Bounded write rate: at most one write per replica per flush interval, not one per failure (30 failures here).
    await until("the counter's watch to see the last write", () => versions.has(cm.metadata?.resourceVersion ?? "?"), 3_000);
    expect(versions.size).toBeGreaterThan(0);
    expect(versions.size).toBeLessThanOrEqual(Math.min(20, 2 * (Math.ceil(elapsed / THROTTLE_FLUSH_MS) + 1)));
    // A correct password at one replica clears the account's count everywhere (never the address's).
    await a.succeeded("alice");
    await until("the clear shared", async () => (await storeB.get("account:alice")) === undefined, 3_000);
    expect((await storeB.get("ip:192.0.2.7"))?.failures).toBe(30);
  });
});
