import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { KubeObject } from "../types.ts";
import { deploymentStatus, recheckAfter } from "./deployment-status.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

function deployment(status: Record<string, unknown>, deadline = 600): KubeObject {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", generation: 2 }, spec: { replicas: 1, progressDeadlineSeconds: deadline }, status };
}

function replicaSet(status: Record<string, unknown>): KubeObject {
  return { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-abc" }, spec: { replicas: 1 }, status };
}

const progressing = (reason: string, status: string, updated: number, changed: number) => ({ type: "Progressing", status, lastUpdateTime: at(updated), lastTransitionTime: at(changed), reason, message: "…" });
const fence = { want: 1, unavailable: 0 };

describe("deploymentStatus", () => {
  beforeEach(() => void vi.useFakeTimers({ now: NOW }));
  afterEach(() => void vi.useRealTimers());

  it("times a rollout out once its last progress is older than progressDeadlineSeconds", () => {
    const before = [progressing("ReplicaSetUpdated", "True", 11, 11)];
    const d = deployment({ replicas: 1, updatedReplicas: 1, conditions: before }, 10);
    const rs = replicaSet({ replicas: 1 });
    expect(deploymentStatus(d, rs, [rs], before, fence, true).conditions).toEqual([
      { type: "Available", status: "False", lastUpdateTime: at(0), lastTransitionTime: at(0), reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
      { type: "Progressing", status: "False", lastUpdateTime: at(0), lastTransitionTime: at(0), reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "web-abc" has timed out progressing.' },
    ]);
    // Within the deadline nothing changes, and the controller looks again a second after it.
    const early = deployment({ replicas: 1, updatedReplicas: 1, conditions: before }, 20);
    expect(deploymentStatus(early, rs, [rs], before, fence, true).conditions).toContainEqual(before[0]);
    expect(recheckAfter(early, {}, 1)).toBe(10_000);
  });

  it("renews lastUpdateTime (not lastTransitionTime) on progress, and leaves a finished rollout's Progressing alone", () => {
    const before = [progressing("ReplicaSetUpdated", "True", 30, 40)];
    const ready = replicaSet({ replicas: 1, readyReplicas: 1 });
    const renewed = deploymentStatus(deployment({ replicas: 1, updatedReplicas: 1, conditions: before }), ready, [ready], before, fence, true);
    expect(renewed.conditions).toContainEqual({ ...progressing("ReplicaSetUpdated", "True", 0, 40), message: 'ReplicaSet "web-abc" is progressing.' });
    // A crash after the rollout finished: not available, still NewReplicaSetAvailable, whatever the deadline.
    const done = [progressing("NewReplicaSetAvailable", "True", 3600, 3600)];
    const crashed = replicaSet({ replicas: 1 });
    const status = deploymentStatus(deployment({ replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, conditions: done }, 10), crashed, [crashed], done, fence, true);
    expect(status.conditions).toEqual([done[0], expect.objectContaining({ type: "Available", status: "False" })]);
    expect(status).toMatchObject({ replicas: 1, updatedReplicas: 1, unavailableReplicas: 1 });
  });
});
