// How kube-controller-manager v1.34.4 reports a paused and a resumed Deployment, as a watch sees it (found on the real
// control plane first): checkPausedConditions writes the Progressing condition on its own (DeploymentPaused, or
// DeploymentResumed), before the rest of the sync, so the first status a new paused Deployment shows holds that
// condition and nothing else; the full status (observedGeneration, counts) follows. Called from wire-null-cases.ts, so it
// runs on the real control plane and the simulator.
import { expect } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
interface WatchEvent {
  type: string;
  object: { metadata: { resourceVersion: string; generation?: number }; status?: Obj };
}

const progressing = (reason: string, message: string) => ({
  type: "Progressing",
  status: "Unknown",
  reason,
  message,
  lastUpdateTime: expect.any(String) as unknown,
  lastTransitionTime: expect.any(String) as unknown,
});

export async function checkPausedDeployment(target: WireTarget, ns: string): Promise<void> {
  const path = `/apis/apps/v1/namespaces/${ns}/deployments`;
  const labels = { app: "paused" };
  const body = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "paused" },
    spec: { paused: true, replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "busybox" }] } } },
  };
  const created = await target.send("POST", path, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const since = (created.body.metadata as { resourceVersion: string }).resourceVersion;
  const watch = async (from: string) =>
    (await target.watch(`${path}?watch=1&resourceVersion=${from}&timeoutSeconds=3&fieldSelector=${encodeURIComponent("metadata.name=paused")}`)) as WatchEvent[];

  // Paused at birth: the condition alone, then the status of a sync that made no ReplicaSet (so nothing is available).
  const first = (await watch(since)).filter((e) => e.type === "MODIFIED");
  expect(first.length, "status writes").toBeGreaterThanOrEqual(2);
  expect(first[0]?.object.status, "the first status write").toEqual({ conditions: [progressing("DeploymentPaused", "Deployment is paused")] });
  expect(first.at(-1)?.object.status).toEqual({
    observedGeneration: 1,
    conditions: [
      progressing("DeploymentPaused", "Deployment is paused"),
      { ...progressing("MinimumReplicasUnavailable", "Deployment does not have minimum availability."), type: "Available", status: "False" },
    ],
  });

  // Resumed: the spec change, then the resumed condition alone (the status is still generation 1's), then the rollout.
  const resumed = await target.send("PATCH", `${path}/paused`, { spec: { paused: false } });
  expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
  const then = (await watch(first.at(-1)?.object.metadata.resourceVersion ?? since)).filter((e) => e.type === "MODIFIED");
  expect(then[0]?.object.metadata.generation).toBe(2);
  // The condition set again moves to the end of the list; Unknown before and after, it keeps its transition time.
  const [paused, available] = (first.at(-1)?.object.status?.conditions ?? []) as Obj[];
  expect(then[1]?.object.status, "the first status write after the resume").toEqual({
    observedGeneration: 1,
    conditions: [available, { ...progressing("DeploymentResumed", "Deployment is resumed"), lastTransitionTime: paused?.lastTransitionTime }],
  });
  expect(then.at(-1)?.object.status).toMatchObject({ observedGeneration: 2 });
  await target.send("DELETE", `${path}/paused`);
}
