// A Deployment's progress as kube-controller-manager v1.34 reports it: a rollout whose pod never schedules times out
// after progressDeadlineSeconds (Progressing False, ProgressDeadlineExceeded), while a finished one whose pod stops
// being ready (a crash loop) only loses its Available condition; a pod counts as available only minReadySeconds after
// it became Ready; scaling in the middle of a rollout spreads the change over the ReplicaSets in proportion
// (desired-replicas and max-replicas annotations). The same on the real control plane
// (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts); only hashes and
// times are masked, and the times are checked against each other.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, vi } from "vitest";

type Kubectl = (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

interface Obj {
  metadata: { name: string; creationTimestamp: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: { replicas?: number };
  status?: { conditions?: Condition[] } & Record<string, unknown>;
}

const T = "<time>";
const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;
const TIMING = { timeout: 20_000, interval: 200 };

/** A Deployment with one `c` container (nginx), its pods labelled app=<name>. */
function deployment(name: string, spec: Record<string, unknown>, podSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: { replicas: 1, ...spec, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { ...podSpec, containers: [{ name: "c", image: "nginx:1.27" }] } } },
  };
}

/** Conditions without their times (checked apart), in the order the controller left them. */
const bare = (conditions: Condition[] | undefined) => (conditions ?? []).map(({ type, status, reason, message }) => ({ type, status, reason, message }));

/**
 * Runs the cases in a new namespace (deleted afterwards); the expectations are the same on both targets. `crash` makes
 * the pods of `app=<app>` not ready, as a kubelet reports a container in CrashLoopBackOff.
 */
export async function checkProgress(kubectl: Kubectl, podsAllowed: (namespace: string) => Promise<void>, crash: (namespace: string, app: string) => Promise<void>): Promise<void> {
  const ns = `progress-${Date.now().toString(36)}`;
  const dir = await mkdtemp(join(tmpdir(), "progress-"));
  const run = async (...args: string[]) => {
    const res = await kubectl(...args, "-n", ns);
    expect(res.code, `${args.join(" ")}: ${res.stderr}`).toBe(0);
    return res.stdout;
  };
  const get = async <T = Obj>(...args: string[]) => JSON.parse(await run("get", ...args, "-o", "json")) as T;
  const sets = async (app: string) => (await get<{ items: Obj[] }>("rs", "-l", `app=${app}`)).items;
  const create = async (obj: Record<string, unknown>) => {
    const file = join(dir, "object.json");
    await writeFile(file, JSON.stringify(obj));
    await run("create", "-f", file);
  };
  const condition = (d: Obj, type: string) => d.status?.conditions?.find((c) => c.type === type);
  expect((await kubectl("create", "namespace", ns)).code).toBe(0);
  try {
    await podsAllowed(ns);
    // Cases 1 and 2 run side by side: the first's pod is ready, not yet available; the second is still in its deadline.
    await create(deployment("slow", { minReadySeconds: 3 }));
    await create(deployment("stuck", { progressDeadlineSeconds: 2 }, { nodeSelector: { "no-such-label": "true" } }));
    // Case 3's Deployment rolls out meanwhile, its deadline long past when its pod crashes.
    await create(deployment("crash", { progressDeadlineSeconds: 1 }));

    // 1. minReadySeconds: 3. Ready, yet not available for 3 s; then available, the rollout complete.
    const slowView = async () => {
      const d = await get("deployment", "slow");
      const [rs] = await sets("slow");
      const { conditions: c, ...status } = d.status ?? {};
      return { deployment: { ...status, conditions: bare(c) } as Record<string, unknown>, replicaSet: { minReadySeconds: (rs?.spec as { minReadySeconds?: number }).minReadySeconds, ...rs?.status }, d, rs };
    };
    const rsName = async () => (await sets("slow"))[0]?.metadata.name ?? "";
    await vi.waitFor(async () => {
      const { deployment: seen, replicaSet } = await slowView();
      expect({ deployment: seen, replicaSet }).toEqual({
        deployment: {
          observedGeneration: 1,
          readyReplicas: 1,
          replicas: 1,
          unavailableReplicas: 1,
          updatedReplicas: 1,
          conditions: [
            { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
            { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${await rsName()}" is progressing.` },
          ],
        },
        replicaSet: { minReadySeconds: 3, fullyLabeledReplicas: 1, observedGeneration: 1, readyReplicas: 1, replicas: 1 },
      });
    }, TIMING);
    // 2. The pod cannot be scheduled: no progress for 2 s, then the rollout has timed out (and stays so).
    let stuck = await get("deployment", "stuck");
    await vi.waitFor(async () => {
      stuck = await get("deployment", "stuck");
      expect(condition(stuck, "Progressing")?.reason).toBe("ProgressDeadlineExceeded");
    }, TIMING);
    const [stuckRS] = await sets("stuck");
    const { conditions, ...counters } = stuck.status ?? {};
    expect({ counters, conditions: bare(conditions) }).toEqual({
      counters: { observedGeneration: 1, replicas: 1, unavailableReplicas: 1, updatedReplicas: 1 },
      conditions: [
        { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
        { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${stuckRS?.metadata.name}" has timed out progressing.` },
      ],
    });
    const timedOut = condition(stuck, "Progressing");
    expect(timedOut?.lastTransitionTime).toBe(timedOut?.lastUpdateTime);
    // Not before the deadline: 2 s after the last progress (the ReplicaSet's pod made), itself not before the Deployment.
    expect(seconds(stuck.metadata.creationTimestamp, timedOut?.lastUpdateTime ?? "")).toBeGreaterThanOrEqual(2);

    // 1, continued.
    let done = await slowView();
    await vi.waitFor(async () => {
      done = await slowView();
      expect(done.deployment.availableReplicas).toBe(1);
    }, TIMING);
    expect({ deployment: done.deployment, replicaSet: done.replicaSet }).toEqual({
      deployment: {
        availableReplicas: 1,
        observedGeneration: 1,
        readyReplicas: 1,
        replicas: 1,
        updatedReplicas: 1,
        conditions: [
          { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." },
          { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${done.rs?.metadata.name}" has successfully progressed.` },
        ],
      },
      replicaSet: { minReadySeconds: 3, availableReplicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1, readyReplicas: 1, replicas: 1 },
    });
    const [pod] = (await get<{ items: { status: { conditions: Condition[] } }[] }>("pods", "-l", "app=slow")).items;
    const ready = pod?.status.conditions.find((c) => c.type === "Ready");
    const available = condition(done.d, "Available");
    const progressed = condition(done.d, "Progressing");
    expect(seconds(ready?.lastTransitionTime ?? "", available?.lastTransitionTime ?? "")).toBeGreaterThanOrEqual(3);
    // Progressing stayed True from the start: only its update time moved.
    expect(progressed?.lastUpdateTime).toBe(available?.lastTransitionTime);
    expect(seconds(progressed?.lastTransitionTime ?? "", progressed?.lastUpdateTime ?? "")).toBeGreaterThanOrEqual(3);

    // 3. A finished rollout whose pod then crashes: not available, but the rollout stays done (no deadline applies).
    // Waited for: under load its 1 s deadline may pass before its pod is available, and it is done only after that.
    let crashed = await get("deployment", "crash");
    await vi.waitFor(async () => {
      crashed = await get("deployment", "crash");
      expect(bare(crashed.status?.conditions).map((c) => c.reason)).toEqual(["MinimumReplicasAvailable", "NewReplicaSetAvailable"]);
    }, TIMING);
    // The crash comes at least 2 whole seconds after the rollout was done, well past its 1 s deadline.
    const doneAt = Date.parse(condition(crashed, "Progressing")?.lastUpdateTime ?? "");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, doneAt + 2_100 - Date.now())));
    await crash(ns, "crash");
    let after = crashed;
    await vi.waitFor(async () => {
      after = await get("deployment", "crash");
      expect(after.status?.readyReplicas).toBeUndefined();
    }, TIMING);
    const { conditions: crashConditions, ...crashCounters } = after.status ?? {};
    expect({ counters: crashCounters, conditions: bare(crashConditions) }).toEqual({
      counters: { observedGeneration: 1, replicas: 1, unavailableReplicas: 1, updatedReplicas: 1 },
      conditions: [
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${(await sets("crash"))[0]?.metadata.name}" has successfully progressed.` },
        { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
      ],
    });
    // Whole seconds: 2 apart is more than the 1 s deadline.
    expect(seconds(condition(crashed, "Progressing")?.lastUpdateTime ?? "", condition(after, "Available")?.lastTransitionTime ?? "")).toBeGreaterThanOrEqual(2);

    // 4. Scaled from 4 to 8 while its new pods cannot schedule: old 3 + new 2 become 6 + 4 (max 5 before, 10 after).
    await run("create", "deployment", "prop", "--image=nginx:1.27", "--replicas=4");
    await vi.waitFor(async () => expect((await get("deployment", "prop")).status?.availableReplicas).toBe(4), TIMING);
    await run("patch", "deployment", "prop", "--type=merge", '-p={"spec":{"template":{"spec":{"nodeSelector":{"no-such-label":"true"}}}}}');
    const split = async () => {
      const all = await sets("prop");
      const revision = (rs: Obj) => Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"]);
      return all.sort((a, b) => revision(a) - revision(b)).map((rs) => ({ annotations: rs.metadata.annotations, replicas: rs.spec.replicas, available: rs.status?.availableReplicas ?? 0 }));
    };
    const annotations = (desired: number, max: number, revision: number) => ({ "deployment.kubernetes.io/desired-replicas": String(desired), "deployment.kubernetes.io/max-replicas": String(max), "deployment.kubernetes.io/revision": String(revision) });
    await vi.waitFor(async () => {
      expect(await split()).toEqual([
        { annotations: annotations(4, 5, 1), replicas: 3, available: 3 },
        { annotations: annotations(4, 5, 2), replicas: 2, available: 0 },
      ]);
    }, TIMING);
    await run("scale", "deployment", "prop", "--replicas=8");
    await vi.waitFor(async () => {
      expect(await split()).toEqual([
        { annotations: annotations(8, 10, 1), replicas: 6, available: 6 },
        { annotations: annotations(8, 10, 2), replicas: 4, available: 0 },
      ]);
    }, TIMING);
    const [oldRS, newRS] = (await sets("prop")).sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || Number(a.metadata.annotations?.["deployment.kubernetes.io/revision"]) - Number(b.metadata.annotations?.["deployment.kubernetes.io/revision"]));
    // The Deployment's status sums its ReplicaSets' status, so it follows their specs once their controller has made
    // the pods: waited for, as a client would, not read at once.
    await vi.waitFor(async () => {
      const { conditions: propConditions, ...propCounters } = (await get("deployment", "prop")).status ?? {};
      expect({ counters: propCounters, conditions: bare(propConditions) }).toEqual({
        counters: { availableReplicas: 6, observedGeneration: 3, readyReplicas: 6, replicas: 10, unavailableReplicas: 4, updatedReplicas: 4 },
        conditions: [
          { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." },
          { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${newRS?.metadata.name}" is progressing.` },
        ],
      });
    }, TIMING);
    // One proportional step each (3 to 6, 2 to 4), as ScalingReplicaSet Events on the Deployment (recorded
    // asynchronously by the controller's event broadcaster, so waited for too).
    await vi.waitFor(async () => {
      const events = await get<{ items: { reason: string; message: string }[] }>("events", "--field-selector", "involvedObject.kind=Deployment,involvedObject.name=prop");
      const scaled = events.items.filter((e) => e.reason === "ScalingReplicaSet").map((e) => e.message.replace(oldRS?.metadata.name ?? T, "<old>").replace(newRS?.metadata.name ?? T, "<new>"));
      expect(scaled.sort()).toEqual([
        "Scaled down replica set <old> from 4 to 3",
        "Scaled up replica set <new> from 0 to 1",
        "Scaled up replica set <new> from 1 to 2",
        "Scaled up replica set <new> from 2 to 4",
        "Scaled up replica set <old> from 0 to 4",
        "Scaled up replica set <old> from 3 to 6",
      ]);
    }, TIMING);
    // Each written by kube-controller-manager: its managedFields name it and the fields a core/v1 recorder sets.
    type Entry = { manager: string; operation: string; apiVersion: string; fieldsV1: Record<string, unknown> };
    const shown = await get<{ items: { reason: string; metadata: { managedFields?: Entry[] } }[] }>("events", "--field-selector", "involvedObject.kind=Deployment,involvedObject.name=prop", "--show-managed-fields");
    const recorded = shown.items.filter((e) => e.reason === "ScalingReplicaSet").flatMap((e) => (e.metadata.managedFields ?? []).map(({ manager, operation, apiVersion, fieldsV1 }) => ({ manager, operation, apiVersion, fieldsV1 })));
    const leaf = {};
    const byController = { manager: "kube-controller-manager", operation: "Update", apiVersion: "v1", fieldsV1: { "f:count": leaf, "f:firstTimestamp": leaf, "f:involvedObject": leaf, "f:lastTimestamp": leaf, "f:message": leaf, "f:reason": leaf, "f:reportingComponent": leaf, "f:source": { "f:component": leaf }, "f:type": leaf } };
    expect(recorded).toEqual(recorded.map(() => byController));
    expect(recorded.length).toBeGreaterThanOrEqual(6);
  } finally {
    await kubectl("delete", "namespace", ns, "--wait=false");
    await rm(dir, { recursive: true, force: true });
  }
}
